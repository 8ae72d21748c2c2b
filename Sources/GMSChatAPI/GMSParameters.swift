import ChatHTTPAPI
import HTTPServer

/// The parameters of a GMS request: the body's fields (form-encoded as GMS documents them, or the
/// JSON object some clients send; the GWS front's reader, with its rules: each field once,
/// `userData[KEY]=VALUE`, UTF-8 escapes), and for a request without a body the query string's.
struct GMSParameters {
    private let body: OperationParameters?
    private let query: [HTTPQueryItem]

    init(_ request: HTTPRequest) throws(GMSFailure) {
        if request.body.isEmpty {
            body = nil
        } else {
            do {
                body = try OperationParameters(request)
            } catch {
                throw GMSFailure(error)
            }
        }
        query = body == nil ? request.queryItems : []
    }

    /// A string (or a JSON number, as its text); `nil` when missing.
    func optional(_ name: String) throws(GMSFailure) -> String? {
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
        guard let body else { return [:] }
        do {
            return try body.stringMap("userData")
        } catch {
            throw GMSFailure(error)
        }
    }
}
