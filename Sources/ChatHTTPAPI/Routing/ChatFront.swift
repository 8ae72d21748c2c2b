package import HTTPServer

/// Another customer API served by the same server on the same ``ChatHost``'s chats (the GMS
/// Chat API v2 front, target GMSChatAPI): ``ChatAPI`` hands it every request under
/// ``pathPrefix`` after the checks every API request passes (the `Host`, the `apikey` when one
/// is configured, a browser's preflight), and adds the CORS headers ``AccessPolicy`` decides to
/// its answers (`--cors-origin` origins get theirs back with credentials). `--require-contact-center-id`
/// is a GWS rule and does not apply.
package protocol ChatFront: Sendable {
    /// The paths it serves: this path and every path under it (`/genesys/2/chat`).
    var pathPrefix: String { get }
    /// The methods its routes answer, for a preflight.
    var allowedMethods: [String] { get }
    /// The answer to a request under ``pathPrefix``, refusals in the front's own shape.
    func respond(to request: HTTPRequest) -> HTTPResponse
    /// A refusal of ``ChatAPI``'s own checks (a wrong `apikey`, a `Host` it does not answer to), in
    /// the front's error shape.
    func response(for error: APIError) -> HTTPResponse
}

extension ChatFront {
    /// Whether `path` is ``pathPrefix`` or under it.
    func serves(_ path: String) -> Bool {
        path.hasPrefix(pathPrefix) && (path.utf8.count == pathPrefix.utf8.count || path.utf8[path.utf8.index(path.utf8.startIndex, offsetBy: pathPrefix.utf8.count)] == UInt8(ascii: "/"))
    }
}
