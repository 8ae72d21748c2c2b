/// One accepted socket and what its loop knows about it: the parser holding its input, the queued
/// output, and its life-cycle state. Used only by the loop that owns it.
final class Connection {
    let descriptor: Int32
    let peer: String
    /// Rejected connections (over the cap) were never counted as open.
    let countsTowardLimit: Bool
    var parser: HTTPRequestParser
    var lifecycle: ConnectionLifecycle
    /// Bytes queued for the peer.
    var output = OutputQueue()
    /// Its number among its loop's connections, by which a deferred answer finds it.
    var serial: UInt64 = 0

    init(socket: AcceptedSocket, parserLimits: HTTPRequestParser.Limits, timeouts: ConnectionLifecycle.Timeouts, now: UInt64) {
        descriptor = socket.descriptor
        peer = socket.peer
        countsTowardLimit = socket.rejection == nil
        parser = HTTPRequestParser(limits: parserLimits)
        lifecycle = ConnectionLifecycle(timeouts: timeouts, openedAt: now)
    }

    var pendingOutputCount: Int { output.count }
    var hasPendingOutput: Bool { !output.isEmpty }
}
