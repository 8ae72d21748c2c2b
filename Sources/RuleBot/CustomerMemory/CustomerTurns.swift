import Locking

/// One lock per customer with a turn under way: turns of one customer run one at a time, turns of
/// different customers run at once. A customer's lock is dropped when no turn holds or waits for it.
final class CustomerTurns: Sendable {
    private struct Entry {
        let lock: Locked<Void>
        var users: Int
    }

    private let entries = Locked<[CustomerKey: Entry]>([:])

    func exclusive<Result, Failure: Error>(_ key: CustomerKey, _ body: () throws(Failure) -> Result) throws(Failure) -> Result {
        let lock = entries.withLock { entries in
            var entry = entries[key] ?? Entry(lock: Locked(()), users: 0)
            entry.users += 1
            entries[key] = entry
            return entry.lock
        }
        defer {
            entries.withLock { entries in
                if let entry = entries[key] { entries[key] = entry.users > 1 ? Entry(lock: entry.lock, users: entry.users - 1) : nil }
            }
        }
        return try lock.withLock { (_) throws(Failure) in try body() }
    }
}
