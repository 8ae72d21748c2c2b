import Logging
import Synchronization

/// What the acceptor and every loop of one server share.
final class ServerContext: Sendable {
    let configuration: HTTPServer.Configuration
    let handler: any HTTPHandler
    let logger: Logger
    let errorPolicy: ProtocolErrorPolicy
    /// Open connections that count toward ``HTTPServer/Configuration/maxConnections``.
    let openConnections = Atomic<Int>(0)
    /// Response bytes queued on every connection and not yet sent, against
    /// ``HTTPServer/Configuration/Limits/totalOutputBytes``.
    let queuedOutputBytes = Atomic<Int>(0)
    /// The most ``queuedOutputBytes`` ever reached, and the most one connection ever had queued.
    let peakQueuedOutputBytes = Atomic<Int>(0)
    let peakConnectionQueuedOutputBytes = Atomic<Int>(0)

    init(configuration: HTTPServer.Configuration, handler: any HTTPHandler, logger: Logger) {
        self.configuration = configuration
        self.handler = handler
        self.logger = logger
        self.errorPolicy = ProtocolErrorPolicy(responder: configuration.protocolErrorResponder)
    }

    /// Records output queued: `total` unsent on every connection, `connection` on the one that grew.
    func outputQueued(total: Int, connection: Int) {
        peakQueuedOutputBytes.max(total, ordering: .relaxed)
        peakConnectionQueuedOutputBytes.max(connection, ordering: .relaxed)
    }
}

/// A socket the acceptor hands to a loop.
struct AcceptedSocket: Sendable {
    var descriptor: Int32
    var peer: String
    /// Set when the connection is over the cap: the loop answers this error and closes.
    var rejection: HTTPProtocolError?
}
