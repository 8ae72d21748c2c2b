import Foundation

/// A table of word substitutions (`FROM = TO`), matched case-insensitively on whole words.
///
/// Used three ways: `substitute` (normalisation before matching), `swap` (ELIZA's substitution
/// during scanning) and `reflect` (the pronoun filter).
struct WordSubstitutions: Sendable {
    struct Entry: Sendable {
        /// Upper-cased words to match, in order.
        let from: [String]
        let to: String
    }

    /// Entries by their first word, longest first.
    private let entriesByFirstWord: [String: [Entry]]
    /// Whether an entry has a word that is not only letters, digits and apostrophes (`:(`, `+`,
    /// `&amp;`): such a word is compared with a message's words as written, not only their letters.
    let hasNonWordEntries: Bool

    var isEmpty: Bool { entriesByFirstWord.isEmpty }

    init(_ pairs: [(from: [String], to: String)]) {
        var table: [String: [Entry]] = [:]
        for pair in pairs {
            let from = pair.from.map { $0.uppercased() }
            guard let first = from.first else { continue }
            table[first, default: []].append(Entry(from: from, to: pair.to))
        }
        entriesByFirstWord = table.mapValues { $0.sorted { $0.from.count > $1.from.count } }
        hasNonWordEntries = pairs.contains { $0.from.contains { !Self.isPlainWord($0) } }
    }

    /// Whether `word` is only what a message word's letters are made of (letters, digits, apostrophes).
    static func isPlainWord(_ word: String) -> Bool {
        word.allSatisfy { $0.isLetter || $0.isNumber || $0 == "'" || $0 == "’" }
    }

    /// How an entry's word matched a message word: its letters (`WHAT'S` in `what's?`), the whole
    /// word as written (`:(`), or the word without its trailing sentence punctuation (`C++` in `c++?`).
    enum Form { case letters, written, writtenWithoutTrailingPunctuation }

    /// The entry matching the words starting at `words[start]` (letters, upper-cased); `written`
    /// holds the same words as written, upper-cased, when the table has non-word entries.
    func match(_ words: [String], written: [String]? = nil, at start: Int) -> Entry? {
        var candidates = entriesByFirstWord[words[start]] ?? []
        if let written {
            let text = written[start]
            if text != words[start] { candidates += entriesByFirstWord[text] ?? [] }
            let trimmed = Self.withoutTrailingPunctuation(text)
            if trimmed != text, trimmed != words[start] { candidates += entriesByFirstWord[trimmed] ?? [] }
            if candidates.count > 1 { candidates.sort { $0.from.count > $1.from.count } }
        }
        return candidates.first { entry in
            guard start + entry.from.count <= words.count else { return false }
            return entry.from.indices.allSatisfy { offset in Self.form(of: entry.from[offset], words: words, written: written, at: start + offset) != nil }
        }
    }

    /// How `entryWord` matches the message word at `position`, if it does.
    static func form(of entryWord: String, words: [String], written: [String]?, at position: Int) -> Form? {
        if words[position] == entryWord, !entryWord.isEmpty { return .letters }
        guard let written else { return nil }
        if written[position] == entryWord { return .written }
        if withoutTrailingPunctuation(written[position]) == entryWord { return .writtenWithoutTrailingPunctuation }
        return nil
    }

    /// The characters that end a sentence or clause, dropped from the end of a written word.
    static func withoutTrailingPunctuation(_ word: String) -> String {
        var word = Substring(word)
        while let last = word.last, ".,!?;:".contains(last), word.count > 1 { word = word.dropLast() }
        return String(word)
    }

    /// The English pronoun reflection used when a file declares no `reflect` lines.
    static let englishReflection = WordSubstitutions(
        [
            (["I"], "you"), (["me"], "you"), (["my"], "your"), (["mine"], "yours"), (["myself"], "yourself"),
            (["am"], "are"), (["I'm"], "you're"), (["I've"], "you've"), (["I'll"], "you'll"), (["I'd"], "you'd"),
            (["was"], "were"),
            (["you"], "I"), (["your"], "my"), (["yours"], "mine"), (["yourself"], "myself"),
            (["you're"], "I'm"), (["you've"], "I've"), (["you'll"], "I'll"), (["you'd"], "I'd"),
            (["are"], "am"), (["were"], "was"),
            (["we"], "you"), (["us"], "you"), (["our"], "your"), (["ours"], "yours"),
        ].map { (from: $0.0, to: $0.1) })

    /// `text` with every matching word replaced, keeping spaces and punctuation, and following
    /// the case of the word replaced (lower, Capitalised or UPPER).
    func apply(to text: String) -> String {
        let tokens = WordTokenizer.tokens(of: text)
        let words = tokens.compactMap { $0.isWord ? $0.upperCore : nil }
        var wordIndex = 0
        var output = ""
        var skipWords = 0
        for token in tokens {
            guard token.isWord else {
                if skipWords == 0 { output += token.text }
                continue
            }
            defer { wordIndex += 1 }
            if skipWords > 0 { skipWords -= 1; if skipWords == 0 { output += token.suffix }; continue }
            if let entry = match(words, at: wordIndex) {
                output += token.prefix + Self.matchCase(entry.to, like: token.core)
                if entry.from.count == 1 { output += token.suffix } else { skipWords = entry.from.count - 1 }
            } else {
                output += token.text
            }
        }
        return output
    }

    static func matchCase(_ replacement: String, like original: String) -> String {
        // "I" is written in capitals anywhere in a sentence: it says nothing about the case wanted.
        let isPronounI = original == "I" || original.hasPrefix("I'")
        let letters = isPronounI ? original.lowercased().filter(\.isLetter) : original.filter(\.isLetter)
        if letters.count > 1, letters == letters.uppercased() { return replacement.uppercased() }
        if letters == letters.lowercased() { return replacement == "I" || replacement.hasPrefix("I'") || replacement.hasPrefix("I ") ? replacement : replacement.lowercased() }
        if let first = letters.first, first.isUppercase { return replacement.prefix(1).uppercased() + replacement.dropFirst() }
        return replacement
    }
}

/// Splits text into words and the space between them, keeping everything, so it can be put back.
enum WordTokenizer {
    struct Token {
        /// The token as written.
        let text: String
        /// Whether it is a word (not whitespace).
        let isWord: Bool
        /// Punctuation before and after the word's letters (kept apart for matching).
        let prefix: String
        let core: String
        let suffix: String
        /// `core` in capitals, for keyword and substitution look-ups.
        let upperCore: String

        static func other(_ text: String) -> Token {
            Token(text: text, isWord: false, prefix: "", core: "", suffix: "", upperCore: "")
        }
    }

    static func tokens(of text: String, delimiters: Set<Character> = []) -> [Token] {
        var tokens: [Token] = []
        var current = ""
        var currentIsSpace = false
        func flush() {
            guard !current.isEmpty else { return }
            tokens.append(currentIsSpace ? .other(current) : word(current))
            current = ""
        }
        for character in text {
            if !delimiters.isEmpty, delimiters.contains(character) {
                flush()
                tokens.append(.other(String(character)))
                continue
            }
            let isSpace = isWhitespace(character)
            if isSpace != currentIsSpace { flush(); currentIsSpace = isSpace }
            current.append(character)
        }
        flush()
        return tokens
    }

    /// `Character.isWhitespace`, with a fast path for ASCII.
    static func isWhitespace(_ character: Character) -> Bool {
        if let ascii = character.asciiValue { return ascii == 32 || (9...13).contains(ascii) }
        return character.isWhitespace
    }

    /// Letters, digits and apostrophes make up a word's core.
    private static func isCore(_ character: Character) -> Bool {
        if let ascii = character.asciiValue {
            return (48...57).contains(ascii) || (65...90).contains(ascii) || (97...122).contains(ascii) || ascii == 39
        }
        return character.isLetter || character.isNumber || character == "’"
    }

    private static func word(_ text: String) -> Token {
        guard let first = text.firstIndex(where: isCore), let last = text.lastIndex(where: isCore) else {
            return Token(text: text, isWord: true, prefix: text, core: "", suffix: "", upperCore: "")
        }
        var core = String(text[first...last])
        if core.unicodeScalars.contains("\u{2019}") { core = String(core.map { $0 == "’" ? "'" : $0 }) }
        // A quote that only opens or closes the word is punctuation, not part of it.
        var prefix = String(text[..<first]), suffix = String(text[text.index(after: last)...])
        while core.hasPrefix("'") { prefix += "'"; core.removeFirst() }
        while core.hasSuffix("'") { suffix = "'" + suffix; core.removeLast() }
        return Token(text: text, isWord: true, prefix: prefix, core: core, suffix: suffix, upperCore: core.uppercased())
    }
}

extension String {
    /// The string without leading and trailing whitespace (no Foundation round trip).
    func trimmingWhitespace() -> String {
        guard let start = firstIndex(where: { !WordTokenizer.isWhitespace($0) }),
            let end = lastIndex(where: { !WordTokenizer.isWhitespace($0) })
        else { return "" }
        return String(self[start...end])
    }
}
