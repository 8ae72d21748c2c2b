import Foundation
import PCRE2

/// A customer message made ready for matching: normalised, cut to one clause, its keywords found.
///
/// Patterns see ``subject``; captures are mapped back through ``segments`` so that a `substitute`d
/// word comes back as the customer wrote it, while a `swap`ped word comes back swapped.
final class PreparedInput {
    struct Segment {
        /// Byte range in the subject.
        var subjectBytes: Range<Int>
        /// The text a capture covering this segment gets.
        var captureText: String
        /// Whether `captureText` differs from the subject text (then it is taken whole).
        var changed: Bool
    }

    let subject: MatchSubject
    let segments: [Segment]
    /// Keywords in the order they are tried (ELIZA's keystack): upper-cased.
    let keywords: [String]
    /// The last word of the subject, upper-cased (for `pick hash`).
    let lastWord: String

    private var indexKeyCache: (folded: [UInt8], trigrams: Set<UInt32>)?

    /// The subject folded for ``CandidateIndex``, and its trigrams: computed on first use.
    var indexKey: (folded: [UInt8], trigrams: Set<UInt32>) {
        if let indexKeyCache { return indexKeyCache }
        let folded = CandidateIndex.fold(subject.bytes)
        let key = (folded, CandidateIndex.trigrams(of: folded))
        indexKeyCache = key
        return key
    }

    /// An input that is exactly `text`, with no keywords (for `=> goto NAME with TEXT`).
    init(rewritten text: String) {
        subject = MatchSubject(text)
        segments = [Segment(subjectBytes: 0..<text.utf8.count, captureText: text, changed: false)]
        keywords = []
        lastWord = text.split(separator: " ").last.map { String($0).uppercased() } ?? ""
    }

    /// Prepares `message` for `book`, with `isKeywordActive` telling which keywords count.
    init(message: String, book: RuleBook, isKeywordActive: (String) -> Bool) {
        let options = book.options
        var text = message.trimmingWhitespace()
        if text.count > options.maximumMessageCharacters { text = String(text.prefix(options.maximumMessageCharacters)) }
        if options.normalisation.contains(.lowercase) { text = text.lowercased() }
        let stripsPunctuation = options.normalisation.contains(.punctuation)
        let collapsesSpaces = stripsPunctuation || options.normalisation.contains(.spaces)
        let clean: (String) -> String = { stripsPunctuation ? Self.strippingPunctuation($0) : $0 }
        var tokens = WordTokenizer.tokens(of: text, delimiters: options.clauseDelimiterCharacters)

        // Clause cutting: stop at a delimiter once a keyword has been seen; before that, drop
        // everything up to and including the delimiter.
        if options.usesClauses {
            var start = 0, end = tokens.count, sawKeyword = false
            for (index, token) in tokens.enumerated() {
                let isDelimiter =
                    (!token.isWord && token.text.count == 1 && token.text.first.map(options.clauseDelimiterCharacters.contains) == true)
                    || (token.isWord && options.clauseDelimiterWords.contains(token.upperCore))
                if isDelimiter {
                    if sawKeyword { end = index; break }
                    start = index + 1
                } else if token.isWord, isKeywordActive(token.upperCore) {
                    sawKeyword = true
                }
            }
            tokens = Array(tokens[min(start, tokens.count)..<max(min(start, tokens.count), end)])
        }
        while let first = tokens.first, !first.isWord { tokens.removeFirst() }
        while let last = tokens.last, !last.isWord { tokens.removeLast() }

        // The keystack: a keyword ranked above the first goes first, any other goes last.
        var stack: [String] = []
        for token in tokens where token.isWord {
            let word = token.upperCore
            guard !word.isEmpty, isKeywordActive(word) else { continue }
            if let top = stack.first, book.keywordRanks[word, default: 0] > book.keywordRanks[top, default: 0] {
                stack.insert(word, at: 0)
            } else {
                stack.append(word)
            }
        }
        keywords = stack

        // Substitutions: `substitute` first (captures keep the original), then `swap`.
        var wordList: [String] = []
        var wordPositions: [Int] = []
        let comparesWritten = book.substitutions.hasNonWordEntries || book.swaps.hasNonWordEntries
        var writtenList: [String]? = comparesWritten ? [] : nil
        for token in tokens {
            wordPositions.append(wordList.count)
            if token.isWord {
                wordList.append(token.upperCore)
                writtenList?.append(token.text.uppercased())
            }
        }
        var subjectText = ""
        var byteCount = 0
        var built: [Segment] = []
        var pendingSpace = false
        func append(_ subjectPiece: String, capture: String, changed: Bool) {
            guard !subjectPiece.isEmpty else { return }
            if pendingSpace {
                pendingSpace = false
                if byteCount > 0 { append(" ", capture: " ", changed: false) }
            }
            let length = subjectPiece.utf8.count
            built.append(Segment(subjectBytes: byteCount..<(byteCount + length), captureText: capture, changed: changed))
            subjectText += subjectPiece
            byteCount += length
        }
        var lastSubjectWord = ""
        var index = 0
        while index < tokens.count {
            let token = tokens[index]
            let position = wordPositions[index]
            let substitution = token.isWord ? book.substitutions.match(wordList, written: writtenList, at: position) : nil
            let swap = token.isWord && substitution == nil ? book.swaps.match(wordList, written: writtenList, at: position) : nil
            guard token.isWord, !token.core.isEmpty || substitution != nil || swap != nil else {
                if collapsesSpaces, !token.isWord || stripsPunctuation {
                    // Whitespace (and, stripping punctuation, a word of punctuation only) becomes
                    // one space between the words around it.
                    pendingSpace = true
                } else {
                    append(token.text, capture: token.text, changed: false)
                }
                index += 1
                continue
            }
            guard let entry = substitution ?? swap else {
                append(clean(token.prefix), capture: clean(token.prefix), changed: false)
                let core = clean(token.core)
                append(core, capture: core, changed: false)
                append(clean(token.suffix), capture: clean(token.suffix), changed: false)
                lastSubjectWord = token.core
                index += 1
                continue
            }
            // The token of the entry's last word, and the customer's text it spans.
            var lastToken = index, remaining = entry.from.count - 1
            while remaining > 0 {
                lastToken += 1
                if tokens[lastToken].isWord { remaining -= 1 }
            }
            // A word matched by its letters keeps the punctuation around it; one matched as
            // written (`:(`) is replaced whole, but for trailing sentence punctuation (`c++?`).
            let firstForm = WordSubstitutions.form(of: entry.from[0], words: wordList, written: writtenList, at: position)
            let lastForm = WordSubstitutions.form(of: entry.from[entry.from.count - 1], words: wordList, written: writtenList, at: wordPositions[lastToken])
            let last = tokens[lastToken]
            let suffix =
                switch lastForm {
                case .letters?: last.suffix
                case .writtenWithoutTrailingPunctuation?: String(last.text.dropFirst(WordSubstitutions.withoutTrailingPunctuation(last.text.uppercased()).count))
                default: ""
                }
            let prefix = firstForm == .letters ? token.prefix : ""
            append(clean(prefix), capture: clean(prefix), changed: false)
            var original = firstForm == .letters ? token.core : token.text
            if lastToken > index {
                original +=
                    (firstForm == .letters ? token.suffix : "") + tokens[(index + 1)..<lastToken].map(\.text).joined()
                    + (lastForm == .letters ? last.prefix + last.core : String(last.text.dropLast(suffix.count)))
            } else if firstForm != .letters {
                original = String(token.text.dropLast(suffix.count))
            }
            append(clean(entry.to), capture: clean(swap != nil ? entry.to : original), changed: true)
            append(clean(suffix), capture: clean(suffix), changed: false)
            lastSubjectWord = entry.to.split(separator: " ").last.map(String.init) ?? lastSubjectWord
            index = lastToken + 1
        }
        subject = MatchSubject(subjectText)
        segments = built
        lastWord = lastSubjectWord.uppercased()
    }

    /// `text` without the characters `option normalise punctuation` removes: all but letters,
    /// digits and whitespace (runs of which become one space), so `what's` becomes `whats`, as in
    /// RiveScript.
    static func strippingPunctuation(_ text: String) -> String {
        var output = ""
        var space = false
        for character in text {
            if WordTokenizer.isWhitespace(character) { space = true; continue }
            guard character.isLetter || character.isNumber else { continue }
            if space, !output.isEmpty { output.append(" ") }
            space = false
            output.append(character)
        }
        return output
    }

    /// The text a capture covering `bytes` of the subject stands for.
    func captureText(_ bytes: Range<Int>) -> String {
        var text = ""
        for segment in segments where segment.subjectBytes.overlaps(bytes) {
            if segment.changed {
                text += segment.captureText
            } else {
                let utf8 = segment.captureText.utf8
                let from = max(bytes.lowerBound, segment.subjectBytes.lowerBound) - segment.subjectBytes.lowerBound
                let to = min(bytes.upperBound, segment.subjectBytes.upperBound) - segment.subjectBytes.lowerBound
                if from < to {
                    let start = utf8.index(utf8.startIndex, offsetBy: from), end = utf8.index(utf8.startIndex, offsetBy: to)
                    text += String(decoding: utf8[start..<end], as: UTF8.self)
                }
            }
        }
        return text.trimmingWhitespace()
    }
}
