import Foundation

/// ELIZA-style word patterns, compiled into PCRE2 regular expressions.
///
/// `words * YOU (WANT NEED) *` matches a message word by word: `*` is any number of words
/// (none included, as few as possible), `_` exactly one word, `WORD` that word, `(A B C)` any one of
/// those words, `@list` any word of a list. Every element is one numbered capture, in order, so
/// `{4}` in a reply is what the fourth element matched.
enum WordPattern {
    /// The PCRE2 pattern for `source`, or an error message with the character offset it is about.
    static func regex(for source: String, lists: [String: [String]]) -> Result<String, WordPatternError> {
        var elements: [String] = []
        let characters = Array(source)
        var index = 0
        while index < characters.count {
            if characters[index] == " " { index += 1; continue }
            let start = index
            if characters[index] == "(" {
                guard let close = characters[index...].firstIndex(of: ")") else {
                    return .failure(WordPatternError(offset: index, message: "`(` is not closed; a choice of words is written `(WORD WORD ...)`"))
                }
                let choices = String(characters[(index + 1)..<close]).split(separator: " ").map(String.init)
                guard !choices.isEmpty else { return .failure(WordPatternError(offset: index, message: "`()` is empty; list the words to choose from")) }
                var alternatives: [String] = []
                for choice in choices {
                    switch alternativesFor(choice, lists: lists, offset: start) {
                    case .success(let found): alternatives += found
                    case .failure(let error): return .failure(error)
                    }
                }
                elements.append(wordGroup(alternatives))
                index = close + 1
                continue
            }
            while index < characters.count, characters[index] != " " { index += 1 }
            let token = String(characters[start..<index])
            switch token {
            case "*": elements.append("(.*?)")
            case "_": elements.append("(\\S+)")
            default:
                if token.contains(")") { return .failure(WordPatternError(offset: start, message: "`)` without a matching `(`")) }
                switch alternativesFor(token, lists: lists, offset: start) {
                case .success(let found): elements.append(wordGroup(found))
                case .failure(let error): return .failure(error)
                }
            }
        }
        guard !elements.isEmpty else { return .failure(WordPatternError(offset: 0, message: "a word pattern needs at least one element, such as `*`")) }
        return .success("^\\s*" + elements.joined(separator: "\\s*") + "\\s*$")
    }

    private static func alternativesFor(_ token: String, lists: [String: [String]], offset: Int) -> Result<[String], WordPatternError> {
        if token.hasPrefix("@") {
            let name = String(token.dropFirst())
            guard let words = lists[name] else {
                return .failure(WordPatternError(offset: offset, message: "unknown list `@\(name)`; declare it with `list \(name) = word word ...`"))
            }
            return .success(longestFirst(words).map(escape))
        }
        return .success([escape(token)])
    }

    /// One word among `alternatives`, delimited by spaces or the ends of the message.
    private static func wordGroup(_ alternatives: [String]) -> String {
        "(?<!\\S)(" + alternatives.joined(separator: "|") + ")(?!\\S)"
    }

    /// A list's words, longest first (file order among equal lengths), so that an alternation
    /// tries `olives` before `olive`.
    static func longestFirst(_ words: [String]) -> [String] {
        words.enumerated().sorted { $0.element.count != $1.element.count ? $0.element.count > $1.element.count : $0.offset < $1.offset }.map(\.element)
    }

    /// `@list` inside a `match` pattern: any one of the list's words as a whole word (not inside
    /// a longer word), longest first. An end of a word that is a letter, digit or `_` must not
    /// touch another such character; an end that is punctuation (`:(`) needs no boundary.
    static func listAlternation(_ words: [String]) -> String {
        let isWordCharacter = { (character: Character?) in character.map { $0.isLetter || $0.isNumber || $0 == "_" } ?? false }
        let items = longestFirst(words).map { word in
            (isWordCharacter(word.first) ? "(?<!\\w)" : "") + escape(word) + (isWordCharacter(word.last) ? "(?!\\w)" : "")
        }
        return "(?:" + items.joined(separator: "|") + ")"
    }

    /// Escapes every ASCII character that is not a letter or digit, so it matches itself.
    static func escape(_ word: String) -> String {
        var escaped = ""
        for scalar in word.unicodeScalars {
            if scalar.isASCII, !(CharacterSet.alphanumerics.contains(scalar)) { escaped.append("\\") }
            escaped.unicodeScalars.append(scalar)
        }
        return escaped
    }
}

struct WordPatternError: Error {
    var offset: Int
    var message: String
}

/// Expansion of `@list` inside PCRE2 patterns, with a map back to the author's columns.
struct ListExpansion {
    var pattern: String
    /// (start in expanded pattern, length there, start in source, length in source)
    private var expansions: [(Int, Int, Int, Int)] = []

    /// Replaces each `@name` (not preceded by `\`) with its words as whole words, longest first
    /// (see ``WordPattern/listAlternation(_:)``).
    init(_ source: String, lists: [String: [String]]) throws(WordPatternError) {
        let characters = Array(source)
        var output = ""
        var outputCount = 0
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character == "\\", index + 1 < characters.count {
                output.append(character); output.append(characters[index + 1]); outputCount += 2; index += 2
                continue
            }
            if character == "@", index + 1 < characters.count, characters[index + 1].isLetter {
                var end = index + 1
                while end < characters.count, characters[end].isLetter || characters[end].isNumber || characters[end] == "_" || characters[end] == "-" { end += 1 }
                let name = String(characters[(index + 1)..<end])
                guard let words = lists[name] else {
                    throw WordPatternError(offset: index, message: "unknown list `@\(name)`; declare it with `list \(name) = word word ...`, or write `\\@` for a literal @")
                }
                let replacement = WordPattern.listAlternation(words)
                expansions.append((outputCount, replacement.count, index, end - index))
                output += replacement
                outputCount += replacement.count
                index = end
                continue
            }
            output.append(character); outputCount += 1; index += 1
        }
        pattern = output
    }

    /// The author's character offset for a character offset in the expanded pattern.
    func sourceOffset(of expandedOffset: Int) -> Int {
        var delta = 0
        for (start, length, sourceStart, sourceLength) in expansions {
            if expandedOffset < start { break }
            if expandedOffset < start + length { return sourceStart }
            delta += length - sourceLength
        }
        return expandedOffset - delta
    }
}
