/// How specific a pattern is, for `option order specific`: RiveScript's trigger order, so that a
/// bot ported from RiveScript rule by rule answers as the original does.
///
/// RiveScript tries triggers with more weight first, then: triggers made of words only (most words
/// first, then the longest), then those with optional parts, then those with one-word wildcards
/// (`_`), number wildcards (`#`) and finally any-text wildcards (`*`), each again by words and
/// length; triggers with no words at all come last. The same order here, with `rank` as weight.
///
/// A `words` pattern is classified exactly (`*` is a wildcard, `_` a one-word wildcard, `WORD`,
/// `(A B)` and `@list` one word each). A `match` regular expression is classified by its shape:
/// an unbounded repetition (`*`, `+`, `{n,}`) of `\d` is a number wildcard, of `\w`, a letter class
/// or a class of letters a one-word wildcard, of anything else (`.`, `\S`, `[^ ]`, a group) a
/// wildcard; a `?` or `{0,n}` after something makes it optional; its words are the runs of letters
/// and digits written outside character classes and escapes.
struct Specificity: Comparable, Sendable {
    var hasNoWords: Bool
    var hasWildcard: Bool
    var hasNumberWildcard: Bool
    var hasWordWildcard: Bool
    var hasOptional: Bool
    var words: Int
    var length: Int
    var text: String

    /// Orders the more specific first.
    static func < (a: Specificity, b: Specificity) -> Bool {
        let left = (a.hasNoWords ? 1 : 0, a.hasWildcard ? 1 : 0, a.hasNumberWildcard ? 1 : 0, a.hasWordWildcard ? 1 : 0, a.hasOptional ? 1 : 0)
        let right = (b.hasNoWords ? 1 : 0, b.hasWildcard ? 1 : 0, b.hasNumberWildcard ? 1 : 0, b.hasWordWildcard ? 1 : 0, b.hasOptional ? 1 : 0)
        if left != right { return left < right }
        if a.words != b.words { return a.words > b.words }
        if a.length != b.length { return a.length > b.length }
        return a.text < b.text
    }

    /// A rule without patterns matches every message: the least specific of all.
    static let matchesEverything = Specificity(
        hasNoWords: true, hasWildcard: true, hasNumberWildcard: false, hasWordWildcard: false,
        hasOptional: false, words: 0, length: 0, text: "")

    /// The specificity of a `words` pattern as written.
    static func ofWords(_ source: String) -> Specificity {
        var key = Specificity(
            hasNoWords: false, hasWildcard: false, hasNumberWildcard: false, hasWordWildcard: false,
            hasOptional: false, words: 0, length: source.count, text: source.lowercased())
        var insideChoice = false
        for token in source.split(separator: " ") {
            if insideChoice {
                if token.hasSuffix(")") { insideChoice = false }
                continue
            }
            switch token {
            case "*": key.hasWildcard = true
            case "_": key.hasWordWildcard = true
            case "#": key.hasNumberWildcard = true
            default:
                key.words += 1
                if token.hasPrefix("("), !token.hasSuffix(")") { insideChoice = true }
            }
        }
        key.hasNoWords = key.words == 0
        return key
    }

    /// The specificity of a `trigger`, as RiveScript classifies it: by the wildcards and optionals
    /// it has, and its words (what is left between spaces, wildcards and brackets).
    static func ofTrigger(_ source: String) -> Specificity {
        let words = source.split(whereSeparator: { " \t*#_[]()".contains($0) }).count
        return Specificity(
            hasNoWords: words == 0, hasWildcard: source.contains("*"), hasNumberWildcard: source.contains("#"),
            hasWordWildcard: source.contains("_"), hasOptional: source.contains("["), words: words, length: source.count,
            text: source.lowercased())
    }

    /// The specificity of a `match` regular expression, from its shape.
    static func ofRegex(_ source: String) -> Specificity {
        var key = Specificity(
            hasNoWords: false, hasWildcard: false, hasNumberWildcard: false, hasWordWildcard: false,
            hasOptional: false, words: 0, length: source.count, text: source.lowercased())
        let characters = Array(source)
        /// What the atom before a quantifier was: a literal character, whitespace, a digit class,
        /// a letter or word class, or anything wider.
        enum Atom { case literal, space, digit, letter, wide }
        var inWord = false
        var index = 0
        func quantifier(at position: Int) -> (unbounded: Bool, optional: Bool, length: Int)? {
            guard position < characters.count else { return nil }
            switch characters[position] {
            case "*": return (true, false, 1)
            case "+": return (true, false, 1)
            case "?": return (false, true, 1)
            case "{":
                guard let close = characters[position...].firstIndex(of: "}") else { return nil }
                let inside = String(characters[(position + 1)..<close])
                let bounds = inside.split(separator: ",", omittingEmptySubsequences: false)
                guard bounds.allSatisfy({ $0.allSatisfy(\.isNumber) }), bounds.first?.isEmpty == false else { return nil }
                return (inside.hasSuffix(","), bounds.first == "0", close - position + 1)
            default: return nil
            }
        }
        var groupStarts: [Int] = []
        while index < characters.count {
            let character = characters[index]
            var atom: Atom?
            var consumed = 1
            switch character {
            case "\\":
                let next = index + 1 < characters.count ? characters[index + 1] : "\\"
                consumed = 2
                switch next {
                case "d": atom = .digit
                case "w", "p", "P": atom = .letter
                case "s": atom = .space
                case "b", "B", "A", "z", "Z", "G": atom = nil
                case "S", "W", "D", "X", "N", "R", "h", "H", "v", "V": atom = .wide
                default: atom = .literal
                }
                if next == "p" || next == "P", index + 2 < characters.count, characters[index + 2] == "{",
                    let close = characters[(index + 2)...].firstIndex(of: "}")
                {
                    consumed = close - index + 1
                }
                inWord = false
            case "[":
                var end = index + 1
                if end < characters.count, characters[end] == "^" { end += 1 }
                if end < characters.count, characters[end] == "]" { end += 1 }
                while end < characters.count, characters[end] != "]" { end += characters[end] == "\\" ? 2 : 1 }
                let inside = String(characters[min(index + 1, characters.count)..<min(end, characters.count)])
                consumed = end - index + 1
                if inside.hasPrefix("^") { atom = .wide } else if inside == "0-9" || inside == "\\d" { atom = .digit } else if inside.allSatisfy({ $0.isLetter || $0 == "-" || $0 == "'" }) || inside.contains("\\w") || inside.contains("a-z") { atom = .letter } else { atom = .wide }
                inWord = false
            case "(":
                groupStarts.append(index)
                consumed = 1
                if index + 1 < characters.count, characters[index + 1] == "?" {
                    // (?:  (?<name>  (?=  (?i) ...: skip to the group's body.
                    var end = index + 2
                    while end < characters.count, characters[end] != ":", characters[end] != ">", characters[end] != ")" {
                        if characters[end] == "=" || characters[end] == "!" { break }
                        end += 1
                    }
                    consumed = min(end + 1, characters.count) - index
                    if end < characters.count, characters[end] == ")" { groupStarts.removeLast() }
                }
                inWord = false
            case ")":
                let start = groupStarts.popLast() ?? index
                let body = String(characters[(start + 1)..<index])
                // A group is wide when it holds a wildcard; else as specific as its words.
                let inner = Specificity.ofRegex(body)
                atom = inner.hasWildcard ? .wide : inner.hasNumberWildcard ? .digit : inner.hasWordWildcard ? .letter : .literal
                if body.hasSuffix("|") || body.contains("||") || body.hasPrefix("|") || body.hasPrefix("?:|") { key.hasOptional = true }
                inWord = false
            case ".":
                atom = .wide
                inWord = false
            case "^", "$", "|":
                inWord = false
            case " ":
                atom = .space
                inWord = false
            default:
                if character.isLetter || character.isNumber {
                    if !inWord { key.words += 1; inWord = true }
                    atom = .literal
                } else {
                    atom = .literal
                    inWord = false
                }
            }
            index += consumed
            if let atom, let found = quantifier(at: index) {
                index += found.length
                if index < characters.count, characters[index] == "?" || characters[index] == "+" { index += 1 }
                if found.optional, atom != .space { key.hasOptional = true }
                if found.unbounded {
                    switch atom {
                    case .digit: key.hasNumberWildcard = true
                    case .letter: key.hasWordWildcard = true
                    case .wide: key.hasWildcard = true
                    case .literal, .space: break
                    }
                }
                inWord = false
            }
        }
        key.hasNoWords = key.words == 0
        return key
    }
}
