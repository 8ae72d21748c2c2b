/// A GMS request that failed: no answer, a refusal (with the HTTP status and GMS's error code and
/// advice), or an answer that is not GMS's shape.
package struct GMSClientError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure; a struct so that kinds can be added.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        let name: String
        /// No HTTP answer: connection refused, timed out, not an HTTP server, a redirect away.
        package static let noAnswer = Code(name: "noAnswer")
        /// The server refused the request: an HTTP status other than 200, or GMS's `errors`.
        package static let refused = Code(name: "refused")
        /// A 200 answer that is not GMS's shape.
        package static let malformedAnswer = Code(name: "malformedAnswer")
        /// An answer larger than the client's ``GMSClient/maxAnswerBytes``, not read whole.
        package static let answerTooLarge = Code(name: "answerTooLarge")
        /// The request could not be made: a chat id that cannot be a path segment, a bad URL.
        package static let invalidRequest = Code(name: "invalidRequest")
        package var description: String { name }
    }

    package var code: Code
    /// The request, as `POST URL`.
    package var request: String
    /// The HTTP status, when the server answered.
    package var httpStatus: Int?
    /// The first of GMS's `errors`' `code`, when the answer has one.
    package var errorCode: Int?
    /// The server's `advice`, or what went wrong.
    package var message: String

    package init(code: Code, request: String, httpStatus: Int? = nil, errorCode: Int? = nil, message: String) {
        self.code = code
        self.request = request
        self.httpStatus = httpStatus
        self.errorCode = errorCode
        self.message = message
    }

    package var description: String {
        switch code {
        case .noAnswer, .invalidRequest: "\(request) failed: \(message)"
        case .refused: "\(request) answered HTTP \(httpStatus ?? 0)\(errorCode.map { ", error \($0)" } ?? ""): \(message)"
        default: "\(request) answered with \(message)"
        }
    }
}
