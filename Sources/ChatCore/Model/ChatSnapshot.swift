/// A chat as GetChat shows it: a copy, safe to keep.
public struct ChatSnapshot: Hashable, Sendable {
    public var id: ChatID
    public var state: ChatState
    public var participants: [Participant]
    public var customerNickname: String
    public var subject: String
    public var userData: [String: String]
    /// The bot that answers by name: the one a transfer handed the chat to, else the one the chat
    /// chose (`userData.bot`); `nil`: the host's own responder.
    public var bot: String?
    /// Whether a person plays the agent (the agent console's take-over).
    public var isTakenOver: Bool
    /// Whether the bot handed the chat over (`=> handover`) and it waits for a person to take it.
    public var needsPerson: Bool = false

    public var capabilities: [ChatOperation] { state.capabilities }
}
