import ChatCore
import Foundation
import Locking

/// What the server received, oldest first, for a test to assert on (`GET /emulator/requests`):
/// method, target, operation, chat, status, time, the body up to a bound, and any fault that fired.
///
/// Bounded in memory: at most ``Limits/entries`` entries (the oldest are dropped, and counted),
/// each keeping at most ``Limits/bodyBytes`` of its body.
final class RequestRecord: Sendable {
    struct Limits: Sendable {
        var entries: Int
        var bodyBytes: Int
    }

    struct Entry: Sendable {
        let sequence: Int
        let method: String
        let target: String
        let operation: String?
        let chat: ChatID?
        /// `nil` when the connection was closed without an answer.
        let status: Int?
        /// On the chats' clock (virtual on a virtual clock).
        let time: Date
        let wallTime: Date
        let body: [UInt8]
        let bodyBytes: Int
        let fault: String?
    }

    private struct State {
        var ring: [Entry] = []
        /// Where the oldest entry is once the ring is full.
        var head = 0
        var nextSequence = 1
        var dropped = 0
    }

    let limits: Limits
    private let state = Locked(State())

    init(limits: Limits) {
        self.limits = limits
    }

    var isEnabled: Bool { limits.entries > 0 }

    func add(
        method: String, target: String, operation: String?, chat: ChatID?, status: Int?, time: Date, body: [UInt8], fault: String?
    ) {
        guard isEnabled else { return }
        let kept = body.count <= limits.bodyBytes ? body : Array(body.prefix(limits.bodyBytes))
        let wallTime = Date()
        state.withLock { state in
            let entry = Entry(
                sequence: state.nextSequence, method: method, target: target, operation: operation, chat: chat, status: status,
                time: time, wallTime: wallTime, body: kept, bodyBytes: body.count, fault: fault)
            state.nextSequence += 1
            if state.ring.count < limits.entries {
                state.ring.append(entry)
            } else {
                state.ring[state.head] = entry
                state.head = (state.head + 1) % limits.entries
                state.dropped += 1
            }
        }
    }

    /// The entries, oldest first, optionally of one chat; and how many were dropped for the bound.
    func entries(chat: ChatID? = nil) -> (entries: [Entry], dropped: Int) {
        state.withLock { state in
            let ordered = Array(state.ring[state.head...] + state.ring[..<state.head])
            return (chat.map { id in ordered.filter { $0.chat == id } } ?? ordered, state.dropped)
        }
    }

    func removeAll() { state.withLock { $0 = State(nextSequence: $0.nextSequence) } }
}
