import Foundation

/// A fixed number of long-lived threads that run jobs first in, first out.
///
/// For responder calls on a server: Dispatch's global pool starts and retires threads as load
/// comes and goes, which cost most of SendMessage's time in system calls. These threads are
/// started once and wait on a condition when there is nothing to do. They stop once the pool is
/// released and the jobs already queued have run.
final class WorkerPool: Sendable {
    private let queue: JobQueue

    init(threads count: Int, name: String) {
        queue = JobQueue()
        for number in 1...max(1, count) {
            let thread = Thread { [queue] in queue.work() }
            thread.name = "\(name)-\(number)"
            thread.start()
        }
    }

    deinit { queue.stop() }

    /// Queues `job`; a free thread runs it.
    func submit(_ job: @escaping @Sendable () -> Void) { queue.push(job) }
}

/// The jobs a ``WorkerPool``'s threads take, behind one condition.
private final class JobQueue: @unchecked Sendable {
    // @unchecked: `jobs`, `head` and `stopped` are only touched with `condition` locked.
    private let condition = NSCondition()
    private var jobs: [(@Sendable () -> Void)?] = []
    /// The position of the oldest job not taken yet: taking one is O(1), and the taken ones are
    /// dropped in bulk.
    private var head = 0
    private var stopped = false

    func push(_ job: @escaping @Sendable () -> Void) {
        condition.lock()
        jobs.append(job)
        condition.unlock()
        condition.signal()
    }

    func stop() {
        condition.lock()
        stopped = true
        condition.unlock()
        condition.broadcast()
    }

    /// A thread's life: run jobs until stopped and none is left.
    func work() {
        while let job = next() { job() }
    }

    private func next() -> (@Sendable () -> Void)? {
        condition.lock()
        defer { condition.unlock() }
        while head == jobs.count {
            if stopped { return nil }
            condition.wait()
        }
        let job = jobs[head]
        jobs[head] = nil
        head += 1
        if head == jobs.count {
            jobs.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= 1024, head * 2 >= jobs.count {
            jobs.removeSubrange(..<head)
            head = 0
        }
        return job
    }
}
