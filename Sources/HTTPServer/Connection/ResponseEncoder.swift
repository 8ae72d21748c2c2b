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
            if response.status.code == 200, response.status.reasonPhrase == "OK" {
                bytes.append(contentsOf: okStatusLine)
            } else {
                bytes.append(contentsOf: "HTTP/1.1 \(response.status.code) \(response.status.reasonPhrase)\r\n".utf8)
            }
            let fields = response.headers.bytes
            for span in response.headers.spans where span.isSafe && !isReserved(fields[span.name]) {
                bytes.append(contentsOf: fields[span.name])
                bytes.append(UInt8(ascii: ":"))
                bytes.append(UInt8(ascii: " "))
                bytes.append(contentsOf: fields[span.value])
                bytes.append(ASCII.cr)
                bytes.append(ASCII.lf)
            }
            if hasBody {
                bytes.append(contentsOf: contentLengthPrefix)
                appendDecimal(response.body.count, to: &bytes)
                bytes.append(ASCII.cr)
                bytes.append(ASCII.lf)
            }
            bytes.append(contentsOf: dateLine)
            if !keepAlive {
                bytes.append(contentsOf: connectionClose)
            } else if version == .http1_0 {
                bytes.append(contentsOf: connectionKeepAlive)
            }
            bytes.append(ASCII.cr)
            bytes.append(ASCII.lf)
            if gathersBody { bytes.append(contentsOf: body) }
        }
        if !gathersBody { output.append(body) }
    }

    static let continueResponse = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)
    private static let okStatusLine = Array("HTTP/1.1 200 OK\r\n".utf8)
    private static let contentLengthPrefix = Array("Content-Length: ".utf8)
    private static let connectionClose = Array("Connection: close\r\n".utf8)
    private static let connectionKeepAlive = Array("Connection: keep-alive\r\n".utf8)

    static func appendDecimal(_ value: Int, to bytes: inout [UInt8]) {
        guard value > 0 else {
            bytes.append(UInt8(ascii: "0"))
            return
        }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        var rest = value
        withUnsafeMutableBytes(of: &digits) { buffer in
            while rest > 0 {
                buffer[19 - count] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
                count += 1
            }
            // As typed bytes: appending a raw buffer takes a slower generic path.
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[(20 - count)...]).assumingMemoryBound(to: UInt8.self))
        }
    }

    /// Whether the server writes this field itself (compared by length first: most names cannot be).
    private static func isReserved(_ name: ArraySlice<UInt8>) -> Bool {
        switch name.count {
        case 4, 10, 14, 17: reservedNames.contains { ASCII.equalsIgnoringCase(name, $0) }
        default: false
        }
    }

    private static let reservedNames: [[UInt8]] = ["content-length", "transfer-encoding", "connection", "date"].map { Array($0.utf8) }
}
