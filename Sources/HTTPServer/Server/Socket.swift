import Glibc

/// Thin wrappers over the POSIX socket calls the server makes (Linux details: `SOCK_*` constants
/// import as enums, `MSG_NOSIGNAL` as `Int`, no `accept4` or `pipe2` in `Glibc`).
enum Socket {
    static let streamType = Int32(SOCK_STREAM.rawValue)
    static let closeOnExec = Int32(SOCK_CLOEXEC.rawValue)
    static let nonBlocking = Int32(SOCK_NONBLOCK.rawValue)
    /// Every send passes this: a peer that went away yields `EPIPE`, never a SIGPIPE that kills us.
    static let sendFlags = Int32(MSG_NOSIGNAL)

    /// A non-blocking, close-on-exec listening socket with `SO_REUSEADDR`, and the port it got.
    static func listen(host: String, port: Int, backlog: Int32) throws(HTTPServerError) -> (descriptor: Int32, port: Int) {
        guard (0...65535).contains(port) else {
            throw HTTPServerError(.invalidAddress, "Port \(port) is out of range; use 0...65535 (0 picks a free port).")
        }
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = streamType
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        defer { if let list { freeaddrinfo(list) } }
        guard status == 0, let info = list?.pointee, let address = info.ai_addr else {
            let reason = String(cString: gai_strerror(status))
            throw HTTPServerError(.invalidAddress, "Cannot resolve listen address '\(host)': \(reason). Use an IP address such as 127.0.0.1.")
        }
        let descriptor = socket(info.ai_family, streamType | closeOnExec | nonBlocking, 0)
        guard descriptor >= 0 else {
            throw HTTPServerError(.socketFailed, "socket() failed: \(errorText(errno)).", errno: errno)
        }
        var one: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        guard bind(descriptor, address, info.ai_addrlen) == 0 else {
            let code = errno
            close(descriptor)
            throw HTTPServerError(
                .bindFailed, "Cannot listen on \(host):\(port): \(errorText(code)). Choose another port or stop the process using it.",
                errno: code)
        }
        guard Glibc.listen(descriptor, backlog) == 0 else {
            let code = errno
            close(descriptor)
            throw HTTPServerError(.listenFailed, "listen() on \(host):\(port) failed: \(errorText(code)).", errno: code)
        }
        return (descriptor, boundPort(descriptor) ?? port)
    }

    static func boundPort(_ descriptor: Int32) -> Int? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let status = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard status == 0 else { return nil }
        return address(of: storage).port
    }

    /// `host:port` text and port of a socket address.
    static func address(of storage: sockaddr_storage) -> (text: String, port: Int) {
        var storage = storage
        return withUnsafePointer(to: &storage) { pointer in
            switch Int32(pointer.pointee.ss_family) {
            case AF_INET:
                let address = UnsafeRawPointer(pointer).load(as: sockaddr_in.self)
                let port = Int(UInt16(bigEndian: address.sin_port))
                return ("\(numericHost(AF_INET, address.sin_addr)):\(port)", port)
            case AF_INET6:
                let address = UnsafeRawPointer(pointer).load(as: sockaddr_in6.self)
                let port = Int(UInt16(bigEndian: address.sin6_port))
                return ("[\(numericHost(AF_INET6, address.sin6_addr))]:\(port)", port)
            default:
                return ("unknown", 0)
            }
        }
    }

    private static func numericHost<Address>(_ family: Int32, _ address: Address) -> String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        let converted = withUnsafeBytes(of: address) { inet_ntop(family, $0.baseAddress, &buffer, socklen_t(buffer.count)) }
        guard converted != nil else { return "unknown" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Makes an accepted socket non-blocking and close-on-exec (there is no `accept4` in `Glibc`)
    /// and turns off Nagle's algorithm, since responses are written whole.
    static func prepareAccepted(_ descriptor: Int32) {
        _ = fcntl(descriptor, F_SETFD, fcntl(descriptor, F_GETFD) | FD_CLOEXEC)
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
        var one: Int32 = 1
        setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    /// A connected pair of non-blocking sockets: writing a byte to `.writer` wakes a `poll` on `.reader`.
    static func makeWakePair() -> (reader: Int32, writer: Int32)? {
        var pair: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, streamType | closeOnExec | nonBlocking, 0, &pair) == 0 else { return nil }
        return (pair[0], pair[1])
    }

    static func wake(_ writer: Int32) {
        var byte: UInt8 = 1
        _ = send(writer, &byte, 1, sendFlags)
    }

    static func drainWake(_ reader: Int32) {
        var scratch = [UInt8](repeating: 0, count: 64)
        while recv(reader, &scratch, scratch.count, 0) > 0 {}
    }

    static func errorText(_ code: Int32) -> String {
        "\(String(cString: strerror(code))) (errno \(code))"
    }
}

/// `CLOCK_MONOTONIC` in nanoseconds: deadlines never jump with the wall clock.
enum MonotonicClock {
    static func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }
}
