import CPCRE2

/// Per-pattern compile flags. UTF and UCP are always on and are not listed here.
package struct PatternOptions: OptionSet, Hashable, Sendable {
    package let rawValue: UInt32
    package init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Letters match their other case too, beyond ASCII ("ÉCOLE" matches "école").
    package static let caseless = PatternOptions(rawValue: PCRE2_CASELESS)
    /// Whitespace in the pattern is ignored and `#` starts a comment.
    package static let extended = PatternOptions(rawValue: PCRE2_EXTENDED)
    /// `.` also matches a newline.
    package static let dotAll = PatternOptions(rawValue: PCRE2_DOTALL)
    /// `^` and `$` also match at line breaks inside the subject.
    package static let multiline = PatternOptions(rawValue: PCRE2_MULTILINE)
}
