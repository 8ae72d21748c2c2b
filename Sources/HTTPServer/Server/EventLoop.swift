import Foundation
import Glibc
import Logging
import Locking
import Synchronization

/// One event-loop thread: polls its connections, reads in large chunks into one reused buffer,
/// parses, runs the handler inline, writes responses in order, and enforces every deadline through
/// its poll timeout.
///
/// Why this design on two cores: the handler is fast (an in-memory chat plus a journal append), so
/// running it inline costs no thread hand-off and lets a batch of ready connections be served per
/// `poll`. A loop per core uses both cores; `poll` (exported by Glibc, unlike epoll) scales well
/// enough for the few hundred connections an emulator sees, and has no `FD_SETSIZE` limit.
final class EventLoop: @unchecked Sendable {
    // @unchecked: `connections`, `pollSet`, `readBuffer`, `dateCache` and `accessLine` are touched only by the
    // loop's own thread inside `run()`; other threads use only `inbox` (a lock), the wake socket
    // (a send) and `finished` (a semaphore).

    private struct Inbox {
        var sockets: [AcceptedSocket] = []
        /// Deferred answers given (``HTTPDeferredResponse``), for the connection of that serial.
        var answers: [DeferredAnswer] = []
        var stopRequested = false
    }

    /// A deferred answer on its way to its connection, with what encoding it needs of the request.
    private struct DeferredAnswer: Sendable {
        var serial: UInt64
        var response: HTTPResponse
        var request: HTTPRequest
    }

    let name: String
    private let context: ServerContext
    private let inbox = Locked(Inbox())
    private let wakeReader: Int32
    private let wakeWriter: Int32
    private let finished = DispatchSemaphore(value: 0)

    private var connections: [Connection] = []
    private var pollSet: [pollfd] = []
    private let readBuffer: UnsafeMutableRawBufferPointer
    private var dateCache = HTTPDateCache()
    /// The access-log line being built, reused from request to request.
    private var accessLine: [UInt8] = []
    private var stopDeadline: UInt64?
    private var nextSerial: UInt64 = 0

    init(name: String, context: ServerContext) throws(HTTPServerError) {
        guard let pair = Socket.makeWakePair() else {
            throw HTTPServerError(.socketFailed, "socketpair() for the event loop failed: \(Socket.errorText(errno)).", errno: errno)
        }
        self.name = name
        self.context = context
        wakeReader = pair.reader
        wakeWriter = pair.writer
        readBuffer = .allocate(byteCount: max(1024, context.configuration.limits.readChunkBytes), alignment: 16)
    }

    deinit {
        readBuffer.deallocate()
        close(wakeReader)
        close(wakeWriter)
    }

    // MARK: - Other threads

    func start() {
        // `finished` is signalled once the thread has let go of the loop (see `Acceptor.start()`).
        let finished = finished
        let thread = Thread { [weak self] in
            if let loop = self { loop.run() }
            finished.signal()
        }
        thread.name = name
        thread.start()
    }

    func enqueue(_ socket: AcceptedSocket) {
        let accepted = inbox.withLock { inbox -> Bool in
            guard !inbox.stopRequested else { return false }
            inbox.sockets.append(socket)
            return true
        }
        if accepted { Socket.wake(wakeWriter) } else { close(socket.descriptor) }
    }

    func requestStop() {
        inbox.withLock { $0.stopRequested = true }
        Socket.wake(wakeWriter)
    }

    func waitUntilFinished() {
        finished.wait()
    }

    // MARK: - The loop

    private func run() {
        while true {
            let timeout = pollTimeout(now: MonotonicClock.now())
            let ready = poll(&pollSet, nfds_t(pollSet.count), timeout)
            if ready < 0, errno != EINTR {
                context.logger.error("poll() failed in \(name): \(Socket.errorText(errno))")
            }
            let now = MonotonicClock.now()
            // pollSet[0] is the wake socket; pollSet[i + 1] belongs to connections[i] for the
            // connections that existed when the set was built.
            let polledCount = pollSet.count - 1
            if ready > 0 {
                for index in 0..<polledCount where pollSet[index + 1].revents != 0 {
                    serviceReady(connections[index], events: pollSet[index + 1].revents, now: now)
                }
            }
            if ready > 0, pollSet[0].revents != 0 { takeInbox(now: now) }
            enforceDeadlines(now: now)
            removeClosedConnections()
            if let stopDeadline, connections.isEmpty || now >= stopDeadline { break }
        }
        for connection in connections { closeConnection(connection) }
        connections.removeAll()
    }

    /// Rebuilds the poll set and returns the milliseconds until the nearest deadline (-1: none).
    private func pollTimeout(now: UInt64) -> Int32 {
        pollSet.removeAll(keepingCapacity: true)
        pollSet.append(pollfd(fd: wakeReader, events: Int16(POLLIN), revents: 0))
        var nearest = stopDeadline
        for connection in connections {
            var events: Int16 = 0
            if connection.lifecycle.wantsInput, mayTakeInput(connection) { events |= Int16(POLLIN) }
            if connection.hasPendingOutput { events |= Int16(POLLOUT) }
            pollSet.append(pollfd(fd: connection.descriptor, events: events, revents: 0))
            if let deadline = connection.lifecycle.nextDeadline { nearest = min(nearest ?? deadline, deadline) }
        }
        guard let nearest else { return -1 }
        guard nearest > now else { return 0 }
        let milliseconds = (nearest - now + 999_999) / 1_000_000
        return Int32(min(milliseconds, UInt64(Int32.max)))
    }

    private func takeInbox(now: UInt64) {
        Socket.drainWake(wakeReader)
        let (sockets, answers, stopRequested) = inbox.withLock { inbox in
            defer {
                inbox.sockets.removeAll()
                inbox.answers.removeAll()
            }
            return (inbox.sockets, inbox.answers, inbox.stopRequested)
        }
        for answer in answers {
            // Gone meanwhile (closed, or the server stopping): the answer is dropped.
            guard let connection = connections.first(where: { $0.serial == answer.serial }), connection.lifecycle.phase == .awaitingAnswer else { continue }
            send(answer.response, to: answer.request, on: connection, started: now, now: now)
            // Requests pipelined behind the deferred one were waiting in the parser.
            serviceReady(connection, events: 0, now: now)
        }
        for socket in sockets {
            let connection = Connection(
                socket: socket, parserLimits: context.configuration.parserLimits,
                timeouts: context.configuration.lifecycleTimeouts, now: now)
            nextSerial += 1
            connection.serial = nextSerial
            connections.append(connection)
            if let rejection = socket.rejection {
                refuse(connection, with: rejection, now: now)
                flush(connection, now: now)
            }
        }
        if stopRequested, stopDeadline == nil {
            stopDeadline = now + context.configuration.timeouts.shutdownGrace.nanoseconds
            for connection in connections {
                connection.lifecycle.stopRequested(hasPendingOutput: connection.hasPendingOutput)
            }
        }
    }

    private func serviceReady(_ connection: Connection, events: Int16, now: UInt64) {
        if events & Int16(POLLNVAL) != 0 {
            connection.lifecycle.failed()
            return
        }
        if connection.lifecycle.phase == .awaitingAnswer {
            // Polled for nothing while it waits; a hang-up or error ends it (and its answer).
            if events & Int16(POLLHUP | POLLERR) != 0 { connection.lifecycle.failed() }
            return
        }
        if events & Int16(POLLIN | POLLHUP | POLLERR) != 0, connection.lifecycle.wantsInput {
            readAvailable(connection, now: now)
        } else if events & Int16(POLLERR) != 0 {
            connection.lifecycle.failed()
            return
        }
        // Requests already buffered (pipelined) raise no poll event of their own: once output held
        // back by the limits has drained, go on parsing them here.
        var heldBack = true
        while heldBack {
            heldBack = connection.lifecycle.isReading && process(connection, now: now) == .heldBack
            flush(connection, now: now)
            heldBack = heldBack && connection.lifecycle.isReading && mayTakeInput(connection)
        }
    }

    private func readAvailable(_ connection: Connection, now: UInt64) {
        guard let base = readBuffer.baseAddress else { return }
        let count = recv(connection.descriptor, base, readBuffer.count, 0)
        if count > 0 {
            if connection.lifecycle.isReading {
                connection.parser.append(UnsafeRawBufferPointer(start: base, count: count))
            }
            return
        }
        if count == 0 {
            // Answer what is already buffered (a client may half-close after its request), then close.
            if connection.lifecycle.isReading { process(connection, now: now) }
            connection.lifecycle.peerClosedInput(hasPendingOutput: connection.hasPendingOutput)
            return
        }
        switch errno {
        case EAGAIN, EWOULDBLOCK, EINTR: return
        default: connection.lifecycle.failed()
        }
    }

    /// Whether the connection may read and parse more requests: not while its own output is behind
    /// (``HTTPServer/Configuration/Limits/outputHighWaterBytes``), nor, if it has output queued,
    /// while the server as a whole holds ``HTTPServer/Configuration/Limits/totalOutputBytes``.
    private func mayTakeInput(_ connection: Connection) -> Bool {
        let pending = connection.pendingOutputCount
        if pending == 0 { return true }
        let limits = context.configuration.limits
        return pending < limits.outputHighWaterBytes && context.queuedOutputBytes.load(ordering: .relaxed) < limits.totalOutputBytes
    }

    /// Changes a connection's output queue and keeps the server-wide count of queued bytes.
    private func enqueue(on connection: Connection, _ change: (inout OutputQueue) -> Void) {
        let before = connection.output.count
        change(&connection.output)
        let growth = connection.output.count - before
        let total = context.queuedOutputBytes.add(growth, ordering: .relaxed).newValue
        if growth > 0 { context.outputQueued(total: total, connection: connection.output.count) }
    }

    /// Why ``process(_:now:)`` stopped.
    private enum ProcessOutcome {
        /// Everything buffered is answered (or incomplete), or the connection stopped reading.
        case done
        /// Output limits hold the connection back with requests possibly still buffered.
        case heldBack
    }

    /// Parses and answers every complete request in the buffer, in order, while the output limits allow.
    @discardableResult
    private func process(_ connection: Connection, now: UInt64) -> ProcessOutcome {
        while connection.lifecycle.isReading {
            guard mayTakeInput(connection) else { return .heldBack }
            let event: HTTPRequestParser.Event
            do {
                event = try connection.parser.next()
            } catch {
                refuse(connection, with: error, now: now)
                return .done
            }
            switch event {
            case .needMoreData:
                connection.lifecycle.parserMoved(to: connection.parser.phase, at: now)
                return .done
            case .continueExpected:
                enqueue(on: connection) { $0.append(ResponseEncoder.continueResponse) }
                connection.lifecycle.parserMoved(to: .body, at: now)
            case .request(let request):
                respond(to: request, on: connection, now: now)
            }
        }
        return .done
    }

    private func respond(to request: HTTPRequest, on connection: Connection, now: UInt64) {
        let started = MonotonicClock.now()
        let response = context.handler.handle(request)
        send(response, to: request, on: connection, started: started, now: now)
    }

    /// Queues `response` (or does what its disposition says instead).
    private func send(_ response: HTTPResponse, to request: HTTPRequest, on connection: Connection, started: UInt64, now: UInt64) {
        switch response.disposition {
        case nil:
            break
        case .closeWithoutAnswer?:
            connection.lifecycle.failed()
            if let level = context.configuration.accessLogLevel {
                context.logger.log(level: level, "\(connection.peer) \"\(request.method) \(request.target)\" closed without an answer")
            }
            return
        case .later(let deferred)?:
            guard connection.lifecycle.phase != .awaitingAnswer else {
                connection.lifecycle.failed()  // a deferred answer that defers again: closed
                return
            }
            connection.lifecycle.answerDeferred()
            let serial = connection.serial
            deferred.attach { [weak self] answer in
                guard let self else { return }
                let delivered = self.inbox.withLock { inbox -> Bool in
                    guard !inbox.stopRequested else { return false }
                    inbox.answers.append(DeferredAnswer(serial: serial, response: answer, request: request))
                    return true
                }
                if delivered { Socket.wake(self.wakeWriter) }
            }
            return
        }
        let keepAlive = request.wantsKeepAlive && !response.closesConnection
        let dateLine = dateCache.refresh()
        enqueue(on: connection) { output in
            ResponseEncoder.encode(
                response, headOnly: request.method == "HEAD", keepAlive: keepAlive, version: request.version,
                dateLine: dateLine, into: &output)
        }
        connection.lifecycle.responseQueued(keepAlive: keepAlive, at: now)
        if let level = context.configuration.accessLogLevel {
            let micros = (MonotonicClock.now() - started) / 1000
            context.logger.log(level: level, Logger.Message(stringLiteral: accessLogLine(connection, request, response, micros: micros)))
        }
    }

    /// `PEER "METHOD TARGET HTTP/1.1" STATUS BYTES MICROSus`, gathered as bytes into the loop's
    /// reused buffer (`String` appends and interpolating the version and status cost thousands
    /// of instructions, on every request), then made a `String` once.
    private func accessLogLine(_ connection: Connection, _ request: HTTPRequest, _ response: HTTPResponse, micros: UInt64) -> String {
        accessLine.removeAll(keepingCapacity: true)
        ByteGatherer.append(to: &accessLine) { line in
            line.append(connection.peer)
            line.append(UInt8(ascii: " "))
            line.append(UInt8(ascii: "\""))
            line.append(request.method)
            line.append(UInt8(ascii: " "))
            line.append(request.target)
            line.append(request.version == .http1_1 ? Self.versionOneOne : Self.versionOneZero)
            line.appendDecimal(response.status.code)
            line.append(UInt8(ascii: " "))
            line.appendDecimal(response.body.count)
            line.append(UInt8(ascii: " "))
            line.appendDecimal(Int(min(micros, UInt64(Int.max))))
            line.append(UInt8(ascii: "u"))
            line.append(UInt8(ascii: "s"))
        }
        return String(decoding: accessLine, as: UTF8.self)
    }

    private static let versionOneOne = Array(" HTTP/1.1\" ".utf8)
    private static let versionOneZero = Array(" HTTP/1.0\" ".utf8)

    /// Applies the protocol-error policy: one response with `Connection: close`, then close.
    private func refuse(_ connection: Connection, with error: HTTPProtocolError, now: UInt64) {
        let response = context.errorPolicy.response(for: error)
        let dateLine = dateCache.refresh()
        enqueue(on: connection) { output in
            ResponseEncoder.encode(response, headOnly: false, keepAlive: false, version: .http1_1, dateLine: dateLine, into: &output)
        }
        connection.lifecycle.closeAfterWrite()
        if let level = context.configuration.accessLogLevel {
            context.logger.log(level: level, "\(connection.peer) refused: \(error)")
        }
    }

    private func flush(_ connection: Connection, now: UInt64) {
        var result = OutputQueue.SendResult.drained
        enqueue(on: connection) { result = $0.send(to: connection.descriptor) }
        switch result {
        case .drained:
            break
        case .wouldBlock:
            connection.lifecycle.outputPending(at: now)
            return
        case .failed:
            connection.lifecycle.failed()
            return
        }
        switch connection.lifecycle.outputDrained(at: now) {
        case .keepOpen, .close: break
        case .shutDownOutputAndLinger: shutdown(connection.descriptor, Int32(SHUT_WR))
        }
    }

    private func enforceDeadlines(now: UInt64) {
        for connection in connections {
            guard let deadline = connection.lifecycle.nextDeadline, deadline <= now else { continue }
            switch connection.lifecycle.deadlinePassed(at: now) {
            case .none, .close:
                break
            case .answerTimeoutAndClose:
                let phase = connection.parser.phase == .body ? "body" : "head"
                let limit = phase == "body" ? context.configuration.timeouts.body : context.configuration.timeouts.header
                var error = HTTPProtocolError(
                    .requestTimeout, status: .requestTimeout, "The request \(phase) did not arrive within \(limit); send requests promptly.")
                error.target = connection.parser.currentTarget
                refuse(connection, with: error, now: now)
                flush(connection, now: now)
            }
        }
    }

    private func removeClosedConnections() {
        guard connections.contains(where: { $0.lifecycle.phase == .closed }) else { return }
        connections.removeAll { connection in
            guard connection.lifecycle.phase == .closed else { return false }
            closeConnection(connection)
            return true
        }
    }

    private func closeConnection(_ connection: Connection) {
        close(connection.descriptor)
        enqueue(on: connection) { $0.reset() }
        if connection.countsTowardLimit {
            context.openConnections.subtract(1, ordering: .relaxed)
        }
    }
}
