import Foundation
import Glibc

/// A blocking test client on a raw socket: sends exact bytes and reads responses byte for byte,
/// so tests can send what no well-behaved client would (pipelined, malformed, half-closed,
/// reset). Every read waits at most `timeout`: tests wait on I/O, never on sleeps.
package final class RawHTTPClient {
    package struct Response: Equatable, Sendable {
        package var status: Int
        package var reason: String
        package var headers: [(String, String)]
        package var body: [UInt8]

        package static func == (lhs: Response, rhs: Response) -> Bool {
            lhs.status == rhs.status && lhs.body == rhs.body && lhs.headers.map { "\($0.0): \($0.1)" } == rhs.headers.map { "\($0.0): \($0.1)" }
        }

        /// The first value of a header, by case-insensitive name.
        package func header(_ name: String) -> String? {
            headers.first { $0.0.lowercased() == name.lowercased() }?.1
        }

        package var text: String { String(decoding: body, as: UTF8.self) }
    }

    package struct ClientError: Error, CustomStringConvertible {
        package var description: String

        package init(description: String) {
            self.description = description
        }
    }

    package let descriptor: Int32
    private var buffer: [UInt8] = []
    package let timeout: Duration

    /// Connects to 127.0.0.1:`port`.
    /// - Parameter receiveBufferBytes: a small kernel receive buffer (`SO_RCVBUF`, set before
    ///   connecting) for a client that stops reading: the server's output then stays queued in
    ///   the server instead of in the kernel's buffers.
    package init(port: Int, timeout: Duration = .seconds(5), receiveBufferBytes: Int? = nil) throws {
        self.timeout = timeout
        // The socket is set up in a local and stored only once connected: a failure before then
        // closes it here, and `deinit` (which runs for a fully initialised object, even one whose
        // initialiser throws) must not close it a second time; a double close would close
        // whatever another thread had opened on that number meanwhile.
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw ClientError(description: "socket() failed: errno \(errno)") }
        if let receiveBufferBytes {
            var size = Int32(clamping: receiveBufferBytes)
            setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let status = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard status == 0 else {
            let error = errno
            close(fd)
            throw ClientError(description: "connect() to port \(port) failed: errno \(error)")
        }
        descriptor = fd
    }

    deinit {
        close(descriptor)
    }

    package func send(_ text: String) throws {
        try send(Array(text.utf8))
    }

    package func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return Glibc.send(descriptor, base + offset, buffer.count - offset, Int32(MSG_NOSIGNAL))
            }
            guard sent > 0 else { throw ClientError(description: "send() failed: errno \(errno)") }
            offset += sent
        }
    }

    /// Closes at once with a reset (SO_LINGER 0), like a client that crashed.
    package func abort() {
        var option = linger(l_onoff: 1, l_linger: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_LINGER, &option, socklen_t(MemoryLayout<linger>.size))
        shutdown(descriptor, Int32(SHUT_RDWR))
    }

    package func shutdownWriting() {
        shutdown(descriptor, Int32(SHUT_WR))
    }

    /// Reads more bytes; `false` on end of stream. Throws on timeout.
    private func fill() throws -> Bool {
        var watched = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        let milliseconds = Int32(timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
        let ready = poll(&watched, 1, milliseconds)
        guard ready > 0 else { throw ClientError(description: "no data within \(timeout)") }
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = recv(descriptor, &chunk, chunk.count, 0)
        if count < 0 {
            if errno == ECONNRESET { return false }
            throw ClientError(description: "recv() failed: errno \(errno)")
        }
        if count == 0 { return false }
        buffer.append(contentsOf: chunk[0..<count])
        return true
    }

    private func readLine() throws -> String {
        while true {
            if let lf = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = buffer[0..<lf]
                buffer.removeFirst(lf + 1)
                return String(decoding: line.last == UInt8(ascii: "\r") ? line.dropLast() : line, as: UTF8.self)
            }
            guard try fill() else { throw ClientError(description: "connection closed while reading a line") }
        }
    }

    /// Reads one response. With `headOnly`, the body announced by Content-Length is not read (HEAD).
    package func readResponse(headOnly: Bool = false) throws -> Response {
        let statusLine = try readLine()
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0] == "HTTP/1.1", let status = Int(parts[1]) else {
            throw ClientError(description: "bad status line '\(statusLine)'")
        }
        var headers: [(String, String)] = []
        while true {
            let line = try readLine()
            if line.isEmpty { break }
            guard let colon = line.firstIndex(of: ":") else { throw ClientError(description: "bad header '\(line)'") }
            headers.append((String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        var response = Response(status: status, reason: parts.count > 2 ? String(parts[2]) : "", headers: headers, body: [])
        if headOnly || status < 200 || status == 204 || status == 304 { return response }
        if let lengthText = response.header("Content-Length"), let length = Int(lengthText) {
            while buffer.count < length {
                guard try fill() else { throw ClientError(description: "connection closed inside the body") }
            }
            response.body = Array(buffer[0..<length])
            buffer.removeFirst(length)
        } else {
            while try fill() {}
            response.body = buffer
            buffer.removeAll()
        }
        return response
    }

    /// Whether anything from the server (bytes, or its close) is waiting to be read now, without
    /// waiting for it.
    package var hasDataWaiting: Bool {
        if !buffer.isEmpty { return true }
        var watched = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        return poll(&watched, 1, 0) > 0
    }

    /// Waits (at most `timeout`) for the server to close; true when it did and sent nothing more.
    package func closesWithoutMoreData() throws -> Bool {
        if !buffer.isEmpty { return false }
        return try !fill() && buffer.isEmpty
    }
}

/// Request texts for tests.
package enum Raw {
    package static func get(_ path: String = "/", headers: String = "") -> String {
        "GET \(path) HTTP/1.1\r\nHost: localhost\r\n\(headers)\r\n"
    }

    package static func post(_ path: String = "/", body: String, headers: String = "") -> String {
        "POST \(path) HTTP/1.1\r\nHost: localhost\r\nContent-Length: \(body.utf8.count)\r\n\(headers)\r\n\(body)"
    }
}
