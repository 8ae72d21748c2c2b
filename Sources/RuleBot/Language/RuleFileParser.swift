import Foundation
import LineFormat

/// Turns rule-file text into ``RuleFileSyntax``: lines, blocks, declarations and includes.
///
/// The format is line-oriented: a line that starts in column 1 is a declaration or a block
/// header; an indented line belongs to the block above it; `#` starts a comment line.
struct RuleFileParser {
    /// Reads a file's text; injected so tests can parse files that only exist in memory.
    typealias ReadFile = (String) throws -> String

    private var syntax = RuleFileSyntax()
    private(set) var diagnostics: [SourceDiagnostic] = []
    private let readFile: ReadFile
    private var includeStack: [String] = []
    private let maximumIncludeDepth = 16

    init(readFile: @escaping ReadFile) {
        self.readFile = readFile
    }

    /// Parses `path` and everything it includes.
    static func parse(path: String, readFile: @escaping ReadFile) -> (RuleFileSyntax, [SourceDiagnostic]) {
        var parser = RuleFileParser(readFile: readFile)
        parser.parseFile(path, includedFrom: nil)
        return (parser.syntax, parser.diagnostics)
    }

    /// Parses text that has no file of its own (tests, generated bots).
    static func parse(text: String, name: String, readFile: @escaping ReadFile = { _ in throw CocoaError(.fileNoSuchFile) }) -> (RuleFileSyntax, [SourceDiagnostic]) {
        var parser = RuleFileParser(readFile: readFile)
        parser.syntax.files.append(name)
        parser.includeStack.append(name)
        parser.parseText(text, file: name)
        return (parser.syntax, parser.diagnostics)
    }

    private mutating func parseFile(_ path: String, includedFrom: SourceLocation?) {
        let fallbackLocation = includedFrom ?? SourceLocation(file: path, line: 1)
        if includeStack.contains(path) {
            diagnostics.append(.error(.include, at: fallbackLocation, "\(path) includes itself (through \(includeStack.joined(separator: " -> "))); remove the circular include"))
            return
        }
        if includeStack.count >= maximumIncludeDepth {
            diagnostics.append(.error(.include, at: fallbackLocation, "includes are nested more than \(maximumIncludeDepth) deep"))
            return
        }
        let text: String
        do {
            text = try readFile(path)
        } catch {
            diagnostics.append(.error(.include, at: fallbackLocation, "cannot read \(path): \(Self.describe(error))"))
            return
        }
        if !syntax.files.contains(path) { syntax.files.append(path) }
        includeStack.append(path)
        parseText(text, file: path)
        includeStack.removeLast()
    }

    private static func describe(_ error: any Error) -> String {
        if let cocoa = error as? CocoaError, cocoa.code == .fileReadNoSuchFile || cocoa.code == .fileNoSuchFile { return "no such file" }
        return (error as NSError).localizedDescription
    }

    private mutating func parseText(_ text: String, file: String) {
        var currentBlock: RuleFileSyntax.Block?
        var currentTopic: String?

        func finishBlock(_ syntax: inout RuleFileSyntax) {
            if let block = currentBlock { syntax.blocks.append(block) }
            currentBlock = nil
        }

        for parsed in LineReader.directiveLines(in: text, file: file) {
            if parsed.isIndented {
                guard currentBlock != nil else {
                    diagnostics.append(.error(.syntax, at: parsed.location, "indented line outside a block; start a block first (rule, greeting, farewell, file, fallback, idle DURATION or memory) or remove the indentation"))
                    continue
                }
                currentBlock?.body.append(parsed)
                continue
            }

            finishBlock(&syntax)
            switch parsed.directive {
            case "rule", "greeting", "farewell", "fallback", "idle", "memory", "form":
                currentBlock = makeBlock(parsed, topic: currentTopic)
            case _ where RuleFileSyntax.EventBlock.headerWords.contains(parsed.directive):
                currentBlock = makeBlock(parsed, topic: currentTopic)
            case "topic":
                let words = parsed.argument.split(separator: " ").map(String.init)
                guard let first = words.first, let name = Self.validName(first) else {
                    diagnostics.append(.error(.syntax, at: parsed.argumentLocation, "a topic needs a name of letters, digits, '-' or '_', such as `topic refunds`"))
                    continue
                }
                currentTopic = name
                if syntax.topics[name] == nil { syntax.topics[name] = parsed.location }
                guard words.count > 1 else { continue }
                var relation = syntax.topicRelations[name] ?? ([], [], parsed.location)
                var mode: String?
                for word in words.dropFirst() {
                    if word == "includes" || word == "inherits" { mode = word; continue }
                    guard let mode, let other = Self.validName(word) else {
                        diagnostics.append(.error(.syntax, at: parsed.argumentLocation, "write `topic \(name) includes OTHER...` or `topic \(name) inherits OTHER...` (got `\(parsed.argument)`)"))
                        break
                    }
                    if mode == "includes" { relation.includes.append(other) } else { relation.inherits.append(other) }
                }
                if words.last == "includes" || words.last == "inherits" {
                    diagnostics.append(.error(.syntax, at: parsed.argumentLocation, "`\(words.last!)` needs the topics after it, such as `topic \(name) \(words.last!) common`"))
                }
                syntax.topicRelations[name] = relation
            case "end":
                if parsed.argument == "topic" {
                    currentTopic = nil
                } else {
                    diagnostics.append(.error(.syntax, at: parsed.location, "`end` must be followed by `topic`"))
                }
            case "include":
                let target = parsed.argument
                guard !target.isEmpty else {
                    diagnostics.append(.error(.syntax, at: parsed.location, "include needs a file name, such as `include common.rules`"))
                    continue
                }
                let resolved = target.hasPrefix("/") ? target : ((file as NSString).deletingLastPathComponent as NSString).appendingPathComponent(target)
                parseFile(resolved, includedFrom: parsed.argumentLocation)
            case "agent":
                if parsed.argument.isEmpty {
                    diagnostics.append(.error(.syntax, at: parsed.location, "agent needs a nickname, such as `agent Sam`"))
                } else {
                    syntax.agentNickname = parsed.argument
                }
            case "option":
                syntax.options.append(parsed)
            case "substitute", "swap", "reflect":
                guard let pair = parseWordPair(parsed) else { continue }
                switch parsed.directive {
                case "substitute": syntax.substitutions.append(pair)
                case "swap": syntax.swaps.append(pair)
                default: syntax.reflections.append(pair)
                }
            case "list":
                parseList(parsed)
            case "function":
                guard let pair = parseWordPair(parsed), pair.from.count == 1, let name = Self.validName(pair.from[0]),
                    pair.to.hasPrefix("exec:") || pair.to.hasPrefix("webhook:"), pair.to.drop(while: { $0 != ":" }).count > 1
                else {
                    if !diagnostics.contains(where: { $0.location == parsed.argumentLocation }) {
                        diagnostics.append(.error(.syntax, at: parsed.argumentLocation, "function needs `NAME = exec:COMMAND` or `NAME = webhook:URL`, such as `function weather = exec:python3 weather.py`"))
                    }
                    continue
                }
                if let existing = syntax.functions[name] {
                    diagnostics.append(.error(.duplicateName, at: parsed.location, "function \(name) is already defined at \(existing.location); use another name"))
                    continue
                }
                syntax.functions[name] = (pair.to, parsed.location)
            case "bot":
                guard let pair = parseWordPair(parsed), pair.from.count == 1, let name = Self.validName(pair.from[0]) else {
                    if !diagnostics.contains(where: { $0.location == parsed.argumentLocation }) {
                        diagnostics.append(.error(.syntax, at: parsed.argumentLocation, "bot needs `NAME = TEXT` with a one-word name, such as `bot shop = Northwind Shop`"))
                    }
                    continue
                }
                if let existing = syntax.botValues[name] {
                    diagnostics.append(.error(.duplicateName, at: parsed.location, "bot value \(name) is already defined at \(existing.location); use another name"))
                    continue
                }
                syntax.botValues[name] = (pair.to, parsed.location)
            default:
                diagnostics.append(.error(.unknownDirective, at: parsed.location, "unknown declaration `\(parsed.directive)`; at the start of a line use rule, greeting, farewell, file, fallback, idle, on, memory, form, handed-back, handover-timed-out, topic, end topic, include, agent, bot, function, option, substitute, swap, reflect or list (indent lines that belong to a block)"))
            }
        }
        finishBlock(&syntax)
    }

    private mutating func makeBlock(_ header: DirectiveLine, topic: String?) -> RuleFileSyntax.Block? {
        var name: String?
        var kind: RuleFileSyntax.BlockKind
        switch header.directive {
        case "rule":
            kind = .rule
            if !header.argument.isEmpty {
                guard let valid = Self.validName(header.argument) else {
                    diagnostics.append(.error(.syntax, at: header.argumentLocation, "a rule name is one word of letters, digits, '-' or '_' (got `\(header.argument)`)"))
                    return RuleFileSyntax.Block(kind: .rule, name: nil, location: header.location, topic: topic, body: [])
                }
                name = valid
            }
        case "idle":
            var words = header.argument.split(whereSeparator: \.isWhitespace)
            let afterReply = words.count == 3 && words[1] == "after" && words[2] == "reply"
            if afterReply { words.removeLast(2) }
            guard words.count == 1, let duration = DurationGrammar.duration(words[0]), duration > .zero else {
                diagnostics.append(.error(.invalidValue, at: header.argumentLocation, "idle needs a duration above zero and at most a day (\(DurationGrammar.examples)), such as `idle 30s` (after customer typing) or `idle 30s after reply` (after the agent's reply), not `\(header.argument)`"))
                return RuleFileSyntax.Block(kind: .idle(seconds: 60), name: nil, location: header.location, topic: topic, body: [])
            }
            kind = .idle(seconds: Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18, afterReply: afterReply)
        case "form":
            kind = .form
            guard let valid = Self.validName(header.argument) else {
                diagnostics.append(.error(.syntax, at: header.argumentLocation, "a form needs a name of letters, digits, '-' or '_', such as `form order`"))
                return nil
            }
            name = valid
        case "on":
            guard let event = RuleFileSyntax.EventBlock.all.first(where: { $0.onWord == header.argument }) else {
                let names = RuleFileSyntax.EventBlock.all.compactMap(\.onWord).joined(separator: ", ")
                diagnostics.append(.error(.invalidValue, at: header.argumentLocation, "`on` needs one of \(names) (what the customer did), such as `on notice`, not `\(header.argument)`"))
                return nil
            }
            kind = .event(event)
        case "greeting": kind = .greeting
        case "farewell": kind = .farewell
        case "fallback": kind = .fallback
        case "memory": kind = .memory
        default:
            // `file`, `handed-back`, …: the rest of the event blocks (the caller checked the word).
            guard let event = RuleFileSyntax.EventBlock.all.first(where: { $0.header == header.directive }) else { return nil }
            kind = .event(event)
        }
        if !["rule", "idle", "form", "on"].contains(header.directive), !header.argument.isEmpty {
            diagnostics.append(.error(.syntax, at: header.argumentLocation, "`\(header.directive)` takes nothing after it on its line; put its contents on indented lines below"))
        }
        return RuleFileSyntax.Block(kind: kind, name: name, location: header.location, topic: topic, body: [])
    }

    private mutating func parseWordPair(_ line: DirectiveLine) -> RuleFileSyntax.WordPair? {
        guard let equals = line.argument.range(of: " = ") ?? line.argument.range(of: "=") else {
            diagnostics.append(.error(.syntax, at: line.argumentLocation, "\(line.directive) needs `FROM = TO`, such as `\(line.directive) what's = what is`"))
            return nil
        }
        let from = line.argument[..<equals.lowerBound].split(separator: " ").map(String.init)
        let to = line.argument[equals.upperBound...].trimmingCharacters(in: .whitespaces)
        guard !from.isEmpty else {
            diagnostics.append(.error(.syntax, at: line.argumentLocation, "\(line.directive) needs a word before `=`"))
            return nil
        }
        return RuleFileSyntax.WordPair(from: from, to: to, location: line.location)
    }

    private mutating func parseList(_ line: DirectiveLine) {
        guard let equals = line.argument.firstIndex(of: "="),
            let name = Self.validName(line.argument[..<equals].trimmingCharacters(in: .whitespaces))
        else {
            diagnostics.append(.error(.syntax, at: line.argumentLocation, "list needs `NAME = word word ...`, such as `list family = mother father sister`"))
            return
        }
        // Items are words, or, when the line has a `|`, the texts between the bars (`dark blue|navy`).
        let value = line.argument[line.argument.index(after: equals)...]
        let words =
            value.contains("|")
            ? value.split(separator: "|").map { $0.split(whereSeparator: \.isWhitespace).joined(separator: " ") }.filter { !$0.isEmpty }
            : value.split(separator: " ").map(String.init)
        guard !words.isEmpty else {
            diagnostics.append(.error(.syntax, at: line.argumentLocation, "list \(name) has no words after `=`"))
            return
        }
        if let existing = syntax.lists[name] {
            diagnostics.append(.error(.duplicateName, at: line.location, "list \(name) is already defined at \(existing.location); use another name"))
            return
        }
        syntax.lists[name] = (words, line.location)
    }

    /// The prefix of the variables that read RequestChat's `userData`: `$userdata.TimeZone`.
    static let userDataPrefix = "userdata."

    /// A variable name: a ``validName(_:)``, or `userdata.` followed by a `userData` key (letters,
    /// digits, '-', '_' and '.').
    /// The prefix of bot-wide values: `$bot.shop` reads `bot shop = ...`.
    static let botValuePrefix = "bot."

    /// The prefix of variables kept per customer across chats: `$customer.visits`.
    static let customerPrefix = "customer."

    static func validVariableName(_ text: some StringProtocol) -> String? {
        if let name = validName(text) { return name }
        if text.hasPrefix(botValuePrefix), validName(text.dropFirst(botValuePrefix.count)) != nil { return String(text) }
        if text.hasPrefix(customerPrefix), validName(text.dropFirst(customerPrefix.count)) != nil { return String(text) }
        guard text.hasPrefix(userDataPrefix) else { return nil }
        let key = text.dropFirst(userDataPrefix.count)
        guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }) else { return nil }
        return String(text)
    }

    static func validName(_ text: some StringProtocol) -> String? {
        guard !text.isEmpty, text.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else { return nil }
        return String(text)
    }
}
