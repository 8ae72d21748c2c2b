import Locking

/// A response that a handler gives later, from any thread: the connection waits for it (reading
/// nothing more, so pipelined requests keep their order) while its loop serves other connections.
/// Return ``HTTPResponse/later(_:)`` from the handler, then call ``complete(with:)`` once.
///
/// Used for answers that must wait without holding an event-loop thread, such as a test's
/// delayed answer. A connection that closes or a server that stops meanwhile drops the answer.
package final class HTTPDeferredResponse: Sendable {
    private enum State {
        case waiting
        /// The loop is ready for the answer: it is handed to `deliver`.
        case attached(@Sendable (HTTPResponse) -> Void)
        /// Answered before the loop attached.
        case answered(HTTPResponse)
        case done
    }

    private let state = Locked(State.waiting)

    package init() {}

    /// Gives the answer; only the first call counts. A deferred or dropping answer here is
    /// treated as a plain close of the connection.
    package func complete(with response: HTTPResponse) {
        let deliver = state.withLock { state -> (@Sendable (HTTPResponse) -> Void)? in
            switch state {
            case .waiting:
                state = .answered(response)
                return nil
            case .attached(let deliver):
                state = .done
                return deliver
            case .answered, .done:
                return nil
            }
        }
        deliver?(response)
    }

    /// The loop is ready: `deliver` gets the answer, now if it is already there.
    func attach(_ deliver: @escaping @Sendable (HTTPResponse) -> Void) {
        let ready = state.withLock { state -> HTTPResponse? in
            switch state {
            case .waiting:
                state = .attached(deliver)
                return nil
            case .answered(let response):
                state = .done
                return response
            case .attached, .done:
                return nil
            }
        }
        if let ready { deliver(ready) }
    }
}

/// Equal by identity (``HTTPResponse`` is `Equatable`).
extension HTTPDeferredResponse: Equatable {
    package static func == (lhs: HTTPDeferredResponse, rhs: HTTPDeferredResponse) -> Bool { lhs === rhs }
}
