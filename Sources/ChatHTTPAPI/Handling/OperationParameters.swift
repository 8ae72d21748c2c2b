import JSONText
import HTTPServer

/// The parameters of a POST body: a JSON object (any content type), or form fields when the
/// content type is `application/x-www-form-urlencoded` (`userData[key]=value` fills `userData`)
/// and the body is not a JSON object: `curl -d '{...}'` sends JSON under the form content type.
struct OperationParameters {
    private let members: [String: JSONValue]

    init(_ request: HTTPRequest) throws(APIError) {
        let contentType = request.headers["Content-Type"]?.lowercased() ?? ""
        if contentType.hasPrefix("application/x-www-form-urlencoded"), !Self.looksLikeJSONObject(request.body) {
            members = Self.formMembers(request.body)
            return
        }
        let value: JSONValue
        do {
            value = try JSONParser.parse(request.body)
        } catch {
            throw APIError(.badRequest, .invalidParameter, error.description)
        }
        guard case .object(let members) = value else {
            throw APIError(.badRequest, .invalidParameter, "The body must be a JSON object such as {\"operationName\": \"...\"}, not \(value.typeName).")
        }
        self.members = members
    }

    /// Whether the body's first non-blank byte opens a JSON object.
    private static func looksLikeJSONObject(_ body: [UInt8]) -> Bool {
        body.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) } == UInt8(ascii: "{")
    }

    /// The `operationName`, required.
    var operationName: String {
        get throws(APIError) { try requiredString("operationName") }
    }

    func requiredString(_ name: String) throws(APIError) -> String {
        guard let value = try optionalString(name) else { throw .missingParameter(name) }
        return value
    }

    /// A string or a number, as its text (`"5s"`, `5`); `nil` when missing.
    func optionalScalar(_ name: String) throws(APIError) -> String? {
        switch members[name] {
        case nil, .null?: return nil
        case .string(let text)?, .number(let text)?: return text
        case let other?: throw .invalidParameter(name, "must be a string or a number, not \(other.typeName)")
        }
    }

    func optionalString(_ name: String) throws(APIError) -> String? {
        switch members[name] {
        case nil, .null?: return nil
        case .string(let text)?: return text
        case let other?: throw .invalidParameter(name, "must be a string, not \(other.typeName)")
        }
    }

    /// An optional object of strings, numbers and booleans; missing or null is empty. Numbers and
    /// booleans are kept as their JSON text (`-480`, `true`), as GMS-style clients send them.
    func stringMap(_ name: String) throws(APIError) -> [String: String] {
        switch members[name] {
        case nil, .null?:
            return [:]
        case .object(let object)?:
            var map: [String: String] = [:]
            for (key, value) in object {
                switch value {
                case .string(let text), .number(let text): map[key] = text
                case .bool(let flag): map[key] = flag ? "true" : "false"
                default: throw .invalidParameter("\(name).\(key)", "must be a string, a number or a boolean, not \(value.typeName)")
                }
            }
            return map
        case let other?:
            throw .invalidParameter(name, "must be an object of strings, numbers or booleans, not \(other.typeName)")
        }
    }

    private static func formMembers(_ body: [UInt8]) -> [String: JSONValue] {
        var members: [String: JSONValue] = [:]
        var userData: [String: JSONValue] = [:]
        for item in HTTPRequest.formItems(String(decoding: body, as: UTF8.self)) {
            if item.name.hasPrefix("userData["), item.name.hasSuffix("]") {
                userData[String(item.name.dropFirst("userData[".count).dropLast())] = .string(item.value ?? "")
            } else if members[item.name] == nil {
                members[item.name] = .string(item.value ?? "")
            }
        }
        if !userData.isEmpty { members["userData"] = .object(userData) }
        return members
    }
}
