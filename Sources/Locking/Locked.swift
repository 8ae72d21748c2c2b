import Foundation

/// A value that threads share, behind a lock: the one lock type of this package.
///
/// It wraps a pthread mutex (`NSLock`) rather than the standard library's `Mutex` because
/// ThreadSanitizer on Linux understands pthread mutexes but not the futexes `Mutex` is built on:
/// with `Mutex` every correctly locked access is reported as a race, and `make test-tsan` could
/// not tell a real race from noise.
///
/// It is `Sendable` only when its value is: the lock keeps two threads from touching the value at
/// once, but a value handed out of ``withLock(_:)`` (a class instance, a closure) would still be
/// shared unprotected if it were not `Sendable` itself.
package final class Locked<Value> {
    private let lock = NSLock()
    private var value: Value

    package init(_ value: Value) {
        self.value = value
    }

    /// Runs `body` with exclusive access to the value.
    @inlinable
    package func withLock<Result, Failure: Error>(_ body: (inout Value) throws(Failure) -> Result) throws(Failure) -> Result {
        try withLockedValue(body)
    }

    @usableFromInline
    func withLockedValue<Result, Failure: Error>(_ body: (inout Value) throws(Failure) -> Result) throws(Failure) -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}

// @unchecked: `value` is only read or written while `lock` is held, and is `Sendable` itself.
extension Locked: @unchecked Sendable where Value: Sendable {}
