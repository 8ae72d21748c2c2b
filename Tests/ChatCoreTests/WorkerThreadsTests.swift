import ChatCore
import Foundation
import Locking
import Testing

/// ``ResponderExecution/workerThreads(_:)``: every call runs, first in first out on one thread,
/// and a call that blocks leaves the other threads free.
@Suite struct WorkerThreadsTests {
    @Test func oneThread_runsEveryCallInTheOrderSubmitted() {
        let execution = ResponderExecution.workerThreads(1)
        let order = Locked<[Int]>([])
        let done = DispatchSemaphore(value: 0)
        for number in 1...200 {
            execution.submit {
                order.withLock { $0.append(number) }
                if number == 200 { done.signal() }
            }
        }
        #expect(done.wait(timeout: .now() + 60) == .success)
        #expect(order.withLock { $0 } == Array(1...200))
    }

    @Test func aBlockedCall_leavesTheOtherThreadsRunning() {
        let execution = ResponderExecution.workerThreads(2)
        let released = DispatchSemaphore(value: 0)
        let finished = DispatchSemaphore(value: 0)
        // The first call waits for the second: with one thread busy the second must run on the other.
        execution.submit {
            _ = released.wait(timeout: .now() + 60)
            finished.signal()
        }
        execution.submit { released.signal() }
        #expect(finished.wait(timeout: .now() + 60) == .success)
    }
}
