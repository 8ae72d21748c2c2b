import HTTPServer
import HTTPTesting
import Synchronization
import Testing

/// Answers that are not sent at once: a handler that answers later (``HTTPDeferredResponse``)
/// without holding its event loop, and one that closes the connection without an answer.
@Suite struct DeferredAnswerTests {
    /// `/later` answers when the test completes it; `/drop` closes without an answer; anything
    /// else echoes.
    final class LaterHandler: HTTPHandler {
        let waiting = Mutex<[HTTPDeferredResponse]>([])

        func handle(_ request: HTTPRequest) -> HTTPResponse {
            switch request.path {
            case "/later":
                let deferred = HTTPDeferredResponse()
                waiting.withLock { $0.append(deferred) }
                return .later(deferred)
            case "/drop":
                return .closeWithoutAnswer
            default:
                return EchoHandler().handle(request)
            }
        }
    }

    @Test func aDeferredAnswer_comesWhenCompleted_andPipelinedRequestsWaitTheirTurn() throws {
        let handler = LaterHandler()
        try withTestServer(configure: { $0.workerCount = 1 }, handler: handler) { port, _ in
            let waiting = try RawHTTPClient(port: port)
            try waiting.send(Raw.get("/later") + Raw.get("/after"))
            try #require(eventually { handler.waiting.withLock { $0.count } == 1 })
            // The only loop serves another connection meanwhile.
            let other = try RawHTTPClient(port: port)
            try other.send(Raw.get("/other"))
            #expect(try other.readResponse().text == "GET /other\n")
            handler.waiting.withLock { $0[0] }.complete(with: HTTPResponse(text: "at last"))
            #expect(try waiting.readResponse().text == "at last")
            #expect(try waiting.readResponse().text == "GET /after\n")
        }
    }

    @Test func anAnswerCompletedBeforeTheLoopWaits_isStillSent_andOnlyOnce() throws {
        struct Immediate: HTTPHandler {
            func handle(_ request: HTTPRequest) -> HTTPResponse {
                let deferred = HTTPDeferredResponse()
                deferred.complete(with: HTTPResponse(text: "first"))
                deferred.complete(with: HTTPResponse(text: "second"))
                return .later(deferred)
            }
        }
        try withTestServer(handler: Immediate()) { port, _ in
            let client = try RawHTTPClient(port: port)
            try client.send(Raw.get("/a") + Raw.get("/b"))
            #expect(try client.readResponse().text == "first")
            #expect(try client.readResponse().text == "first")
        }
    }

    @Test func closeWithoutAnswer_closesTheConnection_andTheServerGoesOn() throws {
        try withTestServer(handler: LaterHandler()) { port, _ in
            let client = try RawHTTPClient(port: port)
            try client.send(Raw.get("/drop"))
            #expect(try client.closesWithoutMoreData())
            let next = try RawHTTPClient(port: port)
            try next.send(Raw.get("/fine"))
            #expect(try next.readResponse().status == 200)
        }
    }

    @Test func aStop_dropsAnAnswerStillAwaited() throws {
        let handler = LaterHandler()
        var deferred: HTTPDeferredResponse?
        try withTestServer(handler: handler) { port, server in
            let client = try RawHTTPClient(port: port)
            try client.send(Raw.get("/later"))
            try #require(eventually { handler.waiting.withLock { $0.count } == 1 })
            deferred = handler.waiting.withLock { $0[0] }
            server.stop()
            #expect(try client.closesWithoutMoreData())
        }
        deferred?.complete(with: HTTPResponse(text: "too late"))  // nothing to send it to: no crash
    }
}
