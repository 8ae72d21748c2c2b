import ChatCore
import Foundation
import LineFormat
import PCRE2

/// Reads `.replay` scripts.
///
/// The format reads like a `.rules` file: one `directive argument` per line; column-1 lines are
/// settings or block headers (`greeting`, `step`); the indented lines below a header are its
/// body; `#` starts a comment line.
struct ReplayScriptParser {
    /// Reads a recording named by `from`; injected so tests need no files.
    typealias LoadRecording = (_ path: String, _ guards: RecordingGuards, _ origin: SourceLocation) throws(SourceDiagnostic) -> ReplayScript

    private let file: String
    private let loadRecording: LoadRecording
    private var script = ReplayScript()
    private var nicknameSet = false
    private var errors: [SourceDiagnostic] = []
    private var block: Block?
    private var recording: (path: String, location: SourceLocation)?
    private var guards = RecordingGuards.off
    /// `flags case-sensitive`: `when` patterns compare letter case (they ignore it by default).
    private var caseSensitive = false
    private var sawWhen = false

    private enum BlockKind { case greeting, step }
    private struct Block {
        var kind: BlockKind
        var line: Int
        var guardPattern: (any ReplayGuard)?
        var actions: [ReplayAction] = []
    }

    init(file: String, loadRecording: @escaping LoadRecording) {
        self.file = file
        self.loadRecording = loadRecording
    }

    /// Parses `text`; every problem is reported, the first one thrown with the rest after it.
    static func parse(_ text: String, file: String, loadRecording: @escaping LoadRecording) throws(SourceDiagnostics) -> ReplayScript {
        var parser = ReplayScriptParser(file: file, loadRecording: loadRecording)
        for line in LineReader.directiveLines(in: text, file: file) {
            if line.isIndented { parser.bodyLine(line) } else { parser.headerLine(line) }
        }
        return try parser.finish()
    }

    // MARK: Column 1

    private mutating func headerLine(_ line: DirectiveLine) {
        finishBlock()
        switch line.directive {
        case "greeting", "step":
            if !line.argument.isEmpty {
                error(.invalidValue, at: line.argumentLocation, "`\(line.directive)` takes nothing after it; put its lines below it, indented")
            }
            block = Block(kind: line.directive == "greeting" ? .greeting : .step, line: line.location.line)
        case "agent":
            guard !line.argument.isEmpty else { return error(.invalidValue, at: line.location, "agent needs a nickname, such as `agent Sam`") }
            script.agentNickname = line.argument
            nicknameSet = true
        case "off-script":
            parseOffScript(line)
        case "from":
            guard !line.argument.isEmpty else { return error(.invalidValue, at: line.location, "from needs a recording, such as `from chats/0b1c....jsonl` or `from transcript.json`") }
            recording = (line.argument, line.argumentLocation)
        case "flags":
            guard line.argument == "case-sensitive" || line.argument == "caseless" else {
                return error(.invalidValue, at: line.argumentLocation, "flags must be `case-sensitive` or `caseless` (the default: `when` ignores letter case), not `\(line.argument)`")
            }
            guard !sawWhen else { return error(.misplacedDirective, at: line.location, "flags go before the first step's `when`; move this line up") }
            caseSensitive = line.argument == "case-sensitive"
        case "guards":
            guard let value = RecordingGuards(rawValue: line.argument) else {
                return error(.invalidValue, at: line.argumentLocation, "guards must be exact, caseless or off, not `\(line.argument)`")
            }
            guards = value
        default:
            error(.unknownDirective, at: line.location, "unknown line `\(line.directive)`; in column 1 use agent, flags, off-script, from, guards, greeting or step (indent the lines of a greeting or step)")
        }
    }

    private mutating func parseOffScript(_ line: DirectiveLine) {
        let origin = line.location.fileAndLine
        let words = line.argument.split(separator: " ", maxSplits: 1).map(String.init)
        switch words.first {
        case "say":
            guard words.count == 2 else { return error(.invalidValue, at: line.argumentLocation, "`off-script say` needs the line to say, such as `off-script say Sorry, could you rephrase?`") }
            script.offScript = .say(words[1], origin: origin)
        case "skip":
            guard words.count == 1 else { return error(.invalidValue, at: line.argumentLocation, "`off-script skip` takes nothing after it") }
            script.offScript = .skipAhead
        case "end":
            script.offScript = .end(words.count == 2 ? words[1] : nil, origin: origin)
        default:
            error(.invalidValue, at: line.argumentLocation, "off-script must be `say TEXT`, `skip` or `end [TEXT]`")
        }
    }

    // MARK: Indented

    private mutating func bodyLine(_ line: DirectiveLine) {
        guard block != nil else {
            return error(.misplacedDirective, at: line.location, "indented line outside a block; start a block with `greeting` or `step` in column 1, or remove the indentation")
        }
        let origin = line.location.fileAndLine
        switch line.directive {
        case "when":
            guard block?.kind == .step else { return error(.misplacedDirective, at: line.location, "`when` guards a step; a greeting answers no message") }
            guard block?.guardPattern == nil else { return error(.misplacedDirective, at: line.location, "a step has one `when`; combine the patterns with `|`") }
            guard !line.argument.isEmpty else { return error(.invalidValue, at: line.location, "when needs a regular expression, such as `when (?i)\\border\\b`") }
            do {
                sawWhen = true
                block?.guardPattern = try PatternGuard(line.argument, caseSensitive: caseSensitive)
            } catch {
                self.error(.pattern, at: line.argumentLocation.movedRight(by: error.characterOffset), "\(error.message); fix the regular expression")
            }
        case "say":
            guard !line.argument.isEmpty else { return error(.invalidValue, at: line.location, "say needs a text, such as `say Hello!`") }
            block?.actions.append(ReplayAction(kind: .say(line.argument), origin: origin))
        case "typing", "delay":
            guard let duration = DurationGrammar.duration(line.argument) else {
                return error(.invalidValue, at: line.argumentLocation, "\(line.directive) needs a duration (\(DurationGrammar.examples)), not `\(line.argument)`")
            }
            block?.actions.append(ReplayAction(kind: line.directive == "typing" ? .typing(duration) : .delay(duration), origin: origin))
        case "leave":
            block?.actions.append(ReplayAction(kind: .leave, origin: origin))
        default:
            error(.unknownDirective, at: line.location, "unknown line `\(line.directive)` in a \(block?.kind == .greeting ? "greeting" : "step"); use when, say, typing, delay or leave")
        }
    }

    private mutating func finishBlock() {
        guard let finished = block else { return }
        block = nil
        switch finished.kind {
        case .greeting: script.greeting += finished.actions
        case .step: script.steps.append(ReplayStep(guardPattern: finished.guardPattern, actions: finished.actions, origin: "\(file):\(finished.line)"))
        }
    }

    private mutating func finish() throws(SourceDiagnostics) -> ReplayScript {
        finishBlock()
        if let recording, errors.isEmpty {
            do {
                let recorded = try loadRecording(recording.path, guards, recording.location)
                if !nicknameSet { script.agentNickname = recorded.agentNickname }
                script.greeting += recorded.greeting
                script.steps += recorded.steps
            } catch {
                errors.append(error)
            }
        }
        if errors.isEmpty, script.greeting.isEmpty, script.steps.isEmpty {
            errors.append(SourceDiagnostic(.invalidValue, at: SourceLocation(file: file, line: 1), "the script has nothing to say; add a `step` with a `say` line, or `from RECORDING`"))
        }
        guard errors.isEmpty else { throw SourceDiagnostics(errors) }
        return script
    }

    private mutating func error(_ code: SourceDiagnostic.Code, at location: SourceLocation, _ message: String) {
        errors.append(SourceDiagnostic(code, at: location, message))
    }
}

/// Whether a recording's customer lines guard the agent's answers.
package enum RecordingGuards: String, Sendable {
    /// The customer must say the recorded line exactly (trimmed).
    case exact
    /// The same, ignoring letter case.
    case caseless
    /// Any message gets the next recorded answer.
    case off
}
