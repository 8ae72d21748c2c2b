package import PCRE2

/// A `when` guard: the customer's message must contain a match of the regular expression
/// (PCRE2, UTF and UCP on, ignoring case by default, as in `.rules` files).
package struct PatternGuard: ReplayGuard {
    package let pattern: Pattern

    /// - Throws: PCRE2's message and where in the pattern it stopped.
    /// Letter case is ignored unless `caseSensitive`, as in `.rules` patterns and `.convo`
    /// expectations (`(?-i)` inside the pattern turns it back on too).
    package init(_ source: String, caseSensitive: Bool = false) throws(PatternError) {
        pattern = try Pattern(source, options: caseSensitive ? [] : [.caseless])
    }

    package var description: String { "/\(pattern.source)/" }

    /// A match that hits PCRE2's limits counts as no match (the customer is off script).
    package func admits(_ text: String) -> Bool {
        ((try? pattern.firstMatch(in: text)) ?? nil) != nil
    }
}
