/// A complete, validated HTTP/1.x request as the handler sees it.
///
/// The framing headers (`Content-Length`, `Transfer-Encoding`) have already been applied:
/// ``body`` holds the decoded body, whatever the framing was.
public struct HTTPRequest: Sendable, Equatable {
    /// The method token as sent, case kept (methods are case-sensitive).
    public var method: String
    /// The request target exactly as sent, such as `/api/v2/chats?x=1`.
    public var target: String
    /// The path part of the target, still percent-encoded (decode per segment with ``HTTPRequest/percentDecoded(_:)``).
    public var path: String
    /// The query part of the target without the `?`, still encoded; `nil` when the target has none.
    public var query: String?
    public var version: HTTPVersion
    public var headers: HTTPHeaders
    public var body: [UInt8]

    public init(
        method: String, target: String, version: HTTPVersion = .http1_1,
        headers: HTTPHeaders = [:], body: [UInt8] = []
    ) {
        self.method = method
        self.target = target
        let parts = Self.splitTarget(target)
        self.path = parts.path
        self.query = parts.query
        self.version = version
        self.headers = headers
        self.body = body
    }

    /// Whether the client wants the connection kept open after this request
    /// (HTTP/1.1 unless `Connection: close`; HTTP/1.0 only with `Connection: keep-alive`).
    public var wantsKeepAlive: Bool {
        if version.minor >= 1 {
            return !headers.hasToken("close", in: "Connection")
        }
        return headers.hasToken("keep-alive", in: "Connection") && !headers.hasToken("close", in: "Connection")
    }

    /// Splits an origin-form or absolute-form target into its path and query (byte-wise: hot path).
    static func splitTarget(_ target: String) -> (path: String, query: String?) {
        let bytes = target.utf8
        var start = bytes.startIndex
        if bytes.first != UInt8(ascii: "/"), let colon = bytes.firstIndex(of: UInt8(ascii: ":")),
           bytes[colon...].starts(with: "://".utf8)
        {
            // Absolute form (RFC 9112 §3.2.2): drop scheme and authority.
            let authority = bytes.index(colon, offsetBy: 3)
            start = bytes[authority...].firstIndex { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") } ?? bytes.endIndex
        }
        let mark = bytes[start...].firstIndex(of: UInt8(ascii: "?"))
        var path = String(decoding: bytes[start..<(mark ?? bytes.endIndex)], as: UTF8.self)
        if path.isEmpty { path = "/" }
        guard let mark else { return (path, nil) }
        return (path, String(decoding: bytes[bytes.index(after: mark)...], as: UTF8.self))
    }
}
