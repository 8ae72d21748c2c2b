import ChatHTTPAPI
import HTTPServer

/// The parameters of a GMS request: the body's fields (form-encoded as GMS documents them, or the
/// JSON object some clients send; the GWS front's reader, with its rules: each field once,
/// `userData[KEY]=VALUE`, UTF-8 escapes), and for a request without a body the query string's.
struct GMSParameters {
    private let body: OperationParameters?
    /// A `multipart/form-data` body (an upload; Widgets may send any request so).
    private let form: MultipartForm?
    private let query: [HTTPQueryItem]

    /// The bounds of a multipart body: the HTTP server's body limit comes first (it holds the
    /// largest file); parts and headers are bounded here.
    static let multipartLimits = MultipartLimits(totalBytes: 80 * 1024 * 1024, parts: 32)

    init(_ request: HTTPRequest) throws(GMSFailure) {
        if request.body.isEmpty {
            body = nil
            form = nil
        } else if request.headers.value(of: "Content-Type", hasPrefixIgnoringCase: "multipart/form-data"), let type = request.headers["Content-Type"] {
            body = nil
            do {
                form = try MultipartForm.decode(request.body, contentType: type, limits: Self.multipartLimits)
            } catch {
                throw .badParameter("The multipart/form-data body is malformed: \(error)")
            }
        } else {
            form = nil
            do {
                body = try OperationParameters(request)
            } catch {
                throw GMSFailure(error)
            }
        }
        query = body == nil && form == nil ? request.queryItems : []
    }

    /// A string (or a JSON number, as its text); `nil` when missing.
    func optional(_ name: String) throws(GMSFailure) -> String? {
        if let form {
            let values = form.parts.filter { $0.name == name && !$0.isFile }
            guard values.count <= 1 else { throw .badParameter("Parameter '\(name)' is given \(values.count) times; give it once.") }
            return values.first?.text
        }
        if let body {
            do {
                return try body.optionalScalar(name)
            } catch {
                throw GMSFailure(error)
            }
        }
        let items = query.filter { $0.name == name }
        guard items.count <= 1 else { throw .badParameter("Parameter '\(name)' is given \(items.count) times; give it once.") }
        return items.first.map { $0.value ?? "" }
    }

    func required(_ name: String) throws(GMSFailure) -> String {
        guard let value = try optional(name) else { throw .missing(name) }
        return value
    }

    /// A non-negative integer in decimal digits; `nil` when missing.
    func position(_ name: String) throws(GMSFailure) -> Int? {
        guard let text = try optional(name) else { return nil }
        guard !text.isEmpty, text.utf8.count <= 18, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }), let number = Int(text) else {
            throw .badParameter("Parameter '\(name)' must be a non-negative integer in decimal digits, not '\(text.prefix(40))'.")
        }
        return number
    }

    /// `userData[KEY]=VALUE` fields (or a JSON `userData` object); empty when none.
    func userData() throws(GMSFailure) -> [String: String] {
        if let form {
            var data: [String: String] = [:]
            for (name, value) in form.fields where name.hasPrefix("userData[") && name.hasSuffix("]") && name.count > 10 {
                let key = String(name.dropFirst(9).dropLast())
                guard data[key] == nil else { throw .badParameter("Parameter 'userData[\(key.prefix(64))]' is given twice; give it once.") }
                data[key] = value
            }
            return data
        }
        guard let body else { return [:] }
        do {
            return try body.stringMap("userData")
        } catch {
            throw GMSFailure(error)
        }
    }

    /// The file part of a multipart body with this name (`nil` when the body has none).
    func file(named name: String) -> MultipartForm.Part? {
        form?.parts.first { $0.name == name && $0.isFile }
    }
}
