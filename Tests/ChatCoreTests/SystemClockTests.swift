import ChatCore
import Dispatch
import Foundation
import Locking
import Testing

/// The wall clock's stop: the promise a host's owner relies on to close journals safely.
@Suite struct SystemClockTests {
    /// `stop()` returns only after work already running has finished, so nothing scheduled on the
    /// clock runs (or writes to a journal being closed) once it has returned.
    @Test func stop_waitsForTheWorkUnderWay() {
        let clock = SystemClock()
        let started = DispatchSemaphore(value: 0)
        let proceed = DispatchSemaphore(value: 0)
        let workFinished = Locked(false)
        clock.schedule(at: clock.now(), background: false) {
            started.signal()
            proceed.wait()
            workFinished.withLock { $0 = true }
        }
        started.wait()

        let stopped = DispatchSemaphore(value: 0)
        Thread {
            clock.stop()
            stopped.signal()
        }.start()
        // The work is held, so stop() must not return. The wait is bounded because that is what
        // is checked; a stop() that does not wait returns within it on any machine.
        let returnedEarly = stopped.wait(timeout: .now() + .milliseconds(200)) == .success
        #expect(!returnedEarly, "stop() returned while a timer's work was still running")
        proceed.signal()
        guard !returnedEarly else { return }
        stopped.wait()
        #expect(workFinished.withLock { $0 })
    }
}
