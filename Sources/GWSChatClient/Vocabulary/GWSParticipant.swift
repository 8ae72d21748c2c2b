/// Someone in a chat, as GWS shows them (the `from` of a message, an entry of GetChat's
/// `participants`): the customer, the system participant, an agent.
public struct GWSParticipant: Hashable, Sendable {
    /// A participant's role, spelled as GWS spells it (`type`).
    ///
    /// A struct with a name rather than an enum: a role this build does not know is kept by its
    /// name, never an error, so switch over it with a `default:` case.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        /// The role's name on the wire (`"Customer"`, `"Agent"`, ...).
        public let name: String
        public init(_ name: String) { self.name = name }

        public static let customer = Kind("Customer")
        /// The system participant.
        public static let external = Kind("External")
        public static let agent = Kind("Agent")
        /// A supervisor invited into the chat.
        public static let supervisor = Kind("Supervisor")

        /// The roles this build knows.
        public static let known: [Kind] = [.customer, .external, .agent, .supervisor]

        /// Whether this build knows the role (one of ``known``).
        public var isKnown: Bool { Self.known.contains(self) }

        public var description: String { name }
    }

    /// `participantId`: this emulator sends `"1"` for the customer, `"2"` for the system
    /// participant and `"3"` for the agent (agents who join later get the next numbers); a number
    /// on the wire (the original Node emulator's) is read as its digits.
    public var id: String
    public var nickname: String
    public var kind: Kind

    public init(id: String, nickname: String, kind: Kind) {
        self.id = id
        self.nickname = nickname
        self.kind = kind
    }
}
