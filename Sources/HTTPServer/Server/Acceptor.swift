import Foundation
import Glibc
import Logging
import Synchronization

/// The accepting thread: waits in `poll` on the listening socket, accepts every pending connection,
/// and deals them round-robin to the event loops.
///
/// `accept` failures never end it: `EINTR`, `ECONNABORTED` and the like are retried at once;
/// running out of descriptors or memory (`EMFILE`, `ENFILE`, `ENOBUFS`, `ENOMEM`) backs off from
/// 10 ms up to 1 s, logs once per episode, and keeps listening. Over the connection cap, the
/// connection is still accepted and handed to a loop marked for a 503 answer (see
/// ``HTTPServer/Configuration/maxConnections``).
final class Acceptor: @unchecked Sendable {
    // @unchecked: `nextLoop` and `backoff` are used only by the acceptor thread; other threads call
    // only `requestStop()` (a send on the wake socket) and `waitUntilFinished()` (a semaphore).

    private let listener: Int32
    private let loops: [EventLoop]
    private let context: ServerContext
    private let wakeReader: Int32
    private let wakeWriter: Int32
    private let finished = DispatchSemaphore(value: 0)
    private var nextLoop = 0
    private var backoffMilliseconds: Int32 = 0

    private static let firstBackoffMilliseconds: Int32 = 10
    private static let maxBackoffMilliseconds: Int32 = 1000

    init(listener: Int32, loops: [EventLoop], context: ServerContext) throws(HTTPServerError) {
        guard let pair = Socket.makeWakePair() else {
            throw HTTPServerError(.socketFailed, "socketpair() for the acceptor failed: \(Socket.errorText(errno)).", errno: errno)
        }
        self.listener = listener
        self.loops = loops
        self.context = context
        wakeReader = pair.reader
        wakeWriter = pair.writer
    }

    deinit {
        close(wakeReader)
        close(wakeWriter)
    }

    func start() {
        // `finished` is signalled once the thread has let go of the acceptor, so that everything
        // it reaches (the handler, the chats behind it) can be freed as soon as `stop()` returns.
        let finished = finished
        let thread = Thread { [weak self] in
            if let acceptor = self { acceptor.run() }
            finished.signal()
        }
        thread.name = "http-acceptor"
        thread.start()
    }

    /// Stops accepting and closes the listening socket; returns once the thread has ended.
    func stop() {
        Socket.wake(wakeWriter)
        finished.wait()
    }

    private func run() {
        var watched = [
            pollfd(fd: listener, events: Int16(POLLIN), revents: 0),
            pollfd(fd: wakeReader, events: Int16(POLLIN), revents: 0),
        ]
        while true {
            watched[0].revents = 0
            watched[1].revents = 0
            let waitingOut = backoffMilliseconds > 0
            // While backing off, watch only the wake socket: the listener stays readable.
            let ready =
                waitingOut
                ? poll(&watched[1], 1, backoffMilliseconds)
                : poll(&watched, 2, -1)
            if ready < 0, errno != EINTR {
                context.logger.error("poll() failed in the acceptor: \(Socket.errorText(errno))")
            }
            if watched[1].revents != 0 { break }
            if waitingOut || watched[0].revents != 0 { acceptPending() }
        }
        close(listener)
    }

    private func acceptPending() {
        while true {
            var storage = sockaddr_storage()
            var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let descriptor = withUnsafeMutablePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { context.configuration.acceptCall(listener, $0, &length) }
            }
            if descriptor >= 0 {
                backoffMilliseconds = 0
                Socket.prepareAccepted(descriptor)
                hand(descriptor, peer: Socket.address(of: storage).text)
                continue
            }
            let code = errno
            switch code {
            case EAGAIN, EWOULDBLOCK:
                backoffMilliseconds = 0
                return
            case EINTR, ECONNABORTED, EPROTO, EPERM:
                continue
            case EMFILE, ENFILE, ENOBUFS, ENOMEM:
                if backoffMilliseconds == 0 {
                    context.logger.warning("accept() failed: \(Socket.errorText(code)); backing off and retrying. Raise 'ulimit -n' or lower maxConnections.")
                }
                backoffMilliseconds = min(max(backoffMilliseconds * 2, Self.firstBackoffMilliseconds), Self.maxBackoffMilliseconds)
                return
            default:
                context.logger.error("accept() failed: \(Socket.errorText(code)); retrying in \(Self.maxBackoffMilliseconds) ms.")
                backoffMilliseconds = Self.maxBackoffMilliseconds
                return
            }
        }
    }

    private func hand(_ descriptor: Int32, peer: String) {
        let open = context.openConnections.add(1, ordering: .relaxed).newValue
        var socket = AcceptedSocket(descriptor: descriptor, peer: peer)
        if open > context.configuration.maxConnections {
            context.openConnections.subtract(1, ordering: .relaxed)
            socket.rejection = HTTPProtocolError(
                .tooManyConnections, status: .serviceUnavailable,
                "The server has \(context.configuration.maxConnections) connections open, its limit; retry shortly.")
        }
        loops[nextLoop].enqueue(socket)
        nextLoop = (nextLoop + 1) % loops.count
    }
}
