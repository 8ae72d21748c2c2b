public import ChatCore
import Locking

/// What a bot said about how it answered one event.
public struct ResponderTraceEntry: Sendable, Hashable {
    public var event: ChatEvent
    public var lines: [String]
}

/// Keeps the responder traces of a test's chat, for failure messages.
final class TraceRecorder: ChatObserver {
    private let recorded = Locked<[ResponderTraceEntry]>([])

    var entries: [ResponderTraceEntry] { recorded.withLock { $0 } }

    func chat(_ id: ChatID, responderTrace: [String], for event: ChatEvent) {
        recorded.withLock { $0.append(ResponderTraceEntry(event: event, lines: responderTrace)) }
    }
}
