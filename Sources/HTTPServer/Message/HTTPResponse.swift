/// A response a handler returns. The server adds `Content-Length`, `Date` and `Connection`;
/// any of those set here is replaced, and `Transfer-Encoding` is dropped (bodies are sent whole).
public struct HTTPResponse: Sendable, Equatable {
    public var status: HTTPStatus
    public var headers: HTTPHeaders
    public var body: [UInt8]

    public init(status: HTTPStatus = .ok, headers: HTTPHeaders = [:], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A response whose body is this text; `contentType` applies unless `headers` already has one.
    public init(status: HTTPStatus = .ok, headers: HTTPHeaders = [:], text: String, contentType: String = "text/plain; charset=utf-8") {
        var headers = headers
        if !headers.contains("Content-Type") { headers.add("Content-Type", contentType) }
        self.init(status: status, headers: headers, body: Array(text.utf8))
    }

    /// Whether the handler asked for the connection to be closed after this response.
    public var closesConnection: Bool { headers.hasToken("close", in: "Connection") }
}
