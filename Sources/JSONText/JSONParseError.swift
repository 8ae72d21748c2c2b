/// Why a text is not valid JSON, and where: a byte offset, converted to line and column.
public struct JSONParseError: Error, Equatable, CustomStringConvertible {
    /// 0-based offset of the offending byte.
    public var offset: Int
    /// 1-based line and column (in bytes) of the offending byte.
    public var line: Int
    public var column: Int
    /// What was wrong, such as "expected ':' after an object member name".
    public var reason: String

    public var description: String {
        "Malformed JSON at byte \(offset) (line \(line), column \(column)): \(reason)."
    }
}
