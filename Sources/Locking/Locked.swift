import Foundation

/// A value that threads share, behind a lock: the one lock type of this package.
///
/// It wraps a pthread mutex (`NSLock`) rather than the standard library's `Mutex` because
/// ThreadSanitizer on Linux understands pthread mutexes but not the futexes `Mutex` is built on:
/// with `Mutex` every correctly locked access is reported as a race, and `make test-tsan` could
/// not tell a real race from noise.
public final class Locked<Value>: @unchecked Sendable {
    // @unchecked: `value` is only read or written while `lock` is held.
    private let lock = NSLock()
    private var value: Value

    public init(_ value: Value) {
        self.value = value
    }

    /// Runs `body` with exclusive access to the value.
    @inlinable
    public func withLock<Result, Failure: Error>(_ body: (inout Value) throws(Failure) -> Result) throws(Failure) -> Result {
        try withLockedValue(body)
    }

    @usableFromInline
    func withLockedValue<Result, Failure: Error>(_ body: (inout Value) throws(Failure) -> Result) throws(Failure) -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
