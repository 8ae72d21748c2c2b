import ChatCore
import ChatHTTPAPI
package import HTTPServer

/// A refusal of the GMS front: an HTTP status and one entry of GMS's `errors`.
///
/// | HTTP | code | when |
/// |---|---|---|
/// | 400 | 161 | no `nickname`, and no `firstName` and `lastName` |
/// | 400 | 102 / 103 | `lastName` without `firstName` / `firstName` without `lastName` |
/// | 400 | 364 | an `emailAddress` that is not an address |
/// | 400 | 400 | any other missing or invalid parameter, or a body that is not a form or JSON |
/// | 400 | 400 | an operation on a chat that has ended (`chatEnded: true`) |
/// | 401 | 401 | `userId`, `secureKey` or `alias` not this chat's; a wrong `apikey` |
/// | 403 | 403 | a chat's file uploads are used up (count or total size), or file transfer is off |
/// | 404 | 404 | no chat has that id; no such route or operation |
/// | 405 | 405 | a method the route does not answer (with `Allow`) |
/// | 4xx, 5xx | the status | the HTTP server's refusals (a body or head over its limit, a malformed request, a deadline), a `Host` not answered (421), a fault in force (docs/test-double.md) |
/// | 500 | 500 | our own failure (a journal that could not be written); `statusCode` 1: retry |
///
/// The numbers 102, 103, 161, 364, 401, 404 and 500 are those Genesys Widgets' WebChat shows
/// messages for; the others follow the HTTP status. Every error answer has `statusCode` 2 (1 for
/// a failure worth retrying), as GMS's API Responses page describes.
package struct GMSFailure: Error, Sendable, Equatable {
    package var status: HTTPStatus
    package var code: Int
    package var advice: String
    /// Whether the chat has ended, when the refusal concerns a known chat.
    package var chatEnded: Bool?
    package var headers: HTTPHeaders = [:]

    package init(_ status: HTTPStatus, code: Int, _ advice: String, chatEnded: Bool? = nil) {
        self.status = status
        self.code = code
        self.advice = advice
        self.chatEnded = chatEnded
    }

    static func badParameter(_ advice: String) -> GMSFailure { GMSFailure(.badRequest, code: 400, advice) }

    static func missing(_ name: String) -> GMSFailure { badParameter("Missing required parameter '\(name)'.") }

    static func notFound(_ advice: String) -> GMSFailure { GMSFailure(.notFound, code: 404, advice) }

    static func unauthorized(_ advice: String) -> GMSFailure { GMSFailure(.unauthorized, code: 401, advice) }

    /// The core's refusals.
    init(_ error: ChatError) {
        switch error.code {
        case .invalidParameter: self.init(.badRequest, code: 400, error.message)
        case .invalidState: self.init(.badRequest, code: 400, "The chat has ended: \(error.message) Start a new chat.", chatEnded: true)
        case .notFound: self.init(.notFound, code: 404, error.message)
        case .limitReached: self.init(.forbidden, code: 403, error.message)
        default: self.init(.internalServerError, code: 500, error.message)
        }
    }

    /// A refusal of the GWS API's parameter reader or access checks, in GMS terms.
    init(_ error: APIError) {
        self.init(error.status, code: error.status.code, error.message)
        headers = error.headers
    }

    /// 1 (retry) for our own passing failures (500, 502, 503, 504), 2 for the rest: a 501 or a
    /// 505 does not pass by repeating.
    var statusCode: Int { [500, 502, 503, 504].contains(status.code) ? 1 : 2 }
}
