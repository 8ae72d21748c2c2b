/// Why the server refused a request before it reached the handler: malformed framing, a limit
/// exceeded, a deadline missed, or the connection cap reached.
///
/// Every such refusal is answered with ``status`` and `Connection: close`, then the connection is
/// closed (see `ProtocolErrorPolicy`). The application chooses the body through
/// ``HTTPServer/Configuration/protocolErrorResponder``.
package struct HTTPProtocolError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of violation this is; stable names for tests and logs.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        package let name: String
        package var description: String { name }

        package static let malformedRequestLine = Code(name: "malformedRequestLine")
        package static let unsupportedVersion = Code(name: "unsupportedVersion")
        package static let malformedHeader = Code(name: "malformedHeader")
        package static let invalidLineEnding = Code(name: "invalidLineEnding")
        package static let invalidFraming = Code(name: "invalidFraming")
        package static let unsupportedTransferEncoding = Code(name: "unsupportedTransferEncoding")
        package static let malformedChunk = Code(name: "malformedChunk")
        package static let missingHost = Code(name: "missingHost")
        package static let invalidHost = Code(name: "invalidHost")
        package static let unsupportedExpectation = Code(name: "unsupportedExpectation")
        package static let requestLineTooLong = Code(name: "requestLineTooLong")
        package static let headersTooLarge = Code(name: "headersTooLarge")
        package static let bodyTooLarge = Code(name: "bodyTooLarge")
        package static let requestTimeout = Code(name: "requestTimeout")
        package static let tooManyConnections = Code(name: "tooManyConnections")
    }

    package var code: Code
    /// The HTTP status the refusal is answered with.
    package var status: HTTPStatus
    /// What was wrong, where, and what to do; safe to show to the client.
    package var message: String
    /// Byte offset from the start of the request where the problem was found, when it applies.
    package var offset: Int?
    /// The refused request's target (`/genesys/2/chat/...?...`), when its request line had arrived
    /// far enough to show it, so the application can answer in the shape of the API at that path.
    /// `nil` for a refusal before any request (the connection cap) or of an unreadable line.
    package var target: String?

    package init(_ code: Code, status: HTTPStatus, _ message: String, offset: Int? = nil) {
        self.code = code
        self.status = status
        self.message = message
        self.offset = offset
    }

    package var description: String {
        if let offset { return "\(status.code) \(code) at byte \(offset): \(message)" }
        return "\(status.code) \(code): \(message)"
    }
}
