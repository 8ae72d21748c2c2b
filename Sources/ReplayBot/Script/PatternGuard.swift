import Foundation

/// A `when` guard: the customer's message must contain a match of the regular expression.
struct PatternGuard: ReplayGuard, @unchecked Sendable {
    // @unchecked: NSRegularExpression is immutable and documented as safe to share between threads.
    let source: String
    private let expression: NSRegularExpression

    /// - Throws: a message saying why the pattern does not compile.
    init(_ source: String) throws(ReplayPatternError) {
        do {
            expression = try NSRegularExpression(pattern: source)
        } catch {
            throw ReplayPatternError(message: "invalid regular expression", characterOffset: 0)
        }
        self.source = source
    }

    var description: String { "/\(source)/" }

    func admits(_ text: String) -> Bool {
        expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }
}

struct ReplayPatternError: Error {
    var message: String
    var characterOffset: Int
}
