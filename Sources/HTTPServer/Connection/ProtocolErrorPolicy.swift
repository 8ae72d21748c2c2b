/// The one place that decides how a refused request is answered (compare NIO's
/// `HTTPServerProtocolErrorHandler`).
///
/// Policy: every protocol error (malformed framing, a limit, a missed deadline, the connection cap)
/// is answered with one response carrying the error's status and `Connection: close`, written after
/// every response already queued on the connection (responses are whole and in order, so no
/// response is ever half written when the parser fails); then the connection stops parsing,
/// lingers briefly and closes. The body comes from the application's responder.
struct ProtocolErrorPolicy: Sendable {
    let responder: @Sendable (HTTPProtocolError) -> HTTPResponse

    func response(for error: HTTPProtocolError) -> HTTPResponse {
        var response = responder(error)
        response.status = error.status
        response.headers.set("Connection", "close")
        return response
    }
}
