public import Foundation
import Locking

/// A virtual clock for tests: time moves only when the test says so, and due work runs
/// synchronously, in deadline order, on the caller's thread.
public final class ManualClock: ChatClock {
    /// 2026-01-01T00:00:00Z, so transcripts of tests do not depend on the day they run.
    public static let defaultStart = Date(timeIntervalSince1970: 1_767_225_600)

    private struct State {
        var now: Date
        var queue = TimerQueue()
        var afterEachStep: (@Sendable () -> Void)?
    }

    private let state: Locked<State>

    public init(start: Date = ManualClock.defaultStart) {
        state = Locked(State(now: start))
    }

    public func now() -> Date { state.withLock { $0.now } }

    @discardableResult
    public func schedule(at deadline: Date, background: Bool, _ work: @escaping @Sendable () -> Void) -> TimerID {
        state.withLock { $0.queue.insert(deadline: deadline, background: background, work: work) }
    }

    public func cancel(_ timer: TimerID) {
        state.withLock { $0.queue.cancel(timer) }
    }

    /// Runs `body` after each piece of work the clock runs, on the thread that ran it. BotTesting
    /// waits there for the answers of bots that work in real time
    /// (`ChatHost.settleDeferredAnswers()`), so virtual time does not run ahead of them.
    package func afterEachStep(_ body: @escaping @Sendable () -> Void) {
        state.withLock { $0.afterEachStep = body }
    }

    /// Whether any work other than background work is waiting.
    public var hasPendingWork: Bool { state.withLock { $0.queue.hasForegroundWork } }

    /// Moves time forward by `duration`, running every piece of work that falls due on the way,
    /// each at its own deadline (work scheduled meanwhile runs too if it falls in the window).
    public func advance(by duration: Duration) {
        advance(to: now().adding(duration))
    }

    /// Moves time forward to `deadline` (never back), running every piece of work due by then.
    public func advance(to deadline: Date) {
        while runNext(notAfter: deadline) {}
        state.withLock { $0.now = max($0.now, deadline) }
    }

    /// The deadline of the earliest pending work, background work included: where a test that
    /// waits for something to happen should move time next.
    public var nextDeadline: Date? { state.withLock { $0.queue.peek()?.deadline } }

    /// Runs work until only background work (the system participant's messages) is left, moving
    /// time to each deadline in turn. Stops after `maximumSteps` pieces of work, so a bot that
    /// keeps starting timers cannot hang a test.
    /// - Returns: how far time moved.
    @discardableResult
    public func runUntilIdle(maximumSteps: Int = 10_000) -> Duration {
        let start = now()
        var steps = 0
        while steps < maximumSteps, let deadline = state.withLock({ $0.queue.nextForegroundDeadline() }) {
            while runNext(notAfter: deadline) { steps += 1 }
            state.withLock { $0.now = max($0.now, deadline) }
        }
        let elapsed = now().timeIntervalSince(start)
        return .milliseconds(Int64((elapsed * 1000).rounded()))
    }

    /// Runs work until only background work is left, as ``runUntilIdle(maximumSteps:)``, but
    /// moving time at most `limit`: when work is still pending at `start + limit` (a bot that
    /// keeps nudging, a timer further away), time stops there, having run what fell due.
    /// `GET`/`POST /emulator/clock` (`{"advance":"quiet"}`) is this method over HTTP.
    /// - Returns: how far time moved, and whether it stopped because nothing but background work
    ///   was left (`false`: the limit or `maximumSteps` stopped it).
    public func runUntilIdle(within limit: Duration, maximumSteps: Int = 100_000) -> (elapsed: Duration, idle: Bool) {
        let start = now()
        let end = start.adding(limit)
        var steps = 0
        while steps < maximumSteps, let deadline = state.withLock({ $0.queue.nextForegroundDeadline() }), deadline <= end {
            while steps < maximumSteps, runNext(notAfter: deadline) { steps += 1 }
            state.withLock { $0.now = max($0.now, deadline) }
        }
        let idle = !hasPendingWork
        if !idle, steps < maximumSteps { advance(to: end) }
        let elapsed = now().timeIntervalSince(start)
        return (.milliseconds(Int64((elapsed * 1000).rounded())), idle)
    }

    /// The deadline of the earliest pending work other than background work: where
    /// ``runUntilIdle(within:maximumSteps:)`` goes next.
    public var nextForegroundDeadline: Date? { state.withLock { $0.queue.nextForegroundDeadline() } }

    /// Runs the earliest work if it is due by `limit`; the lock is released while it runs, so the
    /// work may schedule more.
    private func runNext(notAfter limit: Date) -> Bool {
        let entry: TimerQueue.Entry? = state.withLock { state in
            guard let first = state.queue.peek(), first.deadline <= limit else { return nil }
            state.now = max(state.now, first.deadline)
            return state.queue.popFirst()
        }
        guard let entry else { return false }
        entry.work()
        state.withLock { $0.afterEachStep }?()
        return true
    }
}
