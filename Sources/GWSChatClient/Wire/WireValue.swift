package import JSONText

/// A parsed JSON value with where it sits, so every decoding error names its member: the reader
/// of the GWS codec, and of the GMS codec (GMSWire), whose errors are the same type.
package struct WireValue {
    package let value: JSONValue
    package let shape: String
    package let path: String

    package init(value: JSONValue, shape: String, path: String) {
        self.value = value
        self.shape = shape
        self.path = path
    }

    package static func root(_ bytes: [UInt8], shape: String) throws(GWSWireError) -> WireValue {
        do {
            return WireValue(value: try JSONParser.parse(bytes), shape: shape, path: "$")
        } catch {
            throw GWSWireError(shape: shape, path: "$", reason: error.description)
        }
    }

    package func error(_ reason: String) -> GWSWireError { GWSWireError(shape: shape, path: path, reason: reason) }

    private func child(_ name: String) -> String { path == "$" ? name : "\(path).\(name)" }

    package func optionalMember(_ name: String) throws(GWSWireError) -> WireValue? {
        guard case .object(let members) = value else { throw error("must be an object, not \(value.typeName)") }
        guard let member = members[name], member != .null else { return nil }
        return WireValue(value: member, shape: shape, path: child(name))
    }

    package func member(_ name: String) throws(GWSWireError) -> WireValue {
        guard let member = try optionalMember(name) else {
            throw GWSWireError(shape: shape, path: child(name), reason: "is missing")
        }
        return member
    }

    package func elements() throws(GWSWireError) -> [WireValue] {
        guard case .array(let items) = value else { throw error("must be an array, not \(value.typeName)") }
        return items.enumerated().map { WireValue(value: $1, shape: shape, path: "\(path)[\($0)]") }
    }

    package func string() throws(GWSWireError) -> String {
        guard case .string(let text) = value else { throw error("must be a string, not \(value.typeName)") }
        return text
    }

    /// An integer, or `nil` for a number that is not one (such as `1.5`).
    package func integer() throws(GWSWireError) -> Int? {
        guard case .number(let text) = value else { throw error("must be a number, not \(value.typeName)") }
        return Int(text)
    }

    package func requiredInteger() throws(GWSWireError) -> Int {
        guard let number = try integer() else { throw error("must be an integer") }
        return number
    }

    package func bool() throws(GWSWireError) -> Bool {
        guard case .bool(let flag) = value else { throw error("must be a boolean, not \(value.typeName)") }
        return flag
    }

    /// A name of a growable vocabulary (a message type, a role, an operation): any non-empty
    /// string, so that a type this build does not know is kept rather than refused.
    package func name(_ what: String) throws(GWSWireError) -> String {
        let text = try string()
        guard !text.isEmpty else { throw error("is empty; a \(what) was expected") }
        return text
    }
}
