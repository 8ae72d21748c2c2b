/// Why a request body is not valid JSON, and where: a byte offset, converted to line and column.
struct JSONParseError: Error, Equatable, CustomStringConvertible {
    /// 0-based offset of the offending byte.
    var offset: Int
    /// 1-based line and column (in bytes) of the offending byte.
    var line: Int
    var column: Int
    /// What was wrong, such as "expected ':' after an object member name".
    var reason: String

    var description: String {
        "Malformed JSON at byte \(offset) (line \(line), column \(column)): \(reason)."
    }
}
