import HTTPServer

/// Cross-origin headers: on every response, so a web client on another origin can call the API.
enum CORS {
    /// Headers a browser may send, including the GWS ones (`apikey`, `ContactCenterId`).
    static let allowedHeaders = "apikey, ContactCenterId, Content-Type, Accept, X-Requested-With"
    /// How long a browser may cache a preflight answer, in seconds.
    static let preflightMaxAge = "86400"

    static func addHeaders(to headers: inout HTTPHeaders) {
        headers.add("Access-Control-Allow-Origin", "*")
    }

    /// The answer to an `OPTIONS` preflight: 204 with the route's methods and the allowed headers.
    static func preflight(allowing methods: [String]) -> HTTPResponse {
        let list = methods.joined(separator: ", ")
        return HTTPResponse(status: .noContent, headers: [
            "Allow": list,
            "Access-Control-Allow-Methods": list,
            "Access-Control-Allow-Headers": allowedHeaders,
            "Access-Control-Max-Age": preflightMaxAge,
        ])
    }
}
