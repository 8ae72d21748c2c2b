/// Writes a response onto a connection's output buffer.
///
/// The server owns the framing: it writes `Content-Length` (none for 1xx/204/304), `Date` and
/// `Connection` itself and drops those fields and `Transfer-Encoding` from the handler's headers.
/// A handler field whose name is not a token or whose value holds CR, LF or NUL is dropped too,
/// so a response can never be split.
enum ResponseEncoder {
    static func encode(
        _ response: HTTPResponse, headOnly: Bool, keepAlive: Bool, version: HTTPVersion,
        dateLine: [UInt8], into output: inout [UInt8]
    ) {
        output.append(contentsOf: "HTTP/1.1 \(response.status.code) \(response.status.reasonPhrase)\r\n".utf8)
        for field in response.headers where isPassedThrough(field) {
            output.append(contentsOf: field.name.utf8)
            output.append(contentsOf: ": ".utf8)
            output.append(contentsOf: field.value.utf8)
            output.append(contentsOf: "\r\n".utf8)
        }
        let hasBody = response.status.allowsBody
        if hasBody {
            output.append(contentsOf: "Content-Length: \(response.body.count)\r\n".utf8)
        }
        output.append(contentsOf: dateLine)
        if !keepAlive {
            output.append(contentsOf: "Connection: close\r\n".utf8)
        } else if version == .http1_0 {
            output.append(contentsOf: "Connection: keep-alive\r\n".utf8)
        }
        output.append(contentsOf: "\r\n".utf8)
        if hasBody, !headOnly {
            output.append(contentsOf: response.body)
        }
    }

    static let continueResponse = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    private static func isPassedThrough(_ field: HTTPHeaders.Field) -> Bool {
        let name = field.name.utf8
        for reserved in ["content-length", "transfer-encoding", "connection", "date"] where ASCII.equalsIgnoringCase(name, reserved.utf8) {
            return false
        }
        guard !name.isEmpty, name.allSatisfy({ ASCII.isTokenByte[Int($0)] }) else { return false }
        return !field.value.utf8.contains { $0 == ASCII.cr || $0 == ASCII.lf || $0 == 0 }
    }
}
