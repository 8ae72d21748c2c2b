import ChatCore
import GWSChatClient
package import HTTPServer

/// A refusal in GWS form: an HTTP status and the body `{"statusCode": N, "statusMessage": "..."}`.
///
/// | HTTP | statusCode | when |
/// |---|---|---|
/// | 400 | 1 | a parameter is missing or invalid, or the body is not valid JSON |
/// | 400 | 2 | the operation is not valid in the chat's state (anything after Complete), or it would take the chat past its transcript limit (which ends the chat) |
/// | 401 | 20 | an API key is configured and `apikey` is missing or wrong |
/// | 403 | 3 | a per-chat allowance is used up (file uploads, on the emulator's file endpoints) |
/// | 404 | 6 | no chat has that id (or the id is not a UUID), or no such route |
/// | 405 | 1 | unknown `operationName`, or a method the route does not allow (with `Allow`) |
/// | 500 | 4 | our own failure (a journal that could not be written) |
/// | 4xx/5xx | 1 (4 for 503) | a request the HTTP server refused: malformed, too large, too slow |
package struct APIError: Error, Sendable, Equatable {
    /// GWS status codes (behaviour.md).
    package enum GWSCode: Int, Sendable {
        case invalidParameter = 1
        case invalidState = 2
        case forbidden = 3
        case internalError = 4
        case notFound = 6
        case notAuthenticated = 20
    }

    package var status: HTTPStatus
    package var code: GWSCode
    package var message: String
    /// Extra response headers, such as `Allow` on a 405.
    package var headers: HTTPHeaders

    package init(_ status: HTTPStatus, _ code: GWSCode, _ message: String, headers: HTTPHeaders = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers
    }

    /// Maps the core's refusals onto GWS codes.
    init(_ error: ChatError) {
        switch error.code {
        case .invalidParameter: self.init(.badRequest, .invalidParameter, error.message)
        case .invalidState: self.init(.badRequest, .invalidState, error.message)
        case .notFound: self.init(.notFound, .notFound, error.message)
        case .limitReached: self.init(.forbidden, .forbidden, error.message)
        default: self.init(.internalServerError, .internalError, error.message)
        }
    }

    /// Maps a request the HTTP server refused itself.
    init(_ error: HTTPProtocolError) {
        self.init(error.status, error.status == .serviceUnavailable ? .internalError : .invalidParameter, error.message)
    }

    package static func missingParameter(_ name: String) -> APIError {
        APIError(.badRequest, .invalidParameter, "Missing required parameter '\(name)'.")
    }

    package static func invalidParameter(_ name: String, _ problem: String) -> APIError {
        APIError(.badRequest, .invalidParameter, "Parameter '\(name)' \(problem).")
    }

    static func unknownChat(_ text: String) -> APIError {
        APIError(.notFound, .notFound, "Chat \(text) does not exist.")
    }

    static func methodNotAllowed(_ method: String, path: String, allowed: [String]) -> APIError {
        APIError(
            .methodNotAllowed, .invalidParameter,
            "\(method) is not allowed on \(path); use \(allowed.joined(separator: ", ")).",
            headers: ["Allow": allowed.joined(separator: ", ")])
    }

    var jsonBody: [UInt8] { GWSWire.encode(GWSErrorBody(statusCode: code.rawValue, statusMessage: message)) }
}
