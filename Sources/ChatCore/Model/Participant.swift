/// Someone in a chat: the customer, the system participant, or the agent.
public struct Participant: Hashable, Sendable {
    /// The participant's role, spelled as GWS spells it.
    ///
    /// A struct with a name rather than an enum, so that roles can be added without breaking code
    /// written elsewhere: switch over it with a `default:` case. A participant read from a wire or
    /// a journal keeps any role it carries, known here or not.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        /// The role's name on the wire (`"Customer"`, `"Agent"`, ...).
        public let name: String
        public init(_ name: String) { self.name = name }

        public static let customer = Kind("Customer")
        /// The system participant.
        public static let external = Kind("External")
        public static let agent = Kind("Agent")
        /// A supervisor invited into the chat (GMS's `Supervisor`).
        public static let supervisor = Kind("Supervisor")

        /// The roles this package knows.
        package static let known: [Kind] = [.customer, .external, .agent, .supervisor]

        public var description: String { name }
    }

    /// `"1"` for the customer, `"2"` for the system participant, `"3"` for the agent; agents who
    /// join later (a transfer, an invitation) get the next numbers.
    public var id: String
    public var nickname: String
    public var kind: Kind

    public init(id: String, nickname: String, kind: Kind) {
        self.id = id
        self.nickname = nickname
        self.kind = kind
    }

    static let customerID = "1"
    static let systemID = "2"
    static let agentID = "3"

    static func customer(_ nickname: String) -> Participant { Participant(id: customerID, nickname: nickname, kind: .customer) }
    static let system = Participant(id: systemID, nickname: "system", kind: .external)
    static func agent(_ nickname: String) -> Participant { Participant(id: agentID, nickname: nickname, kind: .agent) }
}
