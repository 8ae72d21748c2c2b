import HTTPServer

/// Cross-origin headers: on every response, so a web client on another origin can call the API
/// (``AccessPolicy`` decides, per request, between `*`, a listed origin and none).
enum CORS {
    /// Headers a browser may send, including the GWS ones (`apikey`, `ContactCenterId`).
    static let allowedHeaders = "apikey, ContactCenterId, Content-Type, Accept, X-Requested-With"
    /// How long a browser may cache a preflight answer, in seconds.
    static let preflightMaxAge = "86400"

    /// Adds the header unless it is there already (the JSON answers' shared headers carry it).
    static func addHeaders(to headers: inout HTTPHeaders) {
        if !headers.contains(allowOrigin) { headers.add(allowOrigin, "*") }
    }

    static let allowOrigin = "Access-Control-Allow-Origin"

    /// Whether an `OPTIONS` request is a browser's CORS preflight: browsers always send `Origin` and
    /// `Access-Control-Request-Method` with it (and never the `apikey`).
    static func isPreflight(_ request: HTTPRequest) -> Bool {
        request.headers.contains("Origin") && request.headers.contains("Access-Control-Request-Method")
    }

    /// The answer to an `OPTIONS` request: 204 with the methods and the allowed headers, and `Allow`
    /// unless `withAllow` is false.
    static func preflight(allowing methods: [String], withAllow: Bool = true) -> HTTPResponse {
        let list = methods.joined(separator: ", ")
        var headers: HTTPHeaders = [
            "Access-Control-Allow-Methods": list,
            "Access-Control-Allow-Headers": allowedHeaders,
            "Access-Control-Max-Age": preflightMaxAge,
        ]
        if withAllow { headers.add("Allow", list) }
        return HTTPResponse(status: .noContent, headers: headers)
    }
}
