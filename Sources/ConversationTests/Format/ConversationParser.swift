import ChatCore
import Foundation
import LineFormat

/// Turns `.convo` text into a ``ConversationFile``, reporting every problem with its
/// `file:line:column`.
///
/// The format reads like a `.rules` file: one `directive argument` per line; a line in column 1
/// is a file setting or a `test NAME` header; the indented lines below a header are that test's
/// settings and steps; `#` starts a comment line.
public struct ConversationParser {
    private let path: String
    private var errors: [SourceDiagnostic] = []
    private var fileSettings = ConversationSettings()
    private var bot: (name: String, location: ConversationLocation)?
    private var tests: [ConversationTest] = []
    private var current: ConversationTest?

    private init(path: String) {
        self.path = path
    }

    /// Parses the file at `path`.
    public static func parse(contentsOf path: String) -> Result<ConversationFile, SourceDiagnostics> {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            let error = SourceDiagnostic(.unreadable, at: ConversationLocation(file: path, line: 1), "cannot read the file as UTF-8 text; check that it exists and is readable")
            return .failure(SourceDiagnostics([error]))
        }
        return parse(text: text, path: path)
    }

    /// Parses `text`; `path` names it in errors and locations.
    public static func parse(text: String, path: String) -> Result<ConversationFile, SourceDiagnostics> {
        var parser = ConversationParser(path: path)
        for line in LineReader.directiveLines(in: text, file: path) { parser.handle(line) }
        return parser.finish()
    }

    private mutating func handle(_ line: DirectiveLine) {
        if !line.isIndented {
            finishTest()
            if line.directive == "test" {
                startTest(line)
            } else if Self.settingDirectives.contains(line.directive) || line.directive == "bot" {
                guard tests.isEmpty else {
                    return error(.misplacedDirective, at: line.location, "file settings go before the first test; to change `\(line.directive)` for one test, indent it inside that test")
                }
                if line.directive == "bot" {
                    parseBot(line)
                } else {
                    var settings = fileSettings
                    parseSetting(line, into: &settings)
                    fileSettings = settings
                }
            } else {
                error(.unknownDirective, at: line.location, "unknown line `\(line.directive)`; in column 1 use bot, seed, nickname, subject, userdata, timeout, join-delay, reply-delay, system-messages or `test NAME` (indent the steps of a test)")
            }
            return
        }
        guard current != nil else {
            return error(.misplacedDirective, at: line.location, "indented line outside a test; start a test with `test NAME` in column 1, or remove the indentation")
        }
        if Self.settingDirectives.contains(line.directive) {
            guard current?.steps.isEmpty == true else {
                return error(.misplacedDirective, at: line.location, "a test's settings go before its first step; move `\(line.directive)` up")
            }
            var settings = current?.settings ?? fileSettings
            parseSetting(line, into: &settings)
            current?.settings = settings
            return
        }
        if let step = parseStep(line) { current?.steps.append(step) }
    }

    // MARK: Settings

    private static let settingDirectives: Set = ["seed", "nickname", "subject", "userdata", "timeout", "join-delay", "reply-delay", "system-messages"]

    private mutating func parseBot(_ line: DirectiveLine) {
        guard !line.argument.isEmpty else {
            return error(.missingValue, at: line.location, "bot needs a name, such as `bot last-character`, `bot support` (Bots/support.rules) or `bot replay:session.replay`")
        }
        if let earlier = bot {
            return error(.misplacedDirective, at: line.location, "the bot is already named at line \(earlier.location.line); a file tests one bot")
        }
        bot = (line.argument, line.argumentLocation)
    }

    private mutating func parseSetting(_ line: DirectiveLine, into settings: inout ConversationSettings) {
        let value = line.argument
        guard !value.isEmpty else {
            return error(.missingValue, at: line.location, "`\(line.directive)` needs a value, such as `\(Self.settingExamples[line.directive] ?? line.directive)`")
        }
        switch line.directive {
        case "seed":
            guard let seed = UInt64(value) else {
                return error(.invalidValue, at: line.argumentLocation, "seed must be a whole number from 0 to \(UInt64.max), not `\(value)`")
            }
            settings.seed = seed
        case "nickname": settings.nickname = value
        case "subject": settings.subject = value
        case "userdata":
            guard let equals = value.firstIndex(of: "="),
                  case let key = value[..<equals].trimmingCharacters(in: .whitespaces), !key.isEmpty else {
                return error(.invalidValue, at: line.argumentLocation, "userdata needs `KEY = VALUE`, such as `userdata orderChannel = web`")
            }
            settings.userData[key] = value[value.index(after: equals)...].trimmingCharacters(in: .whitespaces)
        case "timeout":
            guard let timeout = DurationGrammar.duration(value), timeout > .zero else {
                return error(.invalidValue, at: line.argumentLocation, "timeout must be a duration above zero (\(DurationGrammar.examples)), not `\(value)`")
            }
            settings.timeout = timeout
        case "join-delay", "reply-delay":
            guard let bounds = DurationGrammar.range(value) else {
                return error(.invalidValue, at: line.argumentLocation, "\(line.directive) must be a delay or a range of delays, such as `0s`, `2s` or `1-3s`, not `\(value)`")
            }
            let range = DelayRange(bounds.lowerBound, bounds.upperBound)
            if line.directive == "join-delay" { settings.joinDelay = range } else { settings.replyDelay = range }
        default:  // system-messages
            if value == "off" {
                settings.systemMessageInterval = .zero
            } else if let interval = DurationGrammar.duration(value), interval > .zero {
                settings.systemMessageInterval = interval
            } else {
                error(.invalidValue, at: line.argumentLocation, "system-messages must be an interval such as `20s`, or `off`, not `\(value)`")
            }
        }
    }

    private static let settingExamples = [
        "seed": "seed 42", "nickname": "nickname Chris", "subject": "subject Where is my order?",
        "userdata": "userdata orderChannel = web", "timeout": "timeout 10s", "join-delay": "join-delay 1-3s",
        "reply-delay": "reply-delay 0-2s", "system-messages": "system-messages 20s",
    ]

    // MARK: Tests

    private mutating func startTest(_ line: DirectiveLine) {
        guard !line.argument.isEmpty else {
            return error(.missingValue, at: line.location, "a test needs a name, such as `test answers questions`")
        }
        if let existing = tests.first(where: { $0.name == line.argument }) {
            error(.duplicateTest, at: line.argumentLocation, "a test named `\(line.argument)` is already at line \(existing.location.line); give each test its own name")
        }
        current = ConversationTest(name: line.argument, location: line.location, settings: fileSettings, steps: [])
    }

    private mutating func finishTest() {
        guard let test = current else { return }
        current = nil
        if test.steps.isEmpty {
            return error(.noTests, at: test.location, "test `\(test.name)` has no steps; indent its steps below it, such as `  customer says Hello?`")
        }
        tests.append(test)
    }

    private mutating func finish() -> Result<ConversationFile, SourceDiagnostics> {
        finishTest()
        let start = ConversationLocation(file: path, line: 1)
        if bot == nil {
            error(.missingBot, at: start, "the file does not say which bot it tests; add a line such as `bot last-character` before the first test")
        }
        if tests.isEmpty && errors.isEmpty {
            error(.noTests, at: start, "the file has no tests; add one, such as `test greets` followed by indented steps")
        }
        guard errors.isEmpty, let bot else { return .failure(SourceDiagnostics(errors)) }
        return .success(ConversationFile(path: path, bot: bot.name, botLocation: bot.location, tests: tests))
    }

    // MARK: Steps

    private mutating func parseStep(_ line: DirectiveLine) -> ConversationStep? {
        func step(_ kind: ConversationStep.Kind) -> ConversationStep {
            ConversationStep(kind: kind, location: line.location, source: line.text)
        }
        switch line.directive {
        case "customer":
            guard let (mode, value, valueLocation) = splitMode(line, ["says", "types", "stops typing", "completes"]) else { return nil }
            switch mode {
            case "says":
                guard let value = requireValue(value, line, valueLocation, example: "customer says Where is my order?") else { return nil }
                return step(.customerSays(value))
            case "types": return step(.customerTypes)
            case "stops typing": return step(.customerStopsTyping)
            default: return step(.customerCompletes)
            }
        case "agent":
            let textModes = ["says", "contains", "matches", "one of", "replies"]
            guard let (mode, value, valueLocation) = splitMode(line, textModes + ["joins", "leaves", "types", "stops typing"]) else { return nil }
            switch mode {
            case "joins": return step(.agentJoins)
            case "leaves": return step(.agentLeaves)
            case "types": return step(.agentTypes)
            case "stops typing": return step(.agentStopsTyping)
            default:
                guard let expectation = textExpectation(mode, value, line, valueLocation, anyMode: "replies") else { return nil }
                return step(.agentText(expectation))
            }
        case "system":
            guard let (mode, value, valueLocation) = splitMode(line, ["says", "contains", "matches", "one of", "posts"]) else { return nil }
            guard let expectation = textExpectation(mode, value, line, valueLocation, anyMode: "posts") else { return nil }
            return step(.systemText(expectation))
        case "no":
            if line.argument == "reply" { return step(.noReply(nil)) }
            if line.argument.hasPrefix("reply for ") {
                let value = String(line.argument.dropFirst("reply for ".count))
                if let duration = DurationGrammar.duration(value), duration > .zero { return step(.noReply(duration)) }
                error(.invalidValue, at: line.argumentLocation.movedRight(by: "reply for ".count), "`no reply for` needs a duration above zero, such as `no reply for 5s`, not `\(value)`")
                return nil
            }
            error(.unknownDirective, at: line.location, "unknown step; did you mean `no reply` or `no reply for 5s`?")
            return nil
        case "after":
            guard let duration = DurationGrammar.duration(line.argument), duration > .zero else {
                error(.invalidValue, at: line.argumentLocation, "after needs a duration above zero (\(DurationGrammar.examples)), not `\(line.argument)`")
                return nil
            }
            return step(.after(duration))
        case "state":
            guard let state = ChatState.allCases.first(where: { $0.rawValue.lowercased() == line.argument.lowercased() }) else {
                error(.invalidValue, at: line.argumentLocation, "state must be WaitingForAgent, Chatting or Idle, not `\(line.argument)`")
                return nil
            }
            return step(.state(state))
        case "capabilities":
            if line.argument == "none" { return step(.capabilities([])) }
            var operations: Set<ChatOperation> = []
            for name in line.argument.split(whereSeparator: { $0 == " " || $0 == "," }) {
                guard let operation = ChatOperation.allCases.first(where: { $0.rawValue.lowercased() == name.lowercased() }) else {
                    error(.invalidValue, at: line.argumentLocation, "capabilities lists operations (\(ChatOperation.allCases.map(\.rawValue).joined(separator: ", "))) or says `none`; `\(name)` is not one")
                    return nil
                }
                operations.insert(operation)
            }
            guard !operations.isEmpty else {
                error(.missingValue, at: line.location, "capabilities needs the expected operations, such as `capabilities SendMessage Complete`, or `none`")
                return nil
            }
            return step(.capabilities(operations))
        default:
            error(.unknownDirective, at: line.location, "unknown step `\(line.directive)`; a step starts with customer, agent, system, no reply, after, state or capabilities (settings: seed, nickname, subject, userdata, timeout)")
            return nil
        }
    }

    /// Splits `agent contains Hello` into the mode (`contains`), the value and where it starts.
    private mutating func splitMode(_ line: DirectiveLine, _ modes: [String]) -> (String, String, ConversationLocation)? {
        for mode in modes.sorted(by: { $0.count > $1.count }) {
            guard line.argument == mode || line.argument.hasPrefix(mode + " ") else { continue }
            let rest = line.argument.dropFirst(mode.count)
            let value = rest.drop { $0 == " " || $0 == "\t" }
            return (mode, String(value), line.argumentLocation.movedRight(by: mode.count + (rest.count - value.count)))
        }
        error(.unknownDirective, at: line.argumentLocation, "`\(line.directive)` must be followed by one of: \(modes.joined(separator: ", ")); such as `\(line.directive) \(modes[0])\(modes[0] == "says" ? " Hello" : "")`")
        return nil
    }

    private mutating func requireValue(_ value: String, _ line: DirectiveLine, _ location: ConversationLocation, example: String) -> String? {
        if value.isEmpty {
            error(.missingValue, at: location, "`\(line.text)` needs a text after it, such as `\(example)`")
            return nil
        }
        return value
    }

    private mutating func textExpectation(_ mode: String, _ value: String, _ line: DirectiveLine, _ location: ConversationLocation, anyMode: String) -> TextExpectation? {
        if mode == anyMode {
            guard value.isEmpty else {
                error(.invalidValue, at: location, "`\(line.directive) \(anyMode)` takes nothing after it; to check the text use says, contains, matches or one of")
                return nil
            }
            return .any
        }
        let speaker = line.directive
        switch mode {
        case "says":
            return requireValue(value, line, location, example: "\(speaker) says Hello!").map { .exact($0) }
        case "contains":
            return requireValue(value, line, location, example: "\(speaker) contains order").map { .contains($0) }
        case "matches":
            guard let source = requireValue(value, line, location, example: "\(speaker) matches ^Order \\d+") else { return nil }
            do {
                return .matches(try TextPatterns.compile(source))
            } catch {
                self.error(.pattern, at: location.movedRight(by: error.characterOffset), "\(error.message); fix the regular expression (PCRE2 syntax)")
                return nil
            }
        default:  // one of
            guard let list = requireValue(value, line, location, example: "\(speaker) one of Hello! | Hi there!") else { return nil }
            let options = Self.splitAlternatives(list)
            guard options.count >= 2, !options.contains(where: \.isEmpty) else {
                error(.invalidValue, at: location, "`one of` needs two or more texts separated by ` | `, such as `\(speaker) one of Hello! | Hi there!` (write `\\|` for a `|` inside a text)")
                return nil
            }
            return .oneOf(options)
        }
    }

    /// `A | B | C` → ["A", "B", "C"]; `\|` is a literal bar.
    static func splitAlternatives(_ text: String) -> [String] {
        var options: [String] = [], current = ""
        var iterator = text.makeIterator()
        while let character = iterator.next() {
            if character == "\\" {
                guard let next = iterator.next() else { current.append(character); break }
                if next != "|" { current.append(character) }
                current.append(next)
            } else if character == "|" {
                options.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
            } else {
                current.append(character)
            }
        }
        options.append(current.trimmingCharacters(in: .whitespaces))
        return options
    }

    private mutating func error(_ code: SourceDiagnostic.Code, at location: ConversationLocation, _ message: String) {
        errors.append(SourceDiagnostic(code, at: location, message))
    }
}
