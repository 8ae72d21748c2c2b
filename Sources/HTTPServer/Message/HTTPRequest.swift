/// A complete, validated HTTP/1.x request as the handler sees it.
///
/// The framing headers (`Content-Length`, `Transfer-Encoding`) have already been applied:
/// ``body`` holds the decoded body, whatever the framing was.
package struct HTTPRequest: Sendable, Equatable {
    /// The method token as sent, case kept (methods are case-sensitive).
    package var method: String
    /// The request target exactly as sent, such as `/api/v2/chats?x=1`.
    package var target: String
    /// The path part of the target, still percent-encoded (decode per segment with ``HTTPRequest/percentDecoded(_:)``).
    package var path: String
    /// The query part of the target without the `?`, still encoded; `nil` when the target has none.
    package var query: String?
    package var version: HTTPVersion
    package var headers: HTTPHeaders
    package var body: [UInt8]

    package init(
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
    package var wantsKeepAlive: Bool {
        if version.minor >= 1 {
            return !headers.hasToken("close", in: "Connection")
        }
        return headers.hasToken("keep-alive", in: "Connection") && !headers.hasToken("close", in: "Connection")
    }

    /// Splits an origin-form or absolute-form target into its path and query, over the target's
    /// bytes: it runs for every request, and an origin-form target without a query (most of them)
    /// is its own path, so no second `String` is built.
    static func splitTarget(_ target: String) -> (path: String, query: String?) {
        var contiguous = target
        return contiguous.withUTF8 { bytes -> (path: String, query: String?) in
            var start = 0
            if bytes.first != UInt8(ascii: "/"), let colon = bytes.firstIndex(of: UInt8(ascii: ":")),
                bytes[colon...].starts(with: "://".utf8)
            {
                // Absolute form (RFC 9112 §3.2.2): drop scheme and authority.
                start = bytes[(colon + 3)...].firstIndex { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") } ?? bytes.count
            }
            let mark = bytes[start...].firstIndex(of: UInt8(ascii: "?"))
            let pathEnd = mark ?? bytes.count
            let path = start == 0 && pathEnd == bytes.count ? target : text(bytes, start..<pathEnd)
            return (path.isEmpty ? "/" : path, mark.map { text(bytes, ($0 + 1)..<bytes.count) })
        }
    }

    private static func text(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }
}
