import Foundation

/// A compiled regular expression that an expectation's text must contain a match of.
///
/// A seam between the conversation tests and the regular-expression engine.
package protocol TextPattern: Sendable {
    /// The pattern as written.
    var source: String { get }
    /// Whether `text` contains a match.
    func matches(_ text: String) -> Bool
    /// The names of the pattern's named groups (`(?<order>...)`), which a match captures.
    var captureNames: [String] { get }
    /// What the named groups captured in the first match in `text` (empty when no match).
    func captures(in text: String) -> [String: String]
}

extension TextPattern {
    package var captureNames: [String] { [] }
    package func captures(in text: String) -> [String: String] { [:] }
}

/// A pattern that did not compile.
struct TextPatternError: Error {
    var message: String
    /// Where in the pattern, counted in characters from 0.
    var characterOffset: Int
}
