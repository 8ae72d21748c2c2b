import PCRE2

/// A `matches` expectation's regular expression, compiled with PCRE2 (UTF and UCP on), as the
/// rule engine compiles its patterns.
struct PCRE2TextPattern: TextPattern {
    let pattern: Pattern
    var source: String { pattern.source }

    /// A match that hits PCRE2's limits counts as no match (and the expectation fails).
    func matches(_ text: String) -> Bool {
        ((try? pattern.firstMatch(in: text)) ?? nil) != nil
    }
}

/// Compiles the regular expressions of `matches` lines.
enum TextPatterns {
    static func compile(_ source: String) throws(TextPatternError) -> any TextPattern {
        do {
            return PCRE2TextPattern(pattern: try Pattern(source))
        } catch {
            throw TextPatternError(message: error.message, characterOffset: error.characterOffset)
        }
    }
}
