import Foundation
import HTTPServer
import HTTPTesting
import Synchronization
import Testing

/// What a client that sends requests and never reads their answers can make the server hold.
@Suite struct OutputBackpressureTests {
    /// Answers `/big` with 1 MiB (counting how many it answered) and anything else with "ok".
    final class BigBodyHandler: HTTPHandler {
        static let bigBytes = 1024 * 1024
        let bigAnswered = Atomic<Int>(0)
        let firstBig = DispatchSemaphore(value: 0)

        func handle(_ request: HTTPRequest) -> HTTPResponse {
            guard request.path == "/big" else { return HTTPResponse(text: "ok") }
            if bigAnswered.add(1, ordering: .relaxed).newValue == 1 { firstBig.signal() }
            var body = [UInt8](repeating: UInt8(ascii: "b"), count: Self.bigBytes)
            body[body.count - 1] = UInt8(ascii: "\n")
            return HTTPResponse(body: body)
        }
    }

    @Test func nonReadingPipeliner_isNotParsedFurther_andOthersAreServed() throws {
        let handler = BigBodyHandler()
        let pipelined = 40
        try withTestServer(handler: handler) { port, server in
            let greedy = try RawHTTPClient(port: port, timeout: .seconds(20))
            try greedy.send(String(repeating: Raw.get("/big"), count: pipelined))
            #expect(handler.firstBig.wait(timeout: .now() + 20) == .success)

            // Another client is served while the first one's answers pile up.
            let other = try RawHTTPClient(port: port)
            try other.send(Raw.get("/health"))
            #expect(try other.readResponse().text == "ok")

            // What the kernel's socket buffers absorb (a few MiB on loopback) plus one queued answer,
            // never all 40 MiB the requests ask for.
            #expect(handler.bigAnswered.load(ordering: .relaxed) < pipelined / 2)

            // Once the client reads, every answer arrives whole and in order.
            for _ in 0..<pipelined {
                let response = try greedy.readResponse()
                #expect(response.status == 200)
                #expect(response.body.count == BigBodyHandler.bigBytes)
                #expect(response.body.last == UInt8(ascii: "\n"))
            }
            #expect(handler.bigAnswered.load(ordering: .relaxed) == pipelined)
            // All along, the connection held at most its high-water mark plus one answer (and its
            // head), although all 40 requests arrived in its first read.
            let limits = HTTPServer.Configuration.Limits()
            #expect(server.peakConnectionQueuedOutputByteCount > BigBodyHandler.bigBytes)
            #expect(server.peakConnectionQueuedOutputByteCount <= limits.outputHighWaterBytes + BigBodyHandler.bigBytes + 1024)
        }
    }

    @Test func serverWideOutputBudget_holdsBackAConnectionWithOutputQueued() throws {
        // The per-connection mark is set out of reach, so only the server-wide budget can stop it.
        let handler = BigBodyHandler()
        let pipelined = 40
        let configure: (inout HTTPServer.Configuration) -> Void = {
            $0.limits.outputHighWaterBytes = 1 << 30
            $0.limits.totalOutputBytes = 2 * BigBodyHandler.bigBytes
        }
        try withTestServer(configure: configure, handler: handler) { port, server in
            let greedy = try RawHTTPClient(port: port, timeout: .seconds(20))
            try greedy.send(String(repeating: Raw.get("/big"), count: pipelined))
            #expect(handler.firstBig.wait(timeout: .now() + 20) == .success)
            let other = try RawHTTPClient(port: port)
            try other.send(Raw.get("/health"))
            #expect(try other.readResponse().text == "ok")
            #expect(handler.bigAnswered.load(ordering: .relaxed) < pipelined / 2)
            for _ in 0..<pipelined { #expect(try greedy.readResponse().body.count == BigBodyHandler.bigBytes) }
            // The budget plus one answer (and its head), all along.
            #expect(server.peakQueuedOutputByteCount <= 3 * BigBodyHandler.bigBytes + 1024)
        }
    }

    @Test func smallPipelinedAnswers_leaveTogether_andLargeBodiesArriveIntact() throws {
        try withTestServer { port, _ in
            let client = try RawHTTPClient(port: port)
            let big = String(repeating: "z", count: 100_000)
            try client.send(Raw.get("/a") + Raw.post("/b", body: big) + Raw.get("/c"))
            #expect(try client.readResponse().text == "GET /a\n")
            #expect(try client.readResponse().text == "POST /b\n" + big)
            #expect(try client.readResponse().text == "GET /c\n")
        }
    }
}
