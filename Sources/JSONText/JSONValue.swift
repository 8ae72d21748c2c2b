/// A parsed JSON value. Duplicate member names are refused by the parser, so objects are dictionaries.
package enum JSONValue: Equatable, Sendable {
    case object([String: JSONValue])
    case array([JSONValue])
    case string(String)
    /// The number's text as written, checked against the JSON grammar.
    case number(String)
    case bool(Bool)
    case null

    /// The JSON type name, for messages such as "must be a string, not a number".
    package var typeName: String {
        switch self {
        case .object: "an object"
        case .array: "an array"
        case .string: "a string"
        case .number: "a number"
        case .bool: "a boolean"
        case .null: "null"
        }
    }
}
