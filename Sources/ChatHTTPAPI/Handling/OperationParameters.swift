import JSONText
package import HTTPServer

/// The parameters of a POST body: a JSON object (any content type), or form fields when the
/// content type is `application/x-www-form-urlencoded` (`userData[key]=value` fills `userData`)
/// and the body is not a JSON object: `curl -d '{...}'` sends JSON under the form content type.
/// Form fields keep JSON's rules: a name given twice, a malformed `userData[` name or an escape
/// that is not UTF-8 is a 400 naming the field.
package struct OperationParameters {
    private let members: [String: JSONValue]
    /// A small plain form body, read where it lies (``FormFields``); `members` is then empty.
    private let form: FormFields?

    package init(_ request: HTTPRequest) throws(APIError) {
        if request.headers.value(of: "Content-Type", hasPrefixIgnoringCase: "application/x-www-form-urlencoded"),
            !Self.looksLikeJSONObject(request.body)
        {
            form = FormFields(request.body)
            members = form == nil ? try Self.formMembers(request.body) : [:]
            return
        }
        form = nil
        if request.headers.value(of: "Content-Type", hasPrefixIgnoringCase: "multipart/form-data") {
            members = try Self.multipartMembers(request.body, contentType: request.headers["Content-Type"] ?? "")
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

    /// The member `name`: from the body as it lies for a small plain form, else from `members`.
    private func member(_ name: String) -> JSONValue? {
        if let form { return form.value(name).map(JSONValue.string) }
        return members[name]
    }

    /// The `operationName`, required.
    package var operationName: String {
        get throws(APIError) { try requiredString("operationName") }
    }

    package func requiredString(_ name: String) throws(APIError) -> String {
        guard let value = try optionalString(name) else { throw .missingParameter(name) }
        return value
    }

    /// A string or a number, as its text (`"5s"`, `5`); `nil` when missing.
    package func optionalScalar(_ name: String) throws(APIError) -> String? {
        switch member(name) {
        case nil, .null?: return nil
        case .string(let text)?, .number(let text)?: return text
        case let other?: throw .invalidParameter(name, "must be a string or a number, not \(other.typeName)")
        }
    }

    package func optionalString(_ name: String) throws(APIError) -> String? {
        switch member(name) {
        case nil, .null?: return nil
        case .string(let text)?: return text
        case let other?: throw .invalidParameter(name, "must be a string, not \(other.typeName)")
        }
    }

    /// An optional object of strings, numbers and booleans; missing or null is empty. Numbers and
    /// booleans are kept as their JSON text (`-480`, `true`), as GMS-style clients send them.
    package func stringMap(_ name: String) throws(APIError) -> [String: String] {
        switch member(name) {
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

    /// Where a field came from, for an error message: built only when one is thrown.
    private enum Place {
        /// The field's number and its name as sent (before decoding).
        case formField(Int, name: ArraySlice<UInt8>)
        case multipartPart(Int, name: String)

        var text: String {
            switch self {
            case .formField(let number, let name): "Form field \(number) ('\(String(decoding: name, as: UTF8.self).prefix(80))')"
            case .multipartPart(let number, let name): "Multipart part \(number) ('\(name.prefix(80))')"
            }
        }
    }

    /// The fields of a form body, held to the rules a JSON body keeps: each name once (as the
    /// JSON parser refuses a duplicate member), `userData[KEY]` with a non-empty key, every
    /// escape decoding to UTF-8; anything else is a 400 that names the field. Read over the
    /// body's bytes (a GMS poll sends one on every request: splitting it as `Character`s cost
    /// more than the rest of the request).
    private static func formMembers(_ body: [UInt8]) throws(APIError) -> [String: JSONValue] {
        guard body.allSatisfy({ $0 < 0x80 }) || String(validating: body, as: UTF8.self) != nil else {
            throw APIError(.badRequest, .invalidParameter, "The form body is not UTF-8; percent-encode other bytes as %XX of their UTF-8.")
        }
        var fields: [(place: Place, name: String, value: String)] = []
        fields.reserveCapacity(8)
        var number = 0
        var start = 0
        while start < body.count {
            let end = body[start...].firstIndex(of: UInt8(ascii: "&")) ?? body.count
            defer { start = end + 1 }
            guard end > start else { continue }
            number += 1
            let equals = body[start..<end].firstIndex(of: UInt8(ascii: "="))
            let nameBytes = body[start..<(equals ?? end)]
            guard let name = formDecoded(nameBytes), let value = equals.map({ formDecoded(body[($0 + 1)..<end]) }) ?? "" else {
                let place = Place.formField(number, name: nameBytes).text
                throw APIError(.badRequest, .invalidParameter, "\(place) holds a malformed escape or one that is not UTF-8; write % as %25 and other bytes as %XX of their UTF-8.")
            }
            fields.append((.formField(number, name: nameBytes), name, value))
        }
        return try fieldMembers(fields)
    }

    /// The text fields of a `multipart/form-data` body (GMS clients send request chat so), held to
    /// the form's rules; file parts are left to whoever reads the files. A malformed body is a 400
    /// naming the part and byte (``MultipartForm``).
    private static func multipartMembers(_ body: [UInt8], contentType: String) throws(APIError) -> [String: JSONValue] {
        let form: MultipartForm
        do {
            form = try MultipartForm.decode(body, contentType: contentType)
        } catch {
            throw APIError(.badRequest, .invalidParameter, "The multipart/form-data body is malformed: \(error.description)")
        }
        var fields: [(place: Place, name: String, value: String)] = []
        for (number, part) in form.parts.enumerated() where !part.isFile {
            let place = Place.multipartPart(number + 1, name: part.name)
            guard let value = String(validating: part.body, as: UTF8.self) else {
                throw APIError(.badRequest, .invalidParameter, "\(place.text) is not UTF-8 text.")
            }
            fields.append((place, part.name, value))
        }
        return try fieldMembers(fields)
    }

    /// Form fields (decoded) as members: each name once, `userData[KEY]` with a non-empty key.
    private static func fieldMembers(_ fields: [(place: Place, name: String, value: String)]) throws(APIError) -> [String: JSONValue] {
        var members: [String: JSONValue] = Dictionary(minimumCapacity: fields.count)
        var userData: [String: JSONValue] = [:]
        for (place, name, value) in fields {
            guard !name.isEmpty else { throw APIError(.badRequest, .invalidParameter, "\(place.text) has no name; write NAME=VALUE.") }
            if name.utf8.starts(with: "userData[".utf8) {
                guard name.hasSuffix("]"), name.count > "userData[]".count else {
                    throw APIError(.badRequest, .invalidParameter, "\(place.text) is not userData[KEY]=VALUE with a non-empty KEY.")
                }
                let key = String(name.dropFirst("userData[".count).dropLast())
                guard !key.contains("["), !key.contains("]") else {
                    throw APIError(.badRequest, .invalidParameter, "\(place.text): a userData key cannot hold '[' or ']'.")
                }
                guard userData.updateValue(.string(value), forKey: key) == nil else {
                    throw APIError(.badRequest, .invalidParameter, "\(place.text): userData[\(key)] is given twice; send each field once.")
                }
            } else {
                guard members.updateValue(.string(value), forKey: name) == nil else {
                    throw APIError(.badRequest, .invalidParameter, "\(place.text): '\(name)' is given twice; send each field once.")
                }
            }
        }
        if !userData.isEmpty {
            guard members["userData"] == nil else {
                throw APIError(.badRequest, .invalidParameter, "The form gives both 'userData' and userData[KEY] fields; send userData[KEY]=VALUE only.")
            }
            members["userData"] = .object(userData)
        }
        return members
    }

    /// `+` as a space, then `%XX` escapes; `nil` when an escape is malformed or the bytes are not
    /// UTF-8. The body is UTF-8 already: a field without `+` or `%` is its own text.
    static func formDecoded(_ bytes: ArraySlice<UInt8>) -> String? {
        guard bytes.contains(where: { $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: "+") }) else {
            return String(decoding: bytes, as: UTF8.self)
        }
        var decoded: [UInt8] = []
        decoded.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            switch bytes[index] {
            case UInt8(ascii: "+"):
                decoded.append(UInt8(ascii: " "))
                index += 1
            case UInt8(ascii: "%"):
                guard index + 2 < bytes.endIndex, let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2]) else { return nil }
                decoded.append(high << 4 | low)
                index += 3
            case let byte:
                decoded.append(byte)
                index += 1
            }
        }
        return String(validating: decoded, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
