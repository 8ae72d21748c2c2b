/// The life of one connection as a small state machine: which deadline applies, whether to read,
/// and when to close. It does no I/O and reads no clock; the event loop feeds it events with the
/// time, so it is tested alone.
///
/// ```
/// awaitingRequest ──first byte──▶ receivingHead ──head done──▶ receivingBody
///        ▲                                                          │
///        └──────────── request answered, keep-alive ◀───────────────┘
/// any ── close wanted / protocol error / stop ──▶ closingAfterWrite ──output drained──▶ lingering ──peer EOF──▶ closed
/// ```
/// Lingering: after the last response the server shuts its sending side and reads (and drops) what
/// the peer still sends until it closes or the linger deadline passes. Closing with unread input
/// would make the kernel send a reset that can destroy the response before the client reads it
/// (a 413 sent while the client is still uploading, say).
/// Deadlines: idle (awaiting a request), header (head started), body (head done), and a write
/// deadline while output is pending. They are enforced by the loop's poll timeout, so they fire
/// without any new traffic.
struct ConnectionLifecycle: Equatable {
    enum Phase: Equatable {
        case awaitingRequest
        case receivingHead
        case receivingBody
        /// A request's answer comes later (``HTTPDeferredResponse``): reads nothing meanwhile.
        case awaitingAnswer
        /// Parses nothing more; closes once the queued output is written.
        case closingAfterWrite
        /// Output written and sending side shut; dropping input until the peer closes.
        case lingering
        case closed
    }

    /// What the loop must do after a deadline passed.
    enum TimeoutAction: Equatable {
        case none
        /// A request was half received: answer 408 and close.
        case answerTimeoutAndClose
        /// Idle too long, or the peer stopped reading our output: close without a word.
        case close
    }

    struct Timeouts: Equatable {
        var idle: UInt64
        var header: UInt64
        var body: UInt64
        var write: UInt64
        var linger: UInt64
    }

    /// What the loop must do once all queued output is written.
    enum DrainAction: Equatable {
        case keepOpen
        /// Shut the sending side (`shutdown(SHUT_WR)`) and keep reading until the peer closes.
        case shutDownOutputAndLinger
        case close
    }

    let timeouts: Timeouts
    private(set) var phase: Phase
    private(set) var readDeadline: UInt64?
    private(set) var writeDeadline: UInt64?
    /// The peer has sent FIN: nothing more will arrive.
    private(set) var peerClosed = false
    /// The server is stopping: no lingering, close as soon as the output is out.
    private(set) var stopping = false

    init(timeouts: Timeouts, openedAt now: UInt64) {
        self.timeouts = timeouts
        phase = .awaitingRequest
        readDeadline = now + timeouts.idle
    }

    /// Whether the loop should parse what it reads.
    var isReading: Bool {
        switch phase {
        case .awaitingRequest, .receivingHead, .receivingBody: true
        case .awaitingAnswer, .closingAfterWrite, .lingering, .closed: false
        }
    }

    /// Whether the loop should poll for input (to parse it, or to drop it while lingering).
    var wantsInput: Bool { !peerClosed && (isReading || phase == .lingering) }

    var nextDeadline: UInt64? {
        switch (readDeadline, writeDeadline) {
        case let (read?, write?): min(read, write)
        case let (read?, nil): read
        case let (nil, write?): write
        case (nil, nil): nil
        }
    }

    /// The parser moved; start the deadline of the new phase (only on a change, so a slow client
    /// cannot extend a deadline by trickling bytes).
    mutating func parserMoved(to parserPhase: HTTPRequestParser.Phase, at now: UInt64) {
        guard isReading else { return }
        let next: Phase =
            switch parserPhase {
            case .idle: .awaitingRequest
            case .head: .receivingHead
            case .body: .receivingBody
            }
        guard next != phase else { return }
        phase = next
        readDeadline = now + (next == .awaitingRequest ? timeouts.idle : next == .receivingHead ? timeouts.header : timeouts.body)
    }

    /// The handler will answer later: read nothing (pipelined requests wait) and keep no deadline.
    mutating func answerDeferred() {
        guard isReading else { return }
        phase = .awaitingAnswer
        readDeadline = nil
    }

    /// A response was queued for a complete request.
    mutating func responseQueued(keepAlive: Bool, at now: UInt64) {
        guard isReading || phase == .awaitingAnswer else { return }
        if keepAlive {
            phase = .awaitingRequest
            readDeadline = now + timeouts.idle
        } else {
            closeAfterWrite()
        }
    }

    /// Output is waiting in the buffer; the peer must take it before the write deadline.
    mutating func outputPending(at now: UInt64) {
        if writeDeadline == nil { writeDeadline = now + timeouts.write }
    }

    /// All queued output is written.
    mutating func outputDrained(at now: UInt64) -> DrainAction {
        writeDeadline = nil
        switch phase {
        case .closingAfterWrite where peerClosed || stopping:
            phase = .closed
            return .close
        case .closingAfterWrite:
            phase = .lingering
            readDeadline = now + timeouts.linger
            return .shutDownOutputAndLinger
        case .closed:
            return .close
        default:
            return .keepOpen
        }
    }

    /// Stop reading (an error response, `Connection: close`, or a stop) and close once output is written.
    mutating func closeAfterWrite() {
        guard phase != .closed else { return }
        phase = .closingAfterWrite
        readDeadline = nil
    }

    /// The peer closed its side (read returned 0) after everything it sent was parsed.
    /// Queued output is still written; a half-received request is dropped.
    mutating func peerClosedInput(hasPendingOutput: Bool) {
        peerClosed = true
        if hasPendingOutput, phase != .lingering { closeAfterWrite() } else { failed() }
    }

    /// The server is stopping: idle connections close now, others once their response is out.
    mutating func stopRequested(hasPendingOutput: Bool) {
        stopping = true
        if hasPendingOutput, phase != .lingering { closeAfterWrite() } else { failed() }
    }

    mutating func failed() {
        phase = .closed
        readDeadline = nil
        writeDeadline = nil
    }

    /// Called when the clock reaches ``nextDeadline``.
    mutating func deadlinePassed(at now: UInt64) -> TimeoutAction {
        if let writeDeadline, now >= writeDeadline {
            failed()
            return .close
        }
        guard let readDeadline, now >= readDeadline else { return .none }
        switch phase {
        case .awaitingRequest:
            failed()
            return .close
        case .receivingHead, .receivingBody:
            closeAfterWrite()
            return .answerTimeoutAndClose
        case .lingering:
            failed()
            return .close
        case .awaitingAnswer, .closingAfterWrite, .closed:
            return .none
        }
    }
}
