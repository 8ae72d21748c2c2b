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
        case .waitingForAgent, .chatting: ChatOperation.gws
        case .idle: []
        }
    }

    /// Whether a customer operation is valid in this state: every known one (GWS's and GMS's)
    /// until the chat is `Idle`, none after.
    package func permits(_ operation: ChatOperation) -> Bool { self != .idle && ChatOperation.known.contains(operation) }

    /// The state after the agent joins; only a waiting chat changes.
    func afterAgentJoined() -> ChatState { self == .waitingForAgent ? .chatting : self }

    /// The state after the customer completes or the agent leaves: always `Idle`.
    func afterEnd() -> ChatState { .idle }
}

/// A customer operation that changes a chat, spelled as the GWS API spells it (`operationName`).
///
/// A struct with a name rather than an enum, so that operations can be added without breaking
/// code written elsewhere: switch over it with a `default:` case.
public struct ChatOperation: Hashable, Sendable, CustomStringConvertible {
    /// The operation's name on the wire (`"SendMessage"`, ...).
    public let name: String
    public init(_ name: String) { self.name = name }

    public static let sendMessage = ChatOperation("SendMessage")
    public static let sendStartTypingNotification = ChatOperation("SendStartTypingNotification")
    public static let sendStopTypingNotification = ChatOperation("SendStopTypingNotification")
    public static let complete = ChatOperation("Complete")

    /// The customer sends a notice (GMS `customNotice`): ``ChatHost/customNotice(_:in:)``.
    public static let customNotice = ChatOperation("CustomNotice")
    /// The customer pushes a page's URL (GMS `pushUrl`): ``ChatHost/pushURL(_:in:)``.
    public static let pushURL = ChatOperation("PushUrl")
    /// The customer changes nickname (GMS `updateNickname`): ``ChatHost/updateNickname(_:in:)``.
    public static let updateNickname = ChatOperation("UpdateNickname")
    /// The customer changes the chat's user data (GMS `updateData`): ``ChatHost/updateData(_:in:)``.
    public static let updateData = ChatOperation("UpdateData")

    /// The operations of the GWS API, in the order GWS lists them in a chat's `capabilities`.
    package static let gws: [ChatOperation] = [.sendMessage, .sendStartTypingNotification, .sendStopTypingNotification, .complete]

    /// Every operation the core carries out: the GWS ones, then those only GMS offers.
    package static let known: [ChatOperation] = gws + [.customNotice, .pushURL, .updateNickname, .updateData]

    /// The known operation named `name` (as the wire spells it), if any.
    package static func named(_ name: String) -> ChatOperation? { known.first { $0.name == name } }

    public var description: String { name }
}
