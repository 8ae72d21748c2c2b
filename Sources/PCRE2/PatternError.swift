import CPCRE2

/// A pattern PCRE2 refused to compile.
package struct PatternError: Error, Hashable, Sendable, CustomStringConvertible {
    /// PCRE2's error number (`PCRE2_ERROR_*` or a compile error code).
    package var code: Int32
    /// PCRE2's own message, such as "missing closing parenthesis".
    package var message: String
    /// Where in the pattern PCRE2 stopped, counted in characters from 0 (PCRE2 counts bytes).
    package var characterOffset: Int

    package init(code: Int32, message: String, characterOffset: Int) {
        self.code = code
        self.message = message
        self.characterOffset = characterOffset
    }

    package var description: String { "\(message) (at character \(characterOffset + 1) of the pattern)" }
}

/// Why a match gave up without an answer. The caller counts it as "no match" and logs it.
package struct MatchFailure: Error, Hashable, Sendable, CustomStringConvertible {
    package struct Reason: Hashable, Sendable, CustomStringConvertible {
        let name: String
        /// The match limit, depth limit, heap limit or JIT stack ran out: the pattern backtracks too much.
        package static let limitExceeded = Reason(name: "limit exceeded")
        /// The subject is longer than ``MatchLimits/maximumSubjectBytes``.
        package static let subjectTooLong = Reason(name: "subject too long")
        /// Any other PCRE2 error.
        package static let other = Reason(name: "error")
        package var description: String { name }
    }

    package var reason: Reason
    /// PCRE2's error number, or 0.
    package var code: Int32
    package var message: String

    package var description: String { "\(reason): \(message)" }
}

/// PCRE2's message for an error code.
func pcre2Message(_ code: Int32) -> String {
    var buffer = [UInt8](repeating: 0, count: 256)
    let length = buffer.withUnsafeMutableBufferPointer { pcre2_get_error_message_8(code, $0.baseAddress, $0.count) }
    guard length > 0 else { return "PCRE2 error \(code)" }
    return String(decoding: buffer[0..<Int(length)], as: UTF8.self)
}
