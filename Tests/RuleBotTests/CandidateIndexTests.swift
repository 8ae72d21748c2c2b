import ChatCore
import PCRE2
import Testing
@testable import RuleBot

@Suite struct CandidateIndexTests {
    @Test(
        arguments: [
            ("\\border\\b", ["order"]),
            ("^(?:please )?(?:check|track) order7 (?<n>\\d+)", [" order7 "]),
            ("\\b(item5|thing5)s?\\b", ["item5", "thing5"]),
            ("colou?r", ["colo"]),
            ("colou?red", ["colo"]),
            ("refunds?", ["refund"]),
            ("a+bcd", ["bcd"]),
            ("(?i)hello", nil),
            ("x|hello", nil),
            ("(hello|hi)", nil),
            ("(?=hello)x", nil),
            ("(?<!\\S)(YOU)(?!\\S)", ["you"]),
            ("Grüße (and) more", [" more"]),
            ("\\QThe\\E end", nil),
            ("[abc]{3}def", ["def"]),
            ("what\\?", ["what?"]),
            ("(?:abc){0,2}xyz", ["xyz"]),
            ("(abc)*", nil),
        ] as [(String, [String]?)])
    func requiredLiterals_areFoundConservatively(_ pattern: String, _ expected: [String]?) throws {
        _ = try Pattern(pattern)
        #expect(RequiredLiterals.of(pattern, extended: false).map { Set($0) } == expected.map { Set($0) })
    }

    @Test func requiredLiterals_areNotUsed_forExtendedPatterns() {
        #expect(RequiredLiterals.of("hello world", extended: true) == nil)
    }

    /// Every rule whose pattern matches must be among the candidates, whatever the message.
    @Test func index_neverSkipsARuleThatMatches() throws {
        let patterns = [
            "\\border\\b", "refunds?", "colou?red", "\\b(item|thing)s?\\b", "^hello", "bye$", "(?:check|track) order (\\d+)",
            "don't", "what\\?", "a+bcd", "[xyz]{2}abc", "\\bKelvin\\b", "ßtraße", "(?i)MiXeD", "ÉCOLE", "(?<!\\S)(you)(?!\\S)",
            "sos", "\\d{6}", "(?:abc){0,2}xyz", "\\bword\\b.*\\b(refund|return)\\b",
        ]
        var text = "option typing off\n"
        for (index, pattern) in patterns.enumerated() { text += "rule r\(index)\n  match \(pattern)\n  reply \(index)\n" }
        let book = try RuleBookLoader.compile(text: text, name: "index.rules")
        let messages = [
            "Where is my ORDER?", "I want a REFUND", "the coloured one", "two items please", "Hello there", "ok bye",
            "please track order 123", "I DON'T know", "what?", "aaabcd", "xyabc", "\u{212A}elvin here", "Großstraße",
            "mixed case", "école", "YOU", "\u{17F}O\u{17F}", "123456", "abcabcxyz", "a word about a return",
            "nothing at all", "", "ab", "ordering", "refun", "colored",
        ]
        let engine = RuleEngine(book: book, chat: nil, memory: ResponderMemory(), random: ChatRandom(seed: 1), logger: nil)
        for message in messages {
            let input = PreparedInput(message: message, book: book) { _ in false }
            let candidates = Set(engine.candidates(for: input))
            for rule in book.rules where rule.kind == .rule {
                if engine.match(rule, input: input) != nil {
                    #expect(candidates.contains(rule.index), "\(message) matches `\(rule.patterns[0].written)` but the index skipped it")
                }
            }
        }
    }
}
