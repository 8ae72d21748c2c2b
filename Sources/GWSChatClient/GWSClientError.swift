/// A GWS request that failed: no answer, a refusal (with the HTTP status, the GWS `statusCode`
/// and the server's message), or an answer that is not the expected shape.
public struct GWSClientError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure; a struct so that kinds can be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let name: String
        /// No HTTP answer: connection refused, timed out, not an HTTP server.
        public static let noAnswer = Code(name: "noAnswer")
        /// The server refused the request: an HTTP status other than 200, or a non-zero `statusCode`.
        public static let refused = Code(name: "refused")
        /// A 200 answer that is not the GWS shape asked for.
        public static let malformedAnswer = Code(name: "malformedAnswer")
        /// An answer larger than the client's ``GWSClient/maxAnswerBytes``, not read whole.
        public static let answerTooLarge = Code(name: "answerTooLarge")
        public var description: String { name }
    }

    public var code: Code
    /// The request, as `METHOD URL`.
    public var request: String
    /// The HTTP status, when the server answered.
    public var httpStatus: Int?
    /// The GWS `statusCode` of the answer's body, when it has one.
    public var statusCode: Int?
    /// The server's `statusMessage`, or what went wrong.
    public var message: String

    public init(code: Code, request: String, httpStatus: Int? = nil, statusCode: Int? = nil, message: String) {
        self.code = code
        self.request = request
        self.httpStatus = httpStatus
        self.statusCode = statusCode
        self.message = message
    }

    public var description: String {
        switch code {
        case .noAnswer: "\(request) failed: \(message)"
        case .refused: "\(request) answered HTTP \(httpStatus ?? 0)\(statusCode.map { ", statusCode \($0)" } ?? ""): \(message)"
        default: "\(request) answered with \(message)"
        }
    }
}
