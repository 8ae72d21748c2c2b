/// A chat as GetChat shows it: a copy, safe to keep.
public struct ChatSnapshot: Hashable, Sendable {
    public var id: ChatID
    public var state: ChatState
    public var participants: [Participant]
    public var customerNickname: String
    public var subject: String
    public var userData: [String: String]

    public var capabilities: [ChatOperation] { state.capabilities }
}
