import Foundation
import ChatCore
package import LineFormat

/// A scripted agent: the lines it says, in order, each step optionally guarded by what the
/// customer must have said, and what to do when the customer goes off script.
package struct ReplayScript: Sendable {
    package var agentNickname: String
    /// Said when the agent joins.
    package var greeting: [ReplayAction] = []
    /// One step per customer message, in order.
    package var steps: [ReplayStep] = []
    package var offScript: OffScriptPolicy = .say(OffScriptPolicy.defaultLine, origin: nil)

    package init(agentNickname: String = ReplayScript.defaultAgentNickname) {
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
    package init(
        agentNickname: String = ReplayScript.defaultAgentNickname, greeting: [ReplayAction] = [], steps: [ReplayStep],
        offScript: OffScriptPolicy = .say(OffScriptPolicy.defaultLine, origin: nil)
    ) {
        self.agentNickname = agentNickname
        self.greeting = greeting
        self.steps = steps
        self.offScript = offScript
    }

    /// Parses `.replay` text; `file` names it in diagnostics and origins, and `from` recordings
    /// are read relative to its folder.
    /// - Throws: ``SourceDiagnostics`` with every problem, `file:line:column` each.
    package init(parsing text: String, file: String = "inline.replay") throws(SourceDiagnostics) {
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

    package static let defaultAgentNickname = "Agent"
}

/// The agent's answer to one customer message.
package struct ReplayStep: Sendable {
    /// What the customer's message must be for this step to answer it; `nil` answers anything.
    package var guardPattern: (any ReplayGuard)?
    package var actions: [ReplayAction]
    /// Where the step is written (`file:line`), for traces.
    package var origin: String

    /// A step that answers a message `guardPattern` admits (any message when `nil`).
    package init(guardPattern: (any ReplayGuard)? = nil, actions: [ReplayAction], origin: String = "code") {
        self.guardPattern = guardPattern
        self.actions = actions
        self.origin = origin
    }
}

/// One thing the scripted agent does.
package struct ReplayAction: Sendable, Hashable {
    package enum Kind: Sendable, Hashable {
        case say(String)
        /// Shows typing for this long, then stops typing.
        case typing(Duration)
        /// Waits this long before the next action.
        case delay(Duration)
        /// Leaves the chat (it becomes `Idle`).
        case leave
    }

    package var kind: Kind
    /// Where it is written (`file:line`) or recorded (`file#index`); stored with the message.
    package var origin: String

    package init(kind: Kind, origin: String = "code") {
        self.kind = kind
        self.origin = origin
    }

    package static func say(_ text: String, origin: String = "code") -> ReplayAction { ReplayAction(kind: .say(text), origin: origin) }
    package static func typing(_ duration: Duration, origin: String = "code") -> ReplayAction { ReplayAction(kind: .typing(duration), origin: origin) }
    package static func delay(_ duration: Duration, origin: String = "code") -> ReplayAction { ReplayAction(kind: .delay(duration), origin: origin) }
    package static let leave = ReplayAction(kind: .leave, origin: "code")
}

/// What the agent does when the customer's message does not pass the next step's guard.
package enum OffScriptPolicy: Sendable, Hashable {
    /// Says this line (and logs the miss in the trace), then waits at the same step.
    case say(String, origin: String?)
    /// Jumps to the first later step that the message passes, and answers with it.
    case skipAhead
    /// Says the line if there is one, then leaves the chat.
    case end(String?, origin: String?)

    package static let defaultLine = "Sorry, I did not follow. Could you put it another way?"
}

/// A condition on the customer's message.
package protocol ReplayGuard: Sendable {
    /// How it is written, for traces.
    var description: String { get }
    func admits(_ text: String) -> Bool
}

/// The customer's recorded line: the message must be the same text (trimmed; letter case
/// ignored when `caseless`).
package struct RecordedLineGuard: ReplayGuard {
    package let line: String
    package let caseless: Bool

    package init(line: String, caseless: Bool) {
        self.line = line
        self.caseless = caseless
    }

    package var description: String { "the recorded line \"\(line)\"" }

    package func admits(_ text: String) -> Bool {
        let text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let line = line.trimmingCharacters(in: .whitespacesAndNewlines)
        return caseless ? text.lowercased() == line.lowercased() : text == line
    }
}
