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

    var captureNames: [String] { pattern.groupNumbers.keys.sorted() }

    func captures(in text: String) -> [String: String] {
        guard let match = (try? pattern.firstMatch(in: text)) ?? nil else { return [:] }
        var values: [String: String] = [:]
        for name in pattern.groupNumbers.keys { values[name] = match[name] }
        return values
    }
}

/// Compiles the regular expressions of `matches` lines.
enum TextPatterns {
    /// Compiles `source`, ignoring letter case unless `caseSensitive` (`(?-i)` inside turns it off too).
    static func compile(_ source: String, caseSensitive: Bool = false) throws(TextPatternError) -> any TextPattern {
        do {
            return PCRE2TextPattern(pattern: try Pattern(source, options: caseSensitive ? [] : [.caseless]))
        } catch {
            throw TextPatternError(message: error.message, characterOffset: error.characterOffset)
        }
    }
}
