/// Why a text is not valid JSON, and where: a byte offset, converted to line and column.
package struct JSONParseError: Error, Equatable, CustomStringConvertible {
    /// 0-based offset of the offending byte.
    package var offset: Int
    /// 1-based line and column (in bytes) of the offending byte.
    package var line: Int
    package var column: Int
    /// What was wrong, such as "expected ':' after an object member name".
    package var reason: String

    package var description: String {
        "Malformed JSON at byte \(offset) (line \(line), column \(column)): \(reason)."
    }
}
