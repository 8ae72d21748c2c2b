package import HTTPServer

/// Another customer API served by the same server on the same ``ChatHost``'s chats (the GMS
/// Chat API v2 front, target GMSChatAPI): ``ChatAPI`` hands it every request under
/// ``pathPrefix`` after the checks every API request passes (the `Host`, the `apikey` when one
/// is configured, a browser's preflight), and adds the CORS headers ``AccessPolicy`` decides to
/// its answers (`--cors-origin` origins get theirs back with credentials). `--require-contact-center-id`
/// is a GWS rule and does not apply. The HTTP server's refusals of a request at its path are in
/// its error shape too (``ChatAPI/protocolErrorResponse(_:)``).
package protocol ChatFront: Sendable {
    /// The paths it serves: this path and every path under it (`/genesys/2/chat`).
    var pathPrefix: String { get }
    /// The methods its routes answer, for a preflight.
    var allowedMethods: [String] { get }
    /// Its operations as the request record names them and faults match them (`gms.send`), in
    /// its own table's order: ``Fault`` accepts these names besides GWS's.
    var operationNames: [String] { get }
    /// The answer to a request under ``pathPrefix``, refusals in the front's own shape. The front
    /// names the operation and chat in `exchange` once it knows them and runs the operation
    /// through ``FrontExchange/perform(_:)``, so the request record and the faults cover it.
    func respond(to request: HTTPRequest, _ exchange: inout FrontExchange) -> HTTPResponse
    /// Forgets what it keeps of the chats (`POST /emulator/reset`: the same ids may come back as
    /// other chats).
    func reset()
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
