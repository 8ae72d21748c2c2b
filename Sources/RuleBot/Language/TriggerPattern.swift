import Foundation
/// RiveScript triggers, compiled into PCRE2 regular expressions: `trigger what is your
/// (home|office) [phone] number`.
///
/// A trigger describes the whole message (it is anchored at both ends). `*` is any text (at
/// least one character), `#` a number, `_` a word of letters; `(a|b c)` one of the texts, `[a|b]`
/// one of them or nothing, `[*]` any text or nothing; `@list` an item of a list, `(@list)` the
/// same, captured; `<bot NAME>` and `<get NAME>` a bot value or chat variable, as `{$bot.NAME}`
/// and `{$NAME}` are in `match`. The captures are numbered as RiveScript's `<star1>`, `<star2>`:
/// each wildcard, each `(...)` and `[*]`, from the left. An optional part takes the space before
/// it (or after it, before the first part that is not optional), so `(aa|bb) [bogus]` matches "aa"
/// and "aa bogus", not "aabogus".
enum TriggerPattern {
    /// The PCRE2 pattern for `source` (`{$NAME}` slots included), or an error at a character offset.
    static func regex(for source: String, lists: [String: [String]]) -> Result<String, WordPatternError> {
        let trimmed = source.trimmingCharacters(in: .whitespaces)
        if trimmed == "*" { return .success("^(.*?)$") }
        var elements: [(regex: String, optional: Bool)] = []
        let characters = Array(source)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character == " " || character == "\t" { index += 1; continue }
            let start = index
            switch character {
            case "(", "[":
                let close: Character = character == "(" ? ")" : "]"
                guard let end = characters[index...].firstIndex(of: close) else {
                    return .failure(WordPatternError(offset: index, message: "`\(character)` is not closed with `\(close)`"))
                }
                let inside = String(characters[(index + 1)..<end]).trimmingCharacters(in: .whitespaces)
                index = end + 1
                if character == "[", inside == "*" {
                    elements.append(("(.*?)", true))
                    continue
                }
                let alternatives: [String]
                switch self.alternatives(inside, lists: lists, offset: start + 1) {
                case .success(let found): alternatives = found
                case .failure(let error): return .failure(error)
                }
                elements.append(character == "(" ? ("(" + alternatives.joined(separator: "|") + ")", false) : ("(?:" + alternatives.joined(separator: "|") + ")", true))
            case "<":
                guard let end = characters[index...].firstIndex(of: ">") else {
                    return .failure(WordPatternError(offset: index, message: "`<` is not closed with `>`; write `<bot NAME>` or `<get NAME>`"))
                }
                let words = String(characters[(index + 1)..<end]).split(separator: " ").map(String.init)
                index = end + 1
                guard words.count == 2, words[0] == "bot" || words[0] == "get", RuleFileParser.validName(words[1]) != nil else {
                    return .failure(WordPatternError(offset: start, message: "a trigger takes `<bot NAME>` or `<get NAME>` here; other tags have no meaning in a pattern"))
                }
                elements.append((PatternSlots.placeholder(words[0] == "bot" ? RuleFileParser.botValuePrefix + words[1] : words[1]), false))
            case "{":
                return .failure(WordPatternError(offset: index, message: "`{` in a trigger: write `{weight=N}` as a `rank N` line, and `{$NAME}` as `<get NAME>`"))
            default:
                while index < characters.count, !" \t([<{".contains(characters[index]) { index += 1 }
                let token = String(characters[start..<index])
                switch token {
                case "*": elements.append(("(.+?)", false))
                case "#": elements.append(("(\\d+)", false))
                case "_": elements.append(("(\\p{L}+)", false))
                default:
                    if token.hasPrefix("@") {
                        guard let items = lists[String(token.dropFirst())] else {
                            return .failure(WordPatternError(offset: start, message: "unknown list `\(token)`; declare it with `list \(token.dropFirst()) = item item ...`"))
                        }
                        elements.append(("(?:" + items.map(phrase).joined(separator: "|") + ")", false))
                    } else if token.contains(where: { ")]>}".contains($0) }) {
                        return .failure(WordPatternError(offset: start, message: "`\(token)`: a closing bracket without its opening one"))
                    } else {
                        elements.append((WordPattern.escape(token), false))
                    }
                }
            }
        }
        guard !elements.isEmpty else { return .failure(WordPatternError(offset: 0, message: "a trigger needs at least one word or wildcard, such as `hello bot` or `*`")) }
        // Each optional part takes the space before it, or, before the first part that is not
        // optional, the space after it.
        var regex = "^"
        var needsSpace = false
        for element in elements {
            if element.optional {
                if !needsSpace {
                    regex += "(?:" + element.regex + "\\s+)?"
                } else {
                    regex += "(?:\\s+" + element.regex + ")?"
                }
                continue
            }
            if needsSpace { regex += "\\s+" }
            regex += element.regex
            needsSpace = true
        }
        return .success(regex + "$")
    }

    /// The texts of `(a|b c)` or `[a|b]`, as patterns (`@list` inside gives the list's items).
    private static func alternatives(_ inside: String, lists: [String: [String]], offset: Int) -> Result<[String], WordPatternError> {
        var found: [String] = []
        for text in inside.split(separator: "|", omittingEmptySubsequences: false) {
            let alternative = text.trimmingCharacters(in: .whitespaces)
            if alternative.hasPrefix("@"), !alternative.contains(" ") {
                guard let items = lists[String(alternative.dropFirst())] else {
                    return .failure(WordPatternError(offset: offset, message: "unknown list `\(alternative)`; declare it with `list \(alternative.dropFirst()) = item item ...`"))
                }
                found += items.map(phrase)
            } else if alternative.isEmpty {
                return .failure(WordPatternError(offset: offset, message: "an empty choice in `(...)` or `[...]`; remove the extra `|`"))
            } else {
                found.append(phrase(alternative))
            }
        }
        return .success(found)
    }

    /// Words as a pattern: each escaped, any spaces between them.
    private static func phrase(_ text: String) -> String {
        text.split(separator: " ").map { WordPattern.escape(String($0)) }.joined(separator: "\\s+")
    }
}
