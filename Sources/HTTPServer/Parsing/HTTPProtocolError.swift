/// Why the server refused a request before it reached the handler: malformed framing, a limit
/// exceeded, a deadline missed, or the connection cap reached.
///
/// Every such refusal is answered with ``status`` and `Connection: close`, then the connection is
/// closed (see `ProtocolErrorPolicy`). The application chooses the body through
/// ``HTTPServer/Configuration/protocolErrorResponder``.
public struct HTTPProtocolError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of violation this is; stable names for tests and logs.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let name: String
        public var description: String { name }

        public static let malformedRequestLine = Code(name: "malformedRequestLine")
        public static let unsupportedVersion = Code(name: "unsupportedVersion")
        public static let malformedHeader = Code(name: "malformedHeader")
        public static let invalidLineEnding = Code(name: "invalidLineEnding")
        public static let invalidFraming = Code(name: "invalidFraming")
        public static let unsupportedTransferEncoding = Code(name: "unsupportedTransferEncoding")
        public static let malformedChunk = Code(name: "malformedChunk")
        public static let missingHost = Code(name: "missingHost")
        public static let invalidHost = Code(name: "invalidHost")
        public static let unsupportedExpectation = Code(name: "unsupportedExpectation")
        public static let requestLineTooLong = Code(name: "requestLineTooLong")
        public static let headersTooLarge = Code(name: "headersTooLarge")
        public static let bodyTooLarge = Code(name: "bodyTooLarge")
        public static let requestTimeout = Code(name: "requestTimeout")
        public static let tooManyConnections = Code(name: "tooManyConnections")
    }

    public var code: Code
    /// The HTTP status the refusal is answered with.
    public var status: HTTPStatus
    /// What was wrong, where, and what to do; safe to show to the client.
    public var message: String
    /// Byte offset from the start of the request where the problem was found, when it applies.
    public var offset: Int?

    public init(_ code: Code, status: HTTPStatus, _ message: String, offset: Int? = nil) {
        self.code = code
        self.status = status
        self.message = message
        self.offset = offset
    }

    public var description: String {
        if let offset { return "\(status.code) \(code) at byte \(offset): \(message)" }
        return "\(status.code) \(code): \(message)"
    }
}
