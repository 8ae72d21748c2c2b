public import Foundation

/// The wall clock, with one timer thread that runs due work in deadline order.
///
/// One thread and a heap scale to hundreds of thousands of pending timers (a reply for every
/// message of every chat) without a thread or a dispatch source per timer.
///
/// The timer thread holds the clock's state, not the clock: a clock released before its thread
/// got going (a server that failed to start) must not leave the thread reading a freed object.
/// Releasing the last reference stops the thread, as ``stop()`` does.
public final class SystemClock: ChatClock, Sendable {
    private let timers = Timers()

    public init() {
        let timers = timers
        let thread = Thread { timers.runLoop() }
        thread.name = "chat-timers"
        thread.start()
    }

    deinit {
        timers.stop()
    }

    public func now() -> Date { Date() }

    @discardableResult
    public func schedule(at deadline: Date, background: Bool, _ work: @escaping @Sendable () -> Void) -> TimerID {
        timers.schedule(at: deadline, background: background, work)
    }

    public func cancel(_ timer: TimerID) {
        timers.cancel(timer)
    }

    /// Stops the timer thread; pending work is dropped (it is in the journal, and a restart
    /// schedules it again). Work already running finishes first: when this returns, nothing
    /// scheduled here runs any more and the thread has let go of its work (called from a timer's
    /// own work, it returns at once). Calling it again does nothing.
    public func stop() {
        timers.stop()
    }

    /// The pending work and the loop that runs it, shared by the clock and its thread.
    private final class Timers: @unchecked Sendable {
        // @unchecked: `queue`, `stopped`, `ended` and `runner` are only touched with `condition`
        // locked.
        private let condition = NSCondition()
        private var queue = TimerQueue()
        private var stopped = false
        /// The loop has returned and holds no work any more.
        private var ended = false
        /// The timer thread, so that a stop from inside a timer's work does not wait for itself.
        private var runner: pthread_t?

        func schedule(at deadline: Date, background: Bool, _ work: @escaping @Sendable () -> Void) -> TimerID {
            condition.lock()
            defer { condition.unlock() }
            let id = queue.insert(deadline: deadline, background: background, work: work)
            condition.signal()
            return id
        }

        func cancel(_ timer: TimerID) {
            condition.lock()
            queue.cancel(timer)
            condition.unlock()
        }

        func stop() {
            var dropped = TimerQueue()
            condition.lock()
            stopped = true
            swap(&dropped, &queue)
            condition.broadcast()
            if let runner, pthread_equal(runner, pthread_self()) == 0 {
                while !ended { condition.wait() }
            }
            condition.unlock()
            // Released only now, without the lock: what the dropped work held may, as it is
            // freed, schedule or cancel on this clock.
            withExtendedLifetime(dropped) {}
        }

        func runLoop() {
            condition.lock()
            runner = pthread_self()
            condition.unlock()
            defer {
                condition.lock()
                ended = true
                condition.broadcast()
                condition.unlock()
            }
            while true {
                condition.lock()
                var due: TimerQueue.Entry?
                while !stopped && due == nil {
                    if let first = queue.peek() {
                        if first.deadline <= Date() {
                            due = queue.popFirst()
                        } else {
                            _ = condition.wait(until: first.deadline)
                        }
                    } else {
                        condition.wait()
                    }
                }
                let isStopped = stopped
                condition.unlock()
                if isStopped { return }
                due?.work()
            }
        }
    }
}
