/// The life cycle of a chat, as GWS names its states.
///
/// `WaitingForAgent` → (agent joins) → `Chatting` → (customer completes, or agent leaves) → `Idle`.
/// `Idle` is final: every operation is refused there.
public enum ChatState: String, Sendable, CaseIterable {
    case waitingForAgent = "WaitingForAgent"
    case chatting = "Chatting"
    case idle = "Idle"

    /// The customer operations valid in this state, in the order GWS lists them.
    public var capabilities: [ChatOperation] {
        switch self {
        case .waitingForAgent, .chatting: ChatOperation.allCases
        case .idle: []
        }
    }

    public func permits(_ operation: ChatOperation) -> Bool { capabilities.contains(operation) }

    /// The state after the agent joins; only a waiting chat changes.
    func afterAgentJoined() -> ChatState { self == .waitingForAgent ? .chatting : self }

    /// The state after the customer completes or the agent leaves: always `Idle`.
    func afterEnd() -> ChatState { .idle }
}

/// The customer operations of the GWS chat API that change a chat (its `capabilities`).
public enum ChatOperation: String, Sendable, CaseIterable {
    case sendMessage = "SendMessage"
    case sendStartTypingNotification = "SendStartTypingNotification"
    case sendStopTypingNotification = "SendStopTypingNotification"
    case complete = "Complete"
}
