import Foundation
import Glibc
import HTTPServer
import HTTPTesting
import Synchronization
import Testing

/// Out of descriptors, `accept` fails with `EMFILE` while connections wait in the kernel's queue
/// (the listener stays readable). The server must back off instead of spinning on it, keep
/// serving the connections it has, and accept the waiting ones once descriptors free up.
@Suite struct AcceptBackoffTests {
    /// `accept(2)`, failing with `EMFILE` while ``exhausted`` and noting when each failure happened.
    final class ExhaustibleAccept: Sendable {
        let exhausted = Atomic<Bool>(false)
        private let failureTimes = Mutex<[ContinuousClock.Instant]>([])
        let failed = DispatchSemaphore(value: 0)

        var failures: [ContinuousClock.Instant] { failureTimes.withLock { $0 } }

        func call(_ listener: Int32, _ address: UnsafeMutablePointer<sockaddr>?, _ length: UnsafeMutablePointer<socklen_t>?) -> Int32 {
            guard exhausted.load(ordering: .relaxed) else { return accept(listener, address, length) }
            failureTimes.withLock { $0.append(.now) }
            failed.signal()
            errno = EMFILE
            return -1
        }
    }

    @Test func emfile_backsOffDoubling_keepsServingKeptConnections_andAcceptsTheWaitingOnesAfter() throws {
        let descriptors = ExhaustibleAccept()
        try withTestServer(configure: { $0.acceptCall = descriptors.call }) { port, _ in
            let kept = try RawHTTPClient(port: port)
            try kept.send(Raw.get("/before"))
            #expect(try kept.readResponse().status == 200)

            descriptors.exhausted.store(true, ordering: .relaxed)
            // Connects (the kernel queues it) and sends its request, but cannot be accepted yet.
            let waiting = try RawHTTPClient(port: port, timeout: .seconds(10))
            try waiting.send(Raw.get("/waiting"))
            let attempts = 5
            for attempt in 1...attempts {
                #expect(descriptors.failed.wait(timeout: .now() + 10) == .success, "accept attempt \(attempt)")
                // The connection the server already has is served throughout.
                try kept.send(Raw.get("/during-\(attempt)"))
                #expect(try kept.readResponse().text == "GET /during-\(attempt)\n")
            }

            // Each retry came no sooner than the back-off, which doubles from 10 ms: a server that
            // retried at once would have failed thousands of times in the same span.
            let failures = descriptors.failures
            #expect(failures.count >= attempts)
            for index in 1..<attempts {
                let pause = failures[index] - failures[index - 1]
                let backoff = Duration.milliseconds(10 << (index - 1))
                #expect(pause >= backoff * 0.9, "retry \(index) after \(pause), back-off \(backoff)")
            }

            // Descriptors free up: the waiting connection is accepted and answered, and new ones too.
            descriptors.exhausted.store(false, ordering: .relaxed)
            #expect(try waiting.readResponse().text == "GET /waiting\n")
            let fresh = try RawHTTPClient(port: port)
            try fresh.send(Raw.get("/after"))
            #expect(try fresh.readResponse().text == "GET /after\n")
        }
    }
}
