import Foundation
import ChatCore
public import LineFormat

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

    /// A script built in code: the greeting, the steps in order, and the off-script policy.
    ///
    /// ```swift
    /// let script = ReplayScript(agentNickname: "Sam", greeting: [.say("Hello!")], steps: [
    ///     ReplayStep(guardPattern: try PatternGuard("(?i)order"), actions: [.typing(.seconds(1)), .say("Which order?")]),
    ///     ReplayStep(actions: [.say("Goodbye!"), .leave]),
    /// ])
    /// ```
    public init(agentNickname: String = ReplayScript.defaultAgentNickname, greeting: [ReplayAction] = [], steps: [ReplayStep],
                offScript: OffScriptPolicy = .say(OffScriptPolicy.defaultLine, origin: nil)) {
        self.agentNickname = agentNickname
        self.greeting = greeting
        self.steps = steps
        self.offScript = offScript
    }

    /// Parses `.replay` text; `file` names it in diagnostics and origins, and `from` recordings
    /// are read relative to its folder.
    /// - Throws: ``SourceDiagnostics`` with every problem, `file:line:column` each.
    public init(parsing text: String, file: String = "inline.replay") throws(SourceDiagnostics) {
        let folder = (file as NSString).deletingLastPathComponent
        self = try ReplayScriptParser.parse(text, file: file) { recording, guards, origin throws(SourceDiagnostic) in
            let resolved = recording.hasPrefix("/") || folder.isEmpty ? recording : (folder as NSString).appendingPathComponent(recording)
            do throws(SourceDiagnostic) {
                return ReplayScript(recording: try RecordingReader.read(contentsOf: resolved), guards: guards, file: resolved)
            } catch {
                throw SourceDiagnostic(error.code, at: origin, "recording \(resolved): \(error.message)")
            }
        }
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

    /// A step that answers a message `guardPattern` admits (any message when `nil`).
    public init(guardPattern: (any ReplayGuard)? = nil, actions: [ReplayAction], origin: String = "code") {
        self.guardPattern = guardPattern
        self.actions = actions
        self.origin = origin
    }
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

    public init(kind: Kind, origin: String = "code") {
        self.kind = kind
        self.origin = origin
    }

    public static func say(_ text: String, origin: String = "code") -> ReplayAction { ReplayAction(kind: .say(text), origin: origin) }
    public static func typing(_ duration: Duration, origin: String = "code") -> ReplayAction { ReplayAction(kind: .typing(duration), origin: origin) }
    public static func delay(_ duration: Duration, origin: String = "code") -> ReplayAction { ReplayAction(kind: .delay(duration), origin: origin) }
    public static let leave = ReplayAction(kind: .leave, origin: "code")
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
