import ChatCore
import Foundation
package import LineFormat

/// Turns `.convo` text into a ``ConversationFile``, reporting every problem with its
/// `file:line:column`.
///
/// The format reads like a `.rules` file: one `directive argument` per line; a line in column 1
/// is a file setting or a `test NAME` header; the indented lines below a header are that test's
/// settings and steps; `#` starts a comment line.
package struct ConversationParser {
    private let path: String
    private var errors: [SourceDiagnostic] = []
    private var fileSettings = ConversationSettings()
    private var bot: (name: String, location: ConversationLocation)?
    private var tests: [ConversationTest] = []
    private var current: ConversationTest?
    /// Shared steps (`steps NAME`), included into tests with `include NAME`.
    private var partials: [String: (steps: [ConversationStep], location: ConversationLocation)] = [:]
    private var currentPartial: (name: String, location: ConversationLocation, steps: [ConversationStep])?
    /// Utterance lists (`utterances NAME`): a test saying `@NAME` runs once per phrasing.
    private var utterances: [String: (phrasings: [String], location: ConversationLocation)] = [:]
    private var currentUtterances: (name: String, location: ConversationLocation, phrasings: [String])?
    /// Test variables the steps so far can read (`{$name}`): named groups of earlier `matches`.
    private var captured: Set<String> = []
    /// Settings that apply to the steps being parsed (the file's in a partial, the test's in a test).
    private var stepSettings: ConversationSettings { current?.settings ?? fileSettings }

    /// Reads an included file (`include PATH`); `nil` refuses includes (text with no files).
    package typealias ReadFile = (String) throws -> String
    private let readFile: ReadFile?
    /// The files being read, the main one first: an include of one of them is a cycle.
    private var includeStack: [String]

    private init(path: String, readFile: ReadFile?) {
        self.path = path
        self.readFile = readFile
        includeStack = [path]
    }

    /// Parses the file at `path`.
    package static func parse(contentsOf path: String) -> Result<ConversationFile, SourceDiagnostics> {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            let error = SourceDiagnostic(.unreadable, at: ConversationLocation(file: path, line: 1), "cannot read the file as UTF-8 text; check that it exists and is readable")
            return .failure(SourceDiagnostics([error]))
        }
        return parse(text: text, path: path) { try String(contentsOfFile: $0, encoding: .utf8) }
    }

    /// Parses `text`; `path` names it in errors and locations and is where `include` paths start.
    /// - Parameters:
    ///   - text: the file's contents.
    ///   - path: the file's path, for errors, locations and `include`s.
    ///   - readFile: reads included files; without it an `include` is an error.
    package static func parse(text: String, path: String, readFile: ReadFile? = nil) -> Result<ConversationFile, SourceDiagnostics> {
        var parser = ConversationParser(path: path, readFile: readFile)
        for line in LineReader.directiveLines(in: text, file: path) { parser.handle(line) }
        return parser.finish()
    }

    private mutating func handle(_ line: DirectiveLine) {
        if !line.isIndented {
            finishTest()
            finishBlocks()
            if includeStack.count > 1, !["steps", "utterances", "include"].contains(line.directive) {
                return error(.misplacedDirective, at: line.location, "an included file holds only `steps`, `utterances` and `include` lines; put `\(line.directive)` in the file that includes it")
            }
            if line.directive == "test" {
                startTest(line)
            } else if line.directive == "steps" || line.directive == "utterances" {
                startBlock(line)
            } else if line.directive == "include" {
                include(line)
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
                error(.unknownDirective, at: line.location, "unknown line `\(line.directive)`; in column 1 use bot, seed, nickname, subject, userdata, timeout, join-delay, reply-delay, system-messages, flags, set, include, `steps NAME`, `utterances NAME` or `test NAME` (indent the steps of a test)")
            }
            return
        }
        if currentUtterances != nil {
            currentUtterances?.phrasings.append(line.text)
            return
        }
        if currentPartial != nil {
            if Self.settingDirectives.contains(line.directive) {
                return error(.misplacedDirective, at: line.location, "shared steps take no settings; put `\(line.directive)` in the tests that include them")
            }
            if let steps = parseSteps(line) { currentPartial?.steps += steps }
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
        if let steps = parseSteps(line) { current?.steps += steps }
    }

    /// The steps one line stands for: one, or a partial's steps for `include NAME`.
    private mutating func parseSteps(_ line: DirectiveLine) -> [ConversationStep]? {
        guard line.directive == "include" else { return parseStep(line).map { [$0] } }
        guard let partial = partials[line.argument] else {
            let known = partials.keys.sorted()
            error(.undefinedName, at: line.argumentLocation, "no shared steps named `\(line.argument)`; define them above with `steps \(line.argument.isEmpty ? "NAME" : line.argument)` in column 1 and indented steps" + (known.isEmpty ? "" : " (defined: \(known.joined(separator: ", ")))"))
            return nil
        }
        for step in partial.steps { noteCaptures(of: step) }
        return partial.steps
    }

    /// `include PATH` in column 1: the shared steps and utterance lists of another file
    /// (relative to this one), such as steps several `.convo` files share.
    private mutating func include(_ line: DirectiveLine) {
        guard !line.argument.isEmpty else {
            return error(.missingValue, at: line.location, "include needs a file, such as `include common.convo`")
        }
        let including = line.location.file
        let folder = (including as NSString).deletingLastPathComponent
        let target = line.argument.hasPrefix("/") || folder.isEmpty ? line.argument : (folder as NSString).appendingPathComponent(line.argument)
        guard let readFile else {
            return error(.unreadable, at: line.argumentLocation, "include needs the file on disk; this text was given without one")
        }
        guard !includeStack.contains(target) else {
            return error(.misplacedDirective, at: line.argumentLocation, "\(target) includes itself (through \(includeStack.joined(separator: " -> "))); remove the circular include")
        }
        guard includeStack.count < 16 else { return error(.misplacedDirective, at: line.argumentLocation, "includes are nested more than 16 deep") }
        let text: String
        do { text = try readFile(target) } catch {
            return self.error(.unreadable, at: line.argumentLocation, "cannot read \(target); check that it exists and is readable")
        }
        includeStack.append(target)
        for included in LineReader.directiveLines(in: text, file: target) { handle(included) }
        finishBlocks()
        includeStack.removeLast()
    }

    private mutating func startBlock(_ line: DirectiveLine) {
        guard let name = Self.blockName(line.argument) else {
            return error(.missingValue, at: line.argumentLocation, "`\(line.directive)` needs a name of letters, digits, '-' or '_', such as `\(line.directive) \(line.directive == "steps" ? "greeted" : "greetings")`")
        }
        if line.directive == "steps" {
            if let existing = partials[name] { error(.duplicateTest, at: line.argumentLocation, "shared steps `\(name)` are already defined at line \(existing.location.line)") }
            currentPartial = (name, line.location, [])
            captured = []
        } else {
            if let existing = utterances[name] { error(.duplicateTest, at: line.argumentLocation, "utterances `\(name)` are already defined at line \(existing.location.line)") }
            currentUtterances = (name, line.location, [])
        }
    }

    private mutating func finishBlocks() {
        if let partial = currentPartial {
            currentPartial = nil
            if partial.steps.isEmpty { error(.noTests, at: partial.location, "shared steps `\(partial.name)` have none; indent steps below the line") }
            partials[partial.name] = (partial.steps, partial.location)
        }
        if let list = currentUtterances {
            currentUtterances = nil
            if list.phrasings.isEmpty { error(.noTests, at: list.location, "utterances `\(list.name)` list no phrasings; put one per indented line below") }
            utterances[list.name] = (list.phrasings, list.location)
        }
    }

    static func blockName(_ text: String) -> String? {
        guard !text.isEmpty, text.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else { return nil }
        return text
    }

    /// Remembers the named groups a `matches` step captures, for later `{$name}` slots.
    private mutating func noteCaptures(of step: ConversationStep) {
        switch step.kind {
        case .agentText(let expectation), .systemText(let expectation):
            if case .matches(let pattern) = expectation { captured.formUnion(pattern.captureNames) }
        default: break
        }
    }

    /// Reports `{$name}` slots that no earlier `matches` step captures.
    private mutating func checkVariables(in text: String, at location: ConversationLocation) {
        for name in TestVariables.names(in: text) where !captured.contains(name) {
            error(.undefinedName, at: location, "`{$\(name)}`: no earlier `matches` step captures `\(name)`; capture it first, such as `agent matches Order (?<\(name)>\\d+)`")
        }
    }

    // MARK: Settings

    private static let settingDirectives: Set = ["seed", "nickname", "subject", "userdata", "timeout", "join-delay", "reply-delay", "system-messages", "flags", "set"]

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
                case let key = value[..<equals].trimmingCharacters(in: .whitespaces), !key.isEmpty
            else {
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
        case "flags":
            switch value {
            case "case-sensitive": settings.caseSensitive = true
            case "caseless": settings.caseSensitive = false
            default: error(.invalidValue, at: line.argumentLocation, "flags must be `case-sensitive` or `caseless` (the default: contains and matches ignore letter case), not `\(value)`")
            }
        case "set":
            let name = value.prefix { $0 != "=" && $0 != " " }.drop { $0 == "$" }
            let rest = value.drop { $0 != "=" }
            let customerName = name.hasPrefix(Self.customerPrefix) ? String(name.dropFirst(Self.customerPrefix.count)) : nil
            guard !name.isEmpty, Self.blockName(customerName ?? String(name)) != nil, rest.first == "=" else {
                return error(.invalidValue, at: line.argumentLocation, "set needs `NAME = VALUE`, such as `set order = 123456` (a bot variable the test starts with) or `set customer.last_order = margherita` (what the customer's earlier chats left)")
            }
            let assigned = rest.dropFirst().trimmingCharacters(in: .whitespaces)
            if let customerName { settings.customerVariables[customerName] = assigned } else { settings.variables[String(name)] = assigned }
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

    /// The prefix of a rules bot's variables kept per customer: `set customer.visits = 2`.
    static let customerPrefix = "customer."

    private static let settingExamples = [
        "seed": "seed 42", "nickname": "nickname Chris", "subject": "subject Where is my order?",
        "userdata": "userdata orderChannel = web", "timeout": "timeout 10s", "join-delay": "join-delay 1-3s",
        "reply-delay": "reply-delay 0-2s", "system-messages": "system-messages 20s", "flags": "flags case-sensitive",
        "set": "set order = 123456",
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
        captured = []
    }

    private mutating func finishTest() {
        guard let test = current else { return }
        current = nil
        if test.steps.isEmpty {
            return error(.noTests, at: test.location, "test `\(test.name)` has no steps; indent its steps below it, such as `  customer says Hello?`")
        }
        tests += expandUtterances(test)
    }

    /// A test that says `@NAME` becomes one test per phrasing (per combination, for several
    /// lists), named `test [phrasing]`, so each is reported on its own line.
    private mutating func expandUtterances(_ test: ConversationTest) -> [ConversationTest] {
        var variants: [(suffix: [String], steps: [ConversationStep])] = [([], [])]
        for step in test.steps {
            guard case .customerSays(let text) = step.kind, text.hasPrefix("@"), let list = utterances[String(text.dropFirst())] else {
                variants = variants.map { ($0.suffix, $0.steps + [step]) }
                continue
            }
            variants = variants.flatMap { variant in
                list.phrasings.map { phrasing in
                    var said = step
                    said.kind = .customerSays(phrasing)
                    said.source = "customer says \(phrasing)"
                    return (variant.suffix + [phrasing], variant.steps + [said])
                }
            }
            if variants.count > Self.maximumVariants {
                error(.invalidValue, at: step.location, "test `\(test.name)` would run more than \(Self.maximumVariants) times (one per combination of its utterance lists); split it")
                return []
            }
        }
        guard variants.count > 1 || !(variants.first?.suffix.isEmpty ?? true) else { return [test] }
        return variants.map { variant in
            var copy = test
            copy.name = "\(test.name) [\(variant.suffix.joined(separator: " / "))]"
            copy.steps = variant.steps
            return copy
        }
    }

    /// The most tests one test may expand into through its utterance lists.
    static let maximumVariants = 100

    private mutating func finish() -> Result<ConversationFile, SourceDiagnostics> {
        finishTest()
        finishBlocks()
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
            guard let (mode, value, valueLocation) = splitMode(line, ["says", "types", "stops typing", "completes", "notices", "pushes", "changes nickname to"]) else { return nil }
            switch mode {
            case "says":
                guard let value = requireValue(value, line, valueLocation, example: "customer says Where is my order?") else { return nil }
                if value.hasPrefix("@"), utterances[String(value.dropFirst())] == nil {
                    error(.undefinedName, at: valueLocation, "no utterances named `\(value.dropFirst())`; define them above with `utterances \(value.dropFirst())` and one phrasing per indented line (write `\\@` to say a text that starts with @)")
                    return nil
                }
                checkVariables(in: value, at: valueLocation)
                return step(.customerSays(value.hasPrefix("\\@") ? String(value.dropFirst()) : value))
            case "types": return step(.customerTypes)
            case "stops typing": return step(.customerStopsTyping)
            case "notices":
                return requireValue(value, line, valueLocation, example: "customer notices card declined").map { step(.customerNotices($0)) }
            case "pushes":
                return requireValue(value, line, valueLocation, example: "customer pushes https://shop.example/cart").map { step(.customerPushes($0)) }
            case "changes nickname to":
                return requireValue(value, line, valueLocation, example: "customer changes nickname to Annie").map { step(.customerChangesNickname($0)) }
            default: return step(.customerCompletes)
            }
        case "agent":
            let textModes = ["says", "contains", "matches", "one of", "replies", "does not say", "does not contain", "does not match"]
            guard let (mode, value, valueLocation) = splitMode(line, textModes + ["joins", "leaves", "types", "stops typing", "pushes", "transfers to", "transfers back to", "invites"]) else { return nil }
            switch mode {
            case "transfers to":
                return requireValue(value, line, valueLocation, example: "agent transfers to Pat").map { step(.agentTransfers($0, back: false)) }
            case "transfers back to":
                return requireValue(value, line, valueLocation, example: "agent transfers back to Nia").map { step(.agentTransfers($0, back: true)) }
            case "invites":
                return requireValue(value, line, valueLocation, example: "agent invites Dana").map { step(.agentInvites($0)) }
            case "pushes":
                return requireValue(value, line, valueLocation, example: "agent pushes https://shop.example/track").map { step(.agentPushes(.exact($0))) }
            case "joins": return step(.agentJoins)
            case "leaves": return step(.agentLeaves)
            case "types": return step(.agentTypes)
            case "stops typing": return step(.agentStopsTyping)
            default:
                guard let expectation = textExpectation(mode, value, line, valueLocation, anyMode: "replies") else { return nil }
                return step(.agentText(expectation))
            }
        case "system":
            guard let (mode, value, valueLocation) = splitMode(line, ["says", "contains", "matches", "one of", "posts", "does not say", "does not contain", "does not match"]) else { return nil }
            guard let expectation = textExpectation(mode, value, line, valueLocation, anyMode: "posts") else { return nil }
            return step(.systemText(expectation))
        case "notice":
            return requireValue(line.argument, line, line.argumentLocation, example: "notice Your order has shipped.").map { step(.notice(.exact($0))) }
        case "transcript":
            guard line.argument == "saved" else {
                error(.unknownDirective, at: line.location, "unknown step; did you mean `transcript saved` (the chat ended and its transcript was saved)?")
                return nil
            }
            return step(.transcriptSaved)
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
        case "new":
            return parseNewChat(line).map(step)
        case "after":
            guard let duration = DurationGrammar.duration(line.argument), duration > .zero else {
                error(.invalidValue, at: line.argumentLocation, "after needs a duration above zero (\(DurationGrammar.examples)), not `\(line.argument)`")
                return nil
            }
            return step(.after(duration))
        case "answered":
            let target = line.argument.hasPrefix("by ") ? line.argument.dropFirst(3).trimmingCharacters(in: .whitespaces) : ""
            guard !target.isEmpty, !target.contains(" ") else {
                error(.missingValue, at: line.location, "`answered by` needs a rule name or a `file:line`, such as `answered by order-status` or `answered by support.rules:42`")
                return nil
            }
            return step(.answeredBy(target))
        case "variable":
            guard let equals = line.argument.firstIndex(of: "="),
                case let name = line.argument[..<equals].trimmingCharacters(in: .whitespaces).drop(while: { $0 == "$" }),
                Self.blockName(String(name)) != nil
            else {
                error(.invalidValue, at: line.argumentLocation, "variable needs `NAME = VALUE`, such as `variable order = 123456` (or `variable order =` for not set)")
                return nil
            }
            let value = line.argument[line.argument.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            checkVariables(in: value, at: line.argumentLocation)
            return step(.variable(String(name), value))
        case "topic":
            guard !line.argument.isEmpty else {
                error(.missingValue, at: line.location, "topic needs the topic the chat should be in, such as `topic refunds`, or `topic none`")
                return nil
            }
            return step(.topic(line.argument == "none" ? nil : line.argument))
        case "state":
            guard let state = ChatState.allCases.first(where: { $0.rawValue.lowercased() == line.argument.lowercased() }) else {
                error(.invalidValue, at: line.argumentLocation, "state must be WaitingForAgent, Chatting or Idle, not `\(line.argument)`")
                return nil
            }
            return step(.state(state))
        case "needs":
            switch line.argument.lowercased() {
            case "a person": return step(.needsPerson(true))
            case "no person": return step(.needsPerson(false))
            default:
                error(.invalidValue, at: line.argumentLocation, "`needs` is `needs a person` (the bot handed the chat over and nobody took it yet) or `needs no person`, not `needs \(line.argument)`")
                return nil
            }
        case "capabilities":
            if line.argument == "none" { return step(.capabilities([])) }
            var operations: Set<ChatOperation> = []
            for name in line.argument.split(whereSeparator: { $0 == " " || $0 == "," }) {
                guard let operation = ChatOperation.known.first(where: { $0.name.lowercased() == name.lowercased() }) else {
                    error(.invalidValue, at: line.argumentLocation, "capabilities lists operations (\(ChatOperation.known.map(\.name).joined(separator: ", "))) or says `none`; `\(name)` is not one")
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
            if let hint = Self.chatCommandHint(line) {
                error(.unknownDirective, at: line.location, "unknown step `\(line.text)`; \(hint)")
                return nil
            }
            error(.unknownDirective, at: line.location, "unknown step `\(line.directive)`; a step starts with customer, agent, system, notice, no reply, after, new chat, state, capabilities, needs, answered by, variable, topic or include (settings: seed, nickname, subject, userdata, timeout, flags, set)")
            return nil
        }
    }

    /// The step meant by a `chat` command (or its word) written as a step: `/wait 30s` or
    /// `wait 30s` is `after 30s`, `/typing` is `customer types`, and so on.
    static func chatCommandHint(_ line: DirectiveLine) -> String? {
        let word = line.directive.hasPrefix("/") ? String(line.directive.dropFirst()) : line.directive
        switch word.lowercased() {
        case "wait", "sleep", "pause", "after":
            let duration = line.argument.isEmpty ? "30s" : line.argument
            return "time passes with `after \(duration)` (what `/wait \(duration)` does in `gws-emulator chat`)"
        case "typing", "type", "types": return "the customer starts typing with `customer types` (`/typing` in chat)"
        case "stop": return "the customer stops typing with `customer stops typing` (`/stop` in chat)"
        case "quit", "complete", "completes": return "the customer leaves with `customer completes` (`/quit` in chat)"
        default: return line.directive.hasPrefix("/") ? "`.convo` steps have no `/`; a step starts with customer, agent, system, notice, transcript saved, no reply, after, new chat, state, capabilities, needs, answered by, variable, topic or include" : nil
        }
    }

    /// `new chat`, `new chat nickname NAME` or `new chat userdata KEY = VALUE`.
    private mutating func parseNewChat(_ line: DirectiveLine) -> ConversationStep.Kind? {
        let usage = "`new chat` (the same customer comes back), `new chat nickname Robin` or `new chat userdata email = robin@example.com`"
        guard line.argument == "chat" || line.argument.hasPrefix("chat ") else {
            error(.unknownDirective, at: line.location, "unknown step; did you mean \(usage)?")
            return nil
        }
        let rest = line.argument.dropFirst(4).trimmingCharacters(in: .whitespaces)
        if rest.isEmpty { return .newChat(nickname: nil, userData: [:]) }
        let location = line.argumentLocation.movedRight(by: line.argument.count - rest.count)
        if rest.hasPrefix("nickname ") {
            let nickname = rest.dropFirst("nickname ".count).trimmingCharacters(in: .whitespaces)
            if !nickname.isEmpty { return .newChat(nickname: nickname, userData: [:]) }
        } else if rest.hasPrefix("userdata "), case let entry = rest.dropFirst("userdata ".count), let equals = entry.firstIndex(of: "="),
            case let key = entry[..<equals].trimmingCharacters(in: .whitespaces), !key.isEmpty
        {
            return .newChat(nickname: nil, userData: [key: entry[entry.index(after: equals)...].trimmingCharacters(in: .whitespaces)])
        }
        error(.invalidValue, at: location, "after `new chat` write nothing, `nickname NAME` or `userdata KEY = VALUE`, not `\(rest)`; such as \(usage)")
        return nil
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
        if mode.hasPrefix("does not ") {
            let positive = ["does not say": "says", "does not contain": "contains", "does not match": "matches"][mode] ?? "says"
            return textExpectation(positive, value, line, location, anyMode: anyMode).map { .not($0) }
        }
        if mode != "matches" { checkVariables(in: value, at: location) }
        switch mode {
        case "says":
            return requireValue(value, line, location, example: "\(speaker) says Hello!").map { .exact($0) }
        case "contains":
            let caseSensitive = stepSettings.caseSensitive
            return requireValue(value, line, location, example: "\(speaker) contains order").map { caseSensitive ? .contains($0) : .containsIgnoringCase($0) }
        case "matches":
            guard let source = requireValue(value, line, location, example: "\(speaker) matches ^Order \\d+") else { return nil }
            do {
                let pattern = try TextPatterns.compile(source, caseSensitive: stepSettings.caseSensitive)
                captured.formUnion(pattern.captureNames)
                return .matches(pattern)
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
