import Foundation
import Glibc
import Locking

/// A hostile (or merely scripted) HTTP server for client tests, on 127.0.0.1 and a free port:
/// it reads each request's head and lets the test answer with exact bytes, at its own pace (a
/// drip, an endless body, a redirect elsewhere). One connection at a time, on one thread; stopped
/// by ``stop()``.
package final class ScriptedHTTPServer: Sendable {
    /// Writes bytes to the client; `false` once the client has gone (the script should end).
    package typealias Send = ([UInt8]) -> Bool

    /// The port listened on.
    package let port: Int
    private let listener: Int32
    private let state = Locked<(heads: [String], stopping: Bool)>(([], false))
    private let finished = NSCondition()
    private let ended = Locked(false)

    /// Listens at once; `answer` gets each request's head (request line and headers) and writes
    /// the answer; the connection is closed when it returns.
    package init(answer: @escaping @Sendable (_ head: String, _ send: Send) -> Void) throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.listener = listener
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) } }
        guard listener >= 0, bound == 0, listen(listener, 16) == 0 else {
            close(listener)
            throw RawHTTPClient.ClientError(description: "the scripted server cannot listen: \(String(cString: strerror(errno)))")
        }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) } }
        port = Int(UInt16(bigEndian: address.sin_port))
        let thread = Thread { [listener, state, finished, ended] in
            defer {
                finished.lock()
                ended.withLock { $0 = true }
                finished.broadcast()
                finished.unlock()
            }
            while true {
                let connection = accept(listener, nil, nil)
                guard connection >= 0 else { return }
                defer { close(connection) }
                guard let head = Self.readHead(connection) else { continue }
                let stopping = state.withLock { state in
                    state.heads.append(head)
                    return state.stopping
                }
                if stopping { return }
                answer(head) { bytes in
                    guard !state.withLock({ $0.stopping }) else { return false }
                    return bytes.withUnsafeBytes { send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) } == bytes.count
                }
            }
        }
        thread.name = "scripted-http"
        thread.start()
    }

    /// The heads of the requests received so far, in order.
    package var heads: [String] { state.withLock { $0.heads } }

    /// Stops listening, ends a script under way at its next send, and returns once the thread ended.
    package func stop() {
        let first = state.withLock { state in
            defer { state.stopping = true }
            return !state.stopping
        }
        guard first else { return }
        shutdown(listener, Int32(SHUT_RDWR))
        finished.lock()
        while !ended.withLock({ $0 }) { finished.wait() }
        finished.unlock()
        close(listener)
    }

    deinit { stop() }

    /// Reads up to the blank line that ends a request head (a body, if any, is left unread).
    private static func readHead(_ connection: Int32) -> String? {
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while bytes.count < 64 * 1024 {
            let count = chunk.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return nil }
            bytes += chunk[0..<count]
            if let end = String(decoding: bytes, as: UTF8.self).range(of: "\r\n\r\n") {
                return String(String(decoding: bytes, as: UTF8.self)[..<end.lowerBound])
            }
        }
        return nil
    }
}
