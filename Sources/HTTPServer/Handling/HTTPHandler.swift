/// The application behind the server: turns one request into one response.
///
/// - Important: `handle` runs on one of the server's event-loop threads, inline, so that a request
///   costs no thread hand-off. It must not block for long (a slow handler delays the other
///   connections of its loop); raise ``HTTPServer/Configuration/workerCount`` for handlers that wait
///   on disk. It may be called concurrently from several loops.
package protocol HTTPHandler: Sendable {
    func handle(_ request: HTTPRequest) -> HTTPResponse
}

/// Adapts a closure to ``HTTPHandler``, for tests and small servers.
package struct ClosureHTTPHandler: HTTPHandler {
    private let body: @Sendable (HTTPRequest) -> HTTPResponse

    package init(_ body: @escaping @Sendable (HTTPRequest) -> HTTPResponse) {
        self.body = body
    }

    package func handle(_ request: HTTPRequest) -> HTTPResponse { body(request) }
}
