import ChatCore
import Synchronization

/// What a bot said about how it answered one event.
public struct ResponderTraceEntry: Sendable, Hashable {
    public var event: ChatEvent
    public var lines: [String]
}

/// Keeps the responder traces of a test's chat, for failure messages.
final class TraceRecorder: ChatObserver {
    private let recorded = Mutex<[ResponderTraceEntry]>([])

    var entries: [ResponderTraceEntry] { recorded.withLock { $0 } }

    func chat(_ id: ChatID, responderTrace: [String], for event: ChatEvent) {
        recorded.withLock { $0.append(ResponderTraceEntry(event: event, lines: responderTrace)) }
    }
}
