/// Writes a response onto a connection's output queue.
///
/// The server owns the framing: it writes `Content-Length` (none for 1xx/204/304), `Date` and
/// `Connection` itself and drops those fields and `Transfer-Encoding` from the handler's headers.
/// A handler field whose name is not a token or whose value holds CR, LF or NUL is dropped too
/// (``HTTPHeaders`` finds that when the field is added), so a response can never be split.
enum ResponseEncoder {
    static func encode(
        _ response: HTTPResponse, headOnly: Bool, keepAlive: Bool, version: HTTPVersion,
        dateLine: [UInt8], into output: inout OutputQueue
    ) {
        let hasBody = response.status.allowsBody
        let body = hasBody && !headOnly ? response.body : []
        let gathersBody = body.count < OutputQueue.largeBodyBytes
        output.withTail { bytes in
            ByteGatherer.append(to: &bytes) { head in
                if response.status.code == 200, response.status.reasonPhrase == "OK" {
                    head.append(okStatusLine)
                } else {
                    head.append("HTTP/1.1 \(response.status.code) \(response.status.reasonPhrase)\r\n")
                }
                let fields = response.headers.bytes
                for span in response.headers.spans where span.isSafe && !isReserved(fields[span.name]) {
                    head.append(fields[span.name])
                    head.append(UInt8(ascii: ":"))
                    head.append(UInt8(ascii: " "))
                    head.append(fields[span.value])
                    head.append(ASCII.cr)
                    head.append(ASCII.lf)
                }
                if hasBody {
                    head.append(contentLengthPrefix)
                    head.appendDecimal(response.body.count)
                    head.append(ASCII.cr)
                    head.append(ASCII.lf)
                }
                head.append(dateLine)
                if !keepAlive {
                    head.append(connectionClose)
                } else if version == .http1_0 {
                    head.append(connectionKeepAlive)
                }
                head.append(ASCII.cr)
                head.append(ASCII.lf)
                if gathersBody { head.append(body) }
            }
        }
        if !gathersBody { output.append(body) }
    }

    static let continueResponse = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)
    private static let okStatusLine = Array("HTTP/1.1 200 OK\r\n".utf8)
    private static let contentLengthPrefix = Array("Content-Length: ".utf8)
    private static let connectionClose = Array("Connection: close\r\n".utf8)
    private static let connectionKeepAlive = Array("Connection: keep-alive\r\n".utf8)

    /// Whether the server writes this field itself (compared by length first: most names cannot be).
    private static func isReserved(_ name: ArraySlice<UInt8>) -> Bool {
        switch name.count {
        case 4, 10, 14, 17: reservedNames.contains { ASCII.equalsIgnoringCase(name, $0) }
        default: false
        }
    }

    private static let reservedNames: [[UInt8]] = ["content-length", "transfer-encoding", "connection", "date"].map { Array($0.utf8) }
}
