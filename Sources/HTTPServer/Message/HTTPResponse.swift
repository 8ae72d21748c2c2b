/// A response a handler returns. The server adds `Content-Length`, `Date` and `Connection`;
/// any of those set here is replaced, and `Transfer-Encoding` is dropped (bodies are sent whole).
package struct HTTPResponse: Sendable, Equatable {
    package var status: HTTPStatus
    package var headers: HTTPHeaders
    package var body: [UInt8]
    /// What the server does with the connection instead of sending this response, for handlers
    /// that imitate a failing server; `nil` (the default) sends it.
    package var disposition: Disposition?

    /// Instead of an answer: drop the connection, or answer later.
    package enum Disposition: Sendable, Equatable {
        /// Close the connection without sending anything.
        case closeWithoutAnswer
        /// Wait (without holding the loop) for the answer given to the deferred response.
        case later(HTTPDeferredResponse)
    }

    /// The connection is closed without an answer.
    package static var closeWithoutAnswer: HTTPResponse {
        var response = HTTPResponse()
        response.disposition = .closeWithoutAnswer
        return response
    }

    /// The answer comes later, through `deferred`.
    package static func later(_ deferred: HTTPDeferredResponse) -> HTTPResponse {
        var response = HTTPResponse()
        response.disposition = .later(deferred)
        return response
    }

    package init(status: HTTPStatus = .ok, headers: HTTPHeaders = [:], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A response whose body is this text; `contentType` applies unless `headers` already has one.
    package init(status: HTTPStatus = .ok, headers: HTTPHeaders = [:], text: String, contentType: String = "text/plain; charset=utf-8") {
        var headers = headers
        if !headers.contains("Content-Type") { headers.add("Content-Type", contentType) }
        self.init(status: status, headers: headers, body: Array(text.utf8))
    }

    /// Whether the handler asked for the connection to be closed after this response.
    package var closesConnection: Bool { headers.hasToken("close", in: "Connection") }
}
