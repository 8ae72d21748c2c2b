import Foundation

/// A compiled regular expression that an expectation's text must contain a match of.
///
/// A seam between the conversation tests and the regular-expression engine.
public protocol TextPattern: Sendable {
    /// The pattern as written.
    var source: String { get }
    /// Whether `text` contains a match.
    func matches(_ text: String) -> Bool
}

/// A pattern that did not compile.
struct TextPatternError: Error {
    var message: String
    /// Where in the pattern, counted in characters from 0.
    var characterOffset: Int
}
