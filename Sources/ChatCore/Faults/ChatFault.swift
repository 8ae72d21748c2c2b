/// A misbehaviour of the agent side that a test asks for, so that a client's handling of it can be
/// tested: the emulator's fault endpoints (`/emulator/faults`), `serve --fault` and RequestChat's
/// reserved `userData` key all end here, through ``ChatHost/requestChat(nickname:subject:userData:faults:)``
/// for a new chat and ``ChatHost/inject(_:into:)`` for one that exists.
///
/// Faults live in memory: they are not journaled, so a restarted chat behaves normally again
/// (an agent that never joined stays away, since its join was never scheduled).
///
/// New kinds (the chat vocabulary's transfer to another agent, idle alert and idle close) are new
/// cases here, one branch in `ChatBehaviour.applyFault(_:in:)` and one row in the HTTP front's
/// fault table.
public enum ChatFault: Hashable, Sendable, CustomStringConvertible {
    /// RequestChat works but the agent never joins: the chat stays `WaitingForAgent`.
    case agentNeverJoins
    /// The agent leaves (and the chat ends) on the Nth customer message from now.
    case agentLeaves(afterCustomerMessages: Int)
    /// The bot stops answering: the agent stays in the chat and says nothing (a stuck agent).
    case botStopsAnswering
    /// The server ends the chat: the agent leaves and the chat is `Idle`.
    case chatEndedByServer
    /// The customer counts as idle at once (``IdleControl``): an `IdleAlert` now, then the chat
    /// is closed after ``IdleControl/closeAfter`` (Chat Server's 45 s when idle control is off)
    /// unless the customer does something first.
    case customerIdle
    /// The chat is transferred to `name` (``AgentAction/Kind/transfer(to:)``): a bot of that name,
    /// or a person the chat then waits for.
    case transfer(to: String)

    public var description: String {
        switch self {
        case .agentNeverJoins: "agent-never-joins"
        case .agentLeaves(let count): "agent-leaves after \(count) customer message\(count == 1 ? "" : "s")"
        case .botStopsAnswering: "bot-silent"
        case .chatEndedByServer: "end-chat"
        case .customerIdle: "idle"
        case .transfer(let name): "transfer to \(name)"
        }
    }
}

/// The faults in force in one chat (kept with its live state, not journaled).
struct ChatFaultState {
    var agentNeverJoins = false
    /// Customer messages still to come before the agent leaves.
    var agentLeavesIn: Int?
    var botSilent = false
}
