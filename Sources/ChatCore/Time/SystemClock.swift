import Foundation

/// The wall clock, with one timer thread that runs due work in deadline order.
///
/// One thread and a heap scale to hundreds of thousands of pending timers (a reply for every
/// message of every chat) without a thread or a dispatch source per timer.
public final class SystemClock: ChatClock, @unchecked Sendable {
    // @unchecked: `queue` and `stopped` are only touched with `condition` locked.
    private let condition = NSCondition()
    private var queue = TimerQueue()
    private var stopped = false
    private var thread: Thread?

    public init() {
        let thread = Thread { [unowned self] in self.runLoop() }
        thread.name = "chat-timers"
        self.thread = thread
        thread.start()
    }

    public func now() -> Date { Date() }

    @discardableResult
    public func schedule(at deadline: Date, background: Bool, _ work: @escaping @Sendable () -> Void) -> TimerID {
        condition.lock()
        defer { condition.unlock() }
        let id = queue.insert(deadline: deadline, background: background, work: work)
        condition.signal()
        return id
    }

    public func cancel(_ timer: TimerID) {
        condition.lock()
        queue.cancel(timer)
        condition.unlock()
    }

    /// Stops the timer thread; pending work is dropped (it is in the journal, and a restart
    /// schedules it again).
    public func stop() {
        condition.lock()
        stopped = true
        condition.signal()
        condition.unlock()
    }

    private func runLoop() {
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
