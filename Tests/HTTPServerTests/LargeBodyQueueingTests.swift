@testable import HTTPServer
import Testing

/// A large answer costs its own bytes once, not a copy per step: the handler's array is what
/// waits in the connection's queue until the client takes it.
@Suite struct LargeBodyQueueingTests {
    private func queued(_ body: [UInt8]) -> OutputQueue {
        var queue = OutputQueue()
        ResponseEncoder.encode(
            HTTPResponse(body: body), headOnly: false, keepAlive: true, version: .http1_1,
            dateLine: Array("Date: Wed, 02 Dec 2026 03:00:00 GMT\r\n".utf8), into: &queue)
        return queue
    }

    @Test func aLargeBody_isQueuedAsTheHandlersOwnBytes_notCopied() {
        let body = [UInt8](repeating: UInt8(ascii: "b"), count: 1 << 20)
        let queue = queued(body)
        let shared = queue.holdsStorage(of: body)
        #expect(shared)
        let queuedBytes = queue.count
        #expect(queuedBytes > body.count && queuedBytes < body.count + 256)
    }

    @Test func aSmallBody_isGatheredWithItsHead_soTheyLeaveInOneWrite() {
        let body = [UInt8](repeating: UInt8(ascii: "s"), count: OutputQueue.largeBodyBytes - 1)
        let shared = queued(body).holdsStorage(of: body)
        #expect(!shared)
    }
}
