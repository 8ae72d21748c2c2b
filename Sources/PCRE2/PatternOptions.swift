import CPCRE2

/// Per-pattern compile flags. UTF and UCP are always on and are not listed here.
public struct PatternOptions: OptionSet, Hashable, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Letters match their other case too, beyond ASCII ("ÉCOLE" matches "école").
    public static let caseless = PatternOptions(rawValue: PCRE2_CASELESS)
    /// Whitespace in the pattern is ignored and `#` starts a comment.
    public static let extended = PatternOptions(rawValue: PCRE2_EXTENDED)
    /// `.` also matches a newline.
    public static let dotAll = PatternOptions(rawValue: PCRE2_DOTALL)
    /// `^` and `$` also match at line breaks inside the subject.
    public static let multiline = PatternOptions(rawValue: PCRE2_MULTILINE)
}
