package import Foundation
import Glibc
package import Logging

extension HTTPServer {
    /// Where the server listens, how many threads it runs, and every limit it enforces.
    ///
    /// All limits have defaults suited to a local API server; each is documented where declared.
    package struct Configuration: Sendable {
        /// The address to listen on: an IPv4 or IPv6 literal or a host name. Default `127.0.0.1`.
        package var host: String = "127.0.0.1"
        /// The TCP port; `0` picks a free one (read it from ``HTTPServer/start()``). Default `0`.
        package var port: Int = 0
        /// The kernel's queue of connections not yet accepted. Default 512.
        package var backlog: Int32 = 512
        /// Event-loop threads. Each owns a share of the connections, parses their requests, runs the
        /// handler inline and writes the responses. Default: the number of active CPU cores, at least 1.
        package var workerCount: Int = max(1, ProcessInfo.processInfo.activeProcessorCount)
        /// Open connections beyond this get `503 Service Unavailable` with `Connection: close` and are
        /// closed. Default 1,000 (the usual `ulimit -n` is 1,024).
        package var maxConnections: Int = 1000
        package var limits = Limits()
        package var timeouts = Timeouts()
        /// The level of the one access-log line written per request; `nil` writes none. Default `.info`.
        package var accessLogLevel: Logger.Level? = .info
        /// Builds the response to a request the server refuses itself (malformed, too large, too slow,
        /// over the connection cap). The server then forces the status to the error's status and adds
        /// `Connection: close`. Default: a plain-text body with the error's message.
        package var protocolErrorResponder: @Sendable (HTTPProtocolError) -> HTTPResponse = HTTPServer.plainTextErrorResponse
        /// What the acceptor calls instead of `accept(2)`, with the same arguments and result (a
        /// descriptor, or -1 with `errno` set). A seam for tests of descriptor exhaustion (`EMFILE`),
        /// which cannot be caused in a test process without starving its other tests.
        package var acceptCall: @Sendable (Int32, UnsafeMutablePointer<sockaddr>?, UnsafeMutablePointer<socklen_t>?) -> Int32 = { accept($0, $1, $2) }

        package init() {}

        /// Size limits. Exceeding one gets the status named, `Connection: close`, and a closed connection.
        package struct Limits: Sendable, Equatable {
            /// The request line (`METHOD target HTTP/1.1` and its CRLF). Default 8 KiB; beyond: 414.
            package var requestLineBytes = 8 * 1024
            /// All header lines together with their CRLFs (trailers of a chunked body count separately
            /// against the same limit). Default 32 KiB; beyond: 431.
            package var headerBytes = 32 * 1024
            /// Header fields in one request head (trailer fields of a chunked body count separately
            /// against the same limit). Each field costs a parsed name and value however short it is,
            /// so the byte limit alone would let 16,000 tiny fields through. Default 100 (browsers
            /// send about 20); beyond: 431.
            package var headerFields = 100
            /// The decoded body. Default 1 MiB; beyond: 413, sent before the body is read when
            /// `Content-Length` announces it.
            package var bodyBytes = 1024 * 1024
            /// One chunk-size line of a chunked body, extensions included. Default 4 KiB; beyond: 400.
            package var chunkLineBytes = 4 * 1024
            /// Size of each `read()`; the buffer is reused per loop. Default 64 KiB.
            package var readChunkBytes = 64 * 1024
            /// A connection whose unsent output reaches this is neither read nor parsed further until
            /// the client reads (back-pressure against pipelining floods). One connection therefore
            /// holds at most this plus one response (the handler bounds its responses, such as the
            /// chat API's `maxTranscriptBytes`). Default 256 KiB.
            package var outputHighWaterBytes = 256 * 1024
            /// Unsent output of all connections together. While the server holds this much, a
            /// connection that still has output queued is not parsed further; connections with
            /// nothing queued keep being served (so `/health` and fresh clients stay responsive).
            /// Bounds what many non-reading clients can pin together. Default 64 MiB.
            package var totalOutputBytes = 64 * 1024 * 1024

            package init() {}
        }

        /// Deadlines, enforced by each loop's poll timeout (they fire without new traffic).
        package struct Timeouts: Sendable, Equatable {
            /// From a request's first byte to the end of its head; then 408 and close. Default 10 s.
            package var header: Duration = .seconds(10)
            /// From the end of the head to the end of the body; then 408 and close. Default 30 s.
            package var body: Duration = .seconds(30)
            /// How long a kept-alive (or fresh) connection may wait for a request; then closed
            /// silently. Default 60 s.
            package var idle: Duration = .seconds(60)
            /// How long queued output may wait for the client to read it; then closed. Default 30 s.
            package var write: Duration = .seconds(30)
            /// After a server-side close, how long to drop the client's remaining input before closing
            /// (see `ConnectionLifecycle`). Default 2 s.
            package var linger: Duration = .seconds(2)
            /// How long ``HTTPServer/stop()`` lets in-flight responses drain. Default 10 s.
            package var shutdownGrace: Duration = .seconds(10)

            package init() {}
        }

        var parserLimits: HTTPRequestParser.Limits {
            HTTPRequestParser.Limits(
                requestLineBytes: limits.requestLineBytes, headerBytes: limits.headerBytes,
                bodyBytes: limits.bodyBytes, chunkLineBytes: limits.chunkLineBytes, headerFields: limits.headerFields)
        }

        var lifecycleTimeouts: ConnectionLifecycle.Timeouts {
            ConnectionLifecycle.Timeouts(
                idle: timeouts.idle.nanoseconds, header: timeouts.header.nanoseconds, body: timeouts.body.nanoseconds,
                write: timeouts.write.nanoseconds, linger: timeouts.linger.nanoseconds)
        }
    }

    /// The default ``Configuration/protocolErrorResponder``: the status line and message as plain text.
    package static let plainTextErrorResponse: @Sendable (HTTPProtocolError) -> HTTPResponse = { error in
        HTTPResponse(status: error.status, text: "\(error.status): \(error.message)\n")
    }
}

extension Duration {
    /// Whole nanoseconds, saturating; negative durations count as zero.
    var nanoseconds: UInt64 {
        let (seconds, attoseconds) = components
        guard seconds >= 0 else { return 0 }
        let (whole, overflow) = UInt64(seconds).multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? .max : whole &+ UInt64(attoseconds / 1_000_000_000)
    }
}
