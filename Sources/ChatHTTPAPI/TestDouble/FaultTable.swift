import ChatCore
import Locking

/// The faults in force, oldest first; the first that matches a request fires (and counts down
/// its `times`). Bounded: at most ``capacity`` faults, so that a runaway test gets a clear 400
/// rather than a server that checks thousands of faults on every request.
final class FaultTable: Sendable {
    /// A fault in force, with its id and how often it fired.
    struct Entry: Sendable {
        let id: Int
        var fault: Fault
        var fired = 0
    }

    /// A fault that fired for one request.
    struct Firing: Sendable {
        let id: Int
        let fault: Fault
    }

    private struct State {
        var entries: [Entry] = []
        var nextID = 1
    }

    let capacity: Int
    private let state = Locked(State())

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// Adds faults, all or none.
    /// - Throws: when they would take the table past ``capacity``.
    @discardableResult
    func add(_ faults: [Fault]) throws(FaultError) -> [Entry] {
        try state.withLock { (state) throws(FaultError) -> [Entry] in
            guard state.entries.count + faults.count <= capacity else {
                throw FaultError(
                    "At most \(capacity) faults can be in force at once (\(state.entries.count) are); DELETE /emulator/faults clears them.")
            }
            var added: [Entry] = []
            for fault in faults {
                added.append(Entry(id: state.nextID, fault: fault))
                state.nextID += 1
            }
            state.entries += added
            return added
        }
    }

    /// Whether no fault is in force (checked before anything else on every request).
    var isEmpty: Bool { state.withLock { $0.entries.isEmpty } }

    var entries: [Entry] { state.withLock { $0.entries } }

    func removeAll() { state.withLock { $0.entries = [] } }

    /// The first fault matching a request, counted as fired (and removed once its times are used).
    func fire(operation: String, chat: ChatID?) -> Firing? {
        state.withLock { state in
            guard let index = state.entries.firstIndex(where: { $0.fault.matches(operation: operation, chat: chat) }) else { return nil }
            state.entries[index].fired += 1
            let entry = state.entries[index]
            if let times = entry.fault.times, entry.fired >= times { state.entries.remove(at: index) }
            return Firing(id: entry.id, fault: entry.fault)
        }
    }
}
