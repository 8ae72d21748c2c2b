import Foundation

/// A regular expression compiled with Foundation, until the PCRE2 wrapper is on main.
struct FoundationPattern: TextPattern, @unchecked Sendable {
    // @unchecked: NSRegularExpression is immutable and documented as safe to share between threads.
    let source: String
    private let expression: NSRegularExpression

    init(_ source: String) throws(TextPatternError) {
        do {
            expression = try NSRegularExpression(pattern: source)
        } catch {
            throw TextPatternError(message: "invalid regular expression", characterOffset: 0)
        }
        self.source = source
    }

    func matches(_ text: String) -> Bool {
        expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }
}

/// Compiles the regular expressions of `matches` lines.
enum TextPatterns {
    static func compile(_ source: String) throws(TextPatternError) -> any TextPattern {
        try FoundationPattern(source)
    }
}
