import Foundation
import LineFormat

/// A reply template: text with `{…}` slots for captures, variables and filters.
///
/// `{1}` capture 1, `{number}` named capture, `{$order}` a variable, `{$nickname}` a built-in,
/// `{recall}` the oldest remembered reply, `{1|reflect|upper}` filters, `\{ \} \| \\` escapes.
struct Template: Hashable, Sendable {
    enum Source: Hashable, Sendable {
        case capture(Int)
        case namedCapture(String)
        case variable(String)
        case recall
        /// `{random:A|B|C}`: one of the texts, picked at random each time (`{@list}`: one of
        /// the list's items).
        case alternatives([String])
        /// `{redirect: TEXT}`: the answer the bot gives to TEXT, in place.
        case redirect(Template)
        /// `{$fav_{1}}`: a variable whose name is built when the reply is rendered.
        case dynamicVariable(Template)
        /// `{call: NAME TEXT}`: what the bot's function NAME answers to TEXT.
        case call(String, Template)
    }

    enum Filter: Hashable, Sendable {
        case lower
        case upper
        case capitalized
        case reflect
        /// `sentence`: the first letter upper case, the rest lower case.
        case sentence
        /// `formal`: every word capitalised.
        case formal
        /// The text to use when the value is empty.
        case fallback(String)
    }

    enum Part: Hashable, Sendable {
        case text(String)
        case slot(Source, [Filter])
    }

    var parts: [Part]

    static let empty = Template(parts: [])

    /// Every slot, those inside `{redirect: …}` and built variable names included.
    private var allSources: [Source] {
        parts.flatMap { part -> [Source] in
            guard case .slot(let source, _) = part else { return [] }
            switch source {
            case .redirect(let inner), .dynamicVariable(let inner), .call(_, let inner): return [source] + inner.allSources
            default: return [source]
            }
        }
    }

    /// How many `{random:…}` slots the template has (each draws once when rendered).
    var alternativesCount: Int {
        parts.filter { if case .slot(.alternatives, _) = $0 { true } else { false } }.count
    }

    /// The variables this template reads (for the undefined-variable warning).
    var variablesRead: [String] {
        allSources.compactMap { if case .variable(let name) = $0 { name } else { nil } }
    }

    /// The numbered captures this template reads (`{1}`, `{2|upper}`).
    var capturesRead: [Int] {
        allSources.compactMap { if case .capture(let number) = $0 { number } else { nil } }
    }

    /// The named captures this template reads (`{number}`).
    var namedCapturesRead: [String] {
        allSources.compactMap { if case .namedCapture(let name) = $0 { name } else { nil } }
    }

    var highestCaptureNumber: Int {
        capturesRead.max() ?? 0
    }

    /// The `{redirect: …}` slots, in the order they are rendered.
    var redirects: [Template] {
        parts.compactMap { if case .slot(.redirect(let inner), _) = $0 { inner } else { nil } }
    }

    /// The `{call: …}` slots, in the order they are rendered: the function and its argument.
    var calls: [(function: String, argument: Template)] {
        parts.compactMap { if case .slot(.call(let name, let argument), _) = $0 { (name, argument) } else { nil } }
    }

    /// The functions the template calls, nested slots included.
    var functionsCalled: [String] {
        allSources.compactMap { if case .call(let name, _) = $0 { name } else { nil } }
    }

    /// Whether the template says more than plain text (for a dynamic variable name).
    var hasSlots: Bool { parts.contains { if case .slot = $0 { true } else { false } } }

    /// The text before the first slot (the fixed start of a built variable name).
    var leadingText: String {
        if case .text(let text)? = parts.first { text } else { "" }
    }

    /// Parses template text; `location` is where `text` starts, for error columns.
    static func parse(_ text: String, at location: SourceLocation, lists: [String: [String]] = [:]) throws(TemplateError) -> Template {
        var parts: [Part] = []
        var literal = ""
        let characters = Array(text)
        var index = 0
        func flush() {
            if !literal.isEmpty { parts.append(.text(literal)); literal = "" }
        }
        while index < characters.count {
            let character = characters[index]
            if character == "\\" {
                guard index + 1 < characters.count else {
                    throw TemplateError(location: location.movedRight(by: index), message: "a template ends with `\\`; write `\\\\` for a backslash")
                }
                literal.append(characters[index + 1] == "n" ? "\n" : characters[index + 1])
                index += 2
                continue
            }
            if character == "}" {
                throw TemplateError(location: location.movedRight(by: index), message: "unexpected `}`; write `\\}` for a literal brace")
            }
            guard character == "{" else {
                literal.append(character)
                index += 1
                continue
            }
            guard let close = closingBrace(characters, from: index) else {
                throw TemplateError(location: location.movedRight(by: index), message: "`{` is not closed; close it with `}` or write `\\{` for a literal brace")
            }
            flush()
            let inside = String(characters[(index + 1)..<close])
            parts.append(try parseSlot(inside, at: location.movedRight(by: index + 1), lists: lists))
            index = close + 1
        }
        flush()
        return Template(parts: parts)
    }

    /// The index of the `}` that closes the `{` at `open`, counting nested braces and skipping
    /// escaped characters.
    private static func closingBrace(_ characters: [Character], from open: Int) -> Int? {
        var depth = 0, index = open
        while index < characters.count {
            switch characters[index] {
            case "\\": index += 1
            case "{": depth += 1
            case "}":
                depth -= 1
                if depth == 0 { return index }
            default: break
            }
            index += 1
        }
        return nil
    }

    /// `text` split at the `|` outside nested braces.
    private static func topLevelPieces(_ text: String) -> [String] {
        var pieces: [String] = [], current = "", depth = 0, escaped = false
        for character in text {
            if escaped { current.append(character); escaped = false; continue }
            switch character {
            case "\\": escaped = true; current.append(character)
            case "{": depth += 1; current.append(character)
            case "}": depth -= 1; current.append(character)
            case "|" where depth == 0: pieces.append(current); current = ""
            default: current.append(character)
            }
        }
        pieces.append(current)
        return pieces
    }

    private static func parseSlot(_ inside: String, at location: SourceLocation, lists: [String: [String]]) throws(TemplateError) -> Part {
        let trimmedInside = inside.trimmingCharacters(in: .whitespaces)
        if trimmedInside.hasPrefix("redirect:") {
            let text = String(inside.drop(while: { $0 == " " }).dropFirst("redirect:".count))
            let leading = text.prefix { $0 == " " }.count
            let innerText = text.trimmingCharacters(in: .whitespaces)
            guard !innerText.isEmpty else {
                throw TemplateError(location: location, message: "`{redirect: …}` needs the text to answer, such as `{redirect: hello}` or `{redirect: {1}}`")
            }
            let offset = inside.count - text.count + leading
            return .slot(.redirect(try parse(innerText, at: location.movedRight(by: offset), lists: lists)), [])
        }
        if trimmedInside.hasPrefix("call:") {
            let text = String(inside.drop(while: { $0 == " " }).dropFirst("call:".count))
            let leading = text.prefix { $0 == " " }.count
            let name = text.dropFirst(leading).prefix { !$0.isWhitespace }
            guard RuleFileParser.validName(name) != nil else {
                throw TemplateError(location: location, message: "`{call: …}` needs a function name and its text, such as `{call: weather {1}}`")
            }
            let rest = text.dropFirst(leading + name.count)
            let argumentLeading = rest.prefix { $0 == " " }.count
            let offset = inside.count - rest.count + argumentLeading
            let argument = try parse(String(rest.dropFirst(argumentLeading)).trimmingCharacters(in: .whitespaces), at: location.movedRight(by: offset), lists: lists)
            guard argument.redirects.isEmpty, argument.calls.isEmpty else {
                throw TemplateError(location: location, message: "the text of a `{call: …}` cannot hold another call or a redirect")
            }
            return .slot(.call(String(name), argument), [])
        }
        let pieces = topLevelPieces(inside).map { $0.trimmingCharacters(in: .whitespaces) }
        let head = pieces[0]
        let source: Source
        if head.hasPrefix("@"), head.count > 1 {
            let name = String(head.dropFirst())
            guard let items = lists[name] else {
                throw TemplateError(location: location, message: "unknown list `@\(name)`; declare it with `list \(name) = item item ...`")
            }
            source = .alternatives(items)
        } else if head.hasPrefix("$"), head.contains("{") {
            let name = try parse(String(head.dropFirst()), at: location.movedRight(by: 1), lists: lists)
            guard name.redirects.isEmpty else {
                throw TemplateError(location: location, message: "a variable name cannot hold a `{redirect: …}`")
            }
            source = .dynamicVariable(name)
        } else if head.hasPrefix("random:") {
            let options = [String(head.dropFirst("random:".count))] + pieces.dropFirst()
            guard options.count >= 2, !options.contains(where: \.isEmpty) else {
                throw TemplateError(location: location, message: "`{random:…}` needs two or more texts separated by `|`, such as `{random:Hi|Hello|Hey}`")
            }
            return .slot(.alternatives(options.map { $0.trimmingCharacters(in: .whitespaces) }), [])
        } else if head.isEmpty {
            throw TemplateError(location: location, message: "empty `{}`; put a capture number, a capture name or a $variable inside")
        } else if let number = Int(head) {
            guard number >= 0, number < 100 else { throw TemplateError(location: location, message: "capture number \(number) is out of range (0 to 99)") }
            source = .capture(number)
        } else if head == "recall" {
            source = .recall
        } else if head.hasPrefix("$") {
            let name = String(head.dropFirst())
            guard RuleFileParser.validVariableName(name) != nil else {
                throw TemplateError(location: location, message: "`\(head)` is not a variable name; names are letters, digits, '-' and '_' (or userdata.KEY)")
            }
            source = .variable(name)
        } else if RuleFileParser.validName(head) != nil {
            source = .namedCapture(head)
        } else {
            throw TemplateError(location: location, message: "`{\(inside)}` is not a capture, a variable or `recall`; write `\\{` for a literal brace")
        }
        var filters: [Filter] = []
        var offset = head.count + 1
        for piece in pieces.dropFirst() {
            switch piece {
            case "lower": filters.append(.lower)
            case "upper": filters.append(.upper)
            case "capitalize", "capitalized": filters.append(.capitalized)
            case "reflect": filters.append(.reflect)
            case "sentence": filters.append(.sentence)
            case "formal": filters.append(.formal)
            default:
                if piece.hasPrefix("or:") {
                    filters.append(.fallback(String(piece.dropFirst(3))))
                } else {
                    throw TemplateError(location: location.movedRight(by: offset), message: "unknown filter `\(piece)`; use lower, upper, capitalize, sentence, formal, reflect or or:TEXT")
                }
            }
            offset += piece.count + 1
        }
        return .slot(source, filters)
    }
}

/// A template that could not be parsed.
struct TemplateError: Error {
    var location: SourceLocation
    var message: String
}

/// What a template's slots read when it is rendered.
struct TemplateValues {
    var capture: (Int) -> String?
    var namedCapture: (String) -> String?
    var variable: (String) -> String?
    var recall: () -> String?
    var reflect: (String) -> String
    /// Picks one of `count` inline alternatives (an index below `count`).
    var pick: (Int) -> Int = { _ in 0 }
    /// The answer to the next `{redirect: …}` slot (worked out before rendering).
    var redirected: () -> String = { "" }
    /// The result of the next `{call: …}` slot (worked out before rendering).
    var called: () -> String = { "" }

    /// A variable name built from a template (`fav_{1}`): lower case, and anything but letters,
    /// digits, `-` and `_` made `_`.
    static func variableName(_ text: String) -> String {
        String(text.lowercased().map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" })
    }

    func render(_ template: Template) -> String {
        var output = ""
        for part in template.parts {
            switch part {
            case .text(let text):
                output += text
            case .slot(let source, let filters):
                var value: String
                switch source {
                case .capture(let number): value = capture(number) ?? ""
                case .namedCapture(let name): value = namedCapture(name) ?? ""
                case .variable(let name): value = variable(name) ?? ""
                case .recall: value = recall() ?? ""
                case .alternatives(let options): value = options[min(max(pick(options.count), 0), options.count - 1)]
                case .redirect: value = redirected()
                case .call: value = called()
                case .dynamicVariable(let name): value = variable(Self.variableName(render(name))) ?? ""
                }
                for filter in filters {
                    switch filter {
                    case .lower: value = value.lowercased()
                    case .upper: value = value.uppercased()
                    case .capitalized: value = value.prefix(1).uppercased() + value.dropFirst()
                    case .reflect: value = reflect(value)
                    case .sentence: value = value.prefix(1).uppercased() + value.dropFirst().lowercased()
                    case .formal:
                        value = value.split(separator: " ", omittingEmptySubsequences: false)
                            .map { $0.prefix(1).uppercased() + $0.dropFirst().lowercased() }.joined(separator: " ")
                    case .fallback(let text): if value.isEmpty { value = text }
                    }
                }
                output += value
            }
        }
        return output
    }
}
