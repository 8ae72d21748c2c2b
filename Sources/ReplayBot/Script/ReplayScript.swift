import Foundation
import ChatCore

/// A scripted agent: the lines it says, in order, each step optionally guarded by what the
/// customer must have said, and what to do when the customer goes off script.
public struct ReplayScript: Sendable {
    public var agentNickname: String
    /// Said when the agent joins.
    public var greeting: [ReplayAction] = []
    /// One step per customer message, in order.
    public var steps: [ReplayStep] = []
    public var offScript: OffScriptPolicy = .say(OffScriptPolicy.defaultLine, origin: nil)

    public init(agentNickname: String = ReplayScript.defaultAgentNickname) {
        self.agentNickname = agentNickname
    }

    public static let defaultAgentNickname = "Agent"
}

/// The agent's answer to one customer message.
public struct ReplayStep: Sendable {
    /// What the customer's message must be for this step to answer it; `nil` answers anything.
    public var guardPattern: (any ReplayGuard)?
    public var actions: [ReplayAction]
    /// Where the step is written (`file:line`), for traces.
    public var origin: String
}

/// One thing the scripted agent does.
public struct ReplayAction: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case say(String)
        /// Shows typing for this long, then stops typing.
        case typing(Duration)
        /// Waits this long before the next action.
        case delay(Duration)
        /// Leaves the chat (it becomes `Idle`).
        case leave
    }

    public var kind: Kind
    /// Where it is written (`file:line`) or recorded (`file#index`); stored with the message.
    public var origin: String
}

/// What the agent does when the customer's message does not pass the next step's guard.
public enum OffScriptPolicy: Sendable, Hashable {
    /// Says this line (and logs the miss in the trace), then waits at the same step.
    case say(String, origin: String?)
    /// Jumps to the first later step that the message passes, and answers with it.
    case skipAhead
    /// Says the line if there is one, then leaves the chat.
    case end(String?, origin: String?)

    public static let defaultLine = "Sorry, I did not follow. Could you put it another way?"
}

/// A condition on the customer's message.
public protocol ReplayGuard: Sendable {
    /// How it is written, for traces.
    var description: String { get }
    func admits(_ text: String) -> Bool
}

/// The customer's recorded line: the message must be the same text (trimmed; letter case
/// ignored when `caseless`).
public struct RecordedLineGuard: ReplayGuard {
    public let line: String
    public let caseless: Bool

    public init(line: String, caseless: Bool) {
        self.line = line
        self.caseless = caseless
    }

    public var description: String { "the recorded line \"\(line)\"" }

    public func admits(_ text: String) -> Bool {
        let text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let line = line.trimmingCharacters(in: .whitespacesAndNewlines)
        return caseless ? text.lowercased() == line.lowercased() : text == line
    }
}
