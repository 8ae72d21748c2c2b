import Glibc
package import Logging
import Locking
import Synchronization

/// A small, hardened HTTP/1.1 server on POSIX sockets.
///
/// One acceptor thread and ``Configuration/workerCount`` event-loop threads; each loop polls its
/// connections, parses requests (see `HTTPRequestParser` for the framing policy), calls the
/// handler inline and writes responses in order. Keep-alive, pipelining, HTTP/1.0, chunked request
/// bodies, `HEAD` and `Expect: 100-continue` are supported; limits and deadlines come from
/// ``Configuration``. Every refused request gets a response with `Connection: close`.
///
/// ```swift
/// let server = HTTPServer(handler: ClosureHTTPHandler { _ in HTTPResponse(text: "hello") })
/// let port = try server.start()
/// defer { server.stop() }
/// ```
package final class HTTPServer: Sendable {
    private enum RunState {
        case idle
        case running(Acceptor, [EventLoop], port: Int)
        case stopped
    }

    package let configuration: Configuration
    private let context: ServerContext
    private let state = Locked<RunState>(.idle)

    /// - Parameters:
    ///   - configuration: address, threads, limits and deadlines.
    ///   - handler: answers each request; runs on the loop threads (see ``HTTPHandler``).
    ///   - logger: receives the access log and server events.
    package init(configuration: Configuration = .init(), handler: any HTTPHandler, logger: Logger = Logger(label: "http", factory: { _ in SwiftLogNoOpLogHandler() })) {
        self.configuration = configuration
        context = ServerContext(configuration: configuration, handler: handler, logger: logger)
    }

    /// Binds, listens, starts the threads and returns the port listened on (useful with port 0).
    /// A server starts once; make a new one to serve again.
    @discardableResult
    package func start() throws(HTTPServerError) -> Int {
        try state.withLock { (state: inout RunState) throws(HTTPServerError) -> Int in
            guard case .idle = state else {
                throw HTTPServerError(.alreadyStarted, "This server was already started; create a new HTTPServer to serve again.")
            }
            let (listener, port) = try Socket.listen(host: configuration.host, port: configuration.port, backlog: configuration.backlog)
            do throws(HTTPServerError) {
                let loops = try (0..<max(1, configuration.workerCount)).map { (index: Int) throws(HTTPServerError) -> EventLoop in
                    try EventLoop(name: "http-loop-\(index)", context: context)
                }
                let acceptor = try Acceptor(listener: listener, loops: loops, context: context)
                loops.forEach { $0.start() }
                acceptor.start()
                state = .running(acceptor, loops, port: port)
                context.logger.info("HTTP server listening on \(configuration.host):\(port) with \(loops.count) loops")
                return port
            } catch {
                close(listener)
                throw error
            }
        }
    }

    /// The port listened on while running, else `nil`.
    package var port: Int? {
        state.withLock { state in
            if case .running(_, _, let port) = state { return port }
            return nil
        }
    }

    /// Response bytes queued on all connections and not yet taken by their clients: what slow or
    /// non-reading clients currently pin. Bounded by the ``Configuration/Limits``.
    package var queuedOutputByteCount: Int { context.queuedOutputBytes.load(ordering: .relaxed) }

    /// The most response bytes that were ever queued unsent at once since the server started, on
    /// all connections together: the worst that slow or non-reading clients pinned.
    package var peakQueuedOutputByteCount: Int { context.peakQueuedOutputBytes.load(ordering: .relaxed) }

    /// The most response bytes that one connection ever had queued unsent since the server started:
    /// at most ``Configuration/Limits/outputHighWaterBytes`` plus one response.
    package var peakConnectionQueuedOutputByteCount: Int { context.peakConnectionQueuedOutputBytes.load(ordering: .relaxed) }

    /// Stops gracefully: stops accepting, lets requests already being answered finish and their
    /// responses drain (up to ``Configuration/Timeouts/shutdownGrace``), closes every connection,
    /// and returns when all threads have ended. Safe to call more than once.
    /// - Important: do not call it from a handler (it waits for the loop running that handler).
    package func stop() {
        let running = state.withLock { (state: inout RunState) -> (Acceptor, [EventLoop])? in
            defer { state = .stopped }
            if case .running(let acceptor, let loops, _) = state { return (acceptor, loops) }
            return nil
        }
        guard let (acceptor, loops) = running else { return }
        acceptor.stop()
        loops.forEach { $0.requestStop() }
        loops.forEach { $0.waitUntilFinished() }
        context.logger.info("HTTP server stopped")
    }

    deinit {
        stop()
    }
}
