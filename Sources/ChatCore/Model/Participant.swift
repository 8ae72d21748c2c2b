/// Someone in a chat: the customer, the system participant, or the agent.
public struct Participant: Hashable, Sendable {
    /// The participant's role, spelled as GWS spells it.
    public enum Kind: String, Sendable, CaseIterable {
        case customer = "Customer"
        case external = "External"
        case agent = "Agent"
    }

    /// `"1"` for the customer, `"2"` for the system participant, `"3"` for the agent.
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
