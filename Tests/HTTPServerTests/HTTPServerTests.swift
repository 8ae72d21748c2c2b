import Foundation
import Glibc
import HTTPServer
import HTTPTesting
import Synchronization
import Testing

/// The server against real sockets on 127.0.0.1 and an ephemeral port.
@Suite struct HTTPServerTests {
    @Test func server_keepsConnectionOpen_forSeveralRequests() throws {
        try withTestServer { port, _ in
            let client = try RawHTTPClient(port: port)
            for path in ["/a", "/b", "/c"] {
                try client.send(Raw.get(path))
                let response = try client.readResponse()
                #expect(response.status == 200)
                #expect(response.text == "GET \(path)\n")
                #expect(response.header("Connection") == nil)
                #expect(response.header("Date")?.hasSuffix("GMT") == true)
            }
        }
    }

    @Test func server_answersPipelinedRequestsInOrder() throws {
        try withTestServer { port, _ in
            let client = try RawHTTPClient(port: port)
            let paths = (1...20).map { "/\($0)" }
            try client.send(paths.map { Raw.get($0) }.joined() + Raw.post("/last", body: "tail"))
            for path in paths {
                #expect(try client.readResponse().text == "GET \(path)\n")
            }
            #expect(try client.readResponse().text == "POST /last\ntail")
        }
    }

    @Test func server_decodesChunkedBody_withExtensionsAndTrailers() throws {
        try withTestServer { port, _ in
            let client = try RawHTTPClient(port: port)
            try client.send("POST /up HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n")
            try client.send("4;ext=1\r\nWiki\r\n")
            try client.send("5\r\npedia\r\n0\r\nX-Checksum: 1\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.status == 200)
            #expect(response.text == "POST /up\nWikipedia")
        }
    }

    @Test func server_answersHead_withGetLengthAndNoBody() throws {
        try withTestServer { port, _ in
            let client = try RawHTTPClient(port: port)
            try client.send("HEAD /h HTTP/1.1\r\nHost: t\r\n\r\n")
            let head = try client.readResponse(headOnly: true)
            #expect(head.status == 200)
            #expect(head.header("Content-Length") == "\("HEAD /h\n".utf8.count)")
            // If a body had been sent, it would be read here instead of the next response.
            try client.send(Raw.get("/next"))
            #expect(try client.readResponse().text == "GET /next\n")
        }
    }

    @Test func server_closesHTTP10Connection_unlessKeepAliveAsked() throws {
        try withTestServer { port, _ in
            let plain = try RawHTTPClient(port: port)
            try plain.send("GET /old HTTP/1.0\r\n\r\n")
            let response = try plain.readResponse()
            #expect(response.status == 200)
            #expect(response.header("Connection") == "close")
            #expect(try plain.closesWithoutMoreData())

            let keepAlive = try RawHTTPClient(port: port)
            try keepAlive.send("GET /1 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            #expect(try keepAlive.readResponse().header("Connection") == "keep-alive")
            try keepAlive.send("GET /2 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            #expect(try keepAlive.readResponse().text == "GET /2\n")
        }
    }

    @Test func server_closesAfterResponse_whenClientSendsConnectionClose() throws {
        try withTestServer { port, _ in
            let client = try RawHTTPClient(port: port)
            try client.send(Raw.get("/bye", headers: "Connection: close\r\n") + Raw.get("/ignored"))
            let response = try client.readResponse()
            #expect(response.text == "GET /bye\n")
            #expect(response.header("Connection") == "close")
            #expect(try client.closesWithoutMoreData())
        }
    }

    @Test func server_closesAfterResponse_whenHandlerAsksForClose() throws {
        let handler = ClosureHTTPHandler { _ in HTTPResponse(headers: ["Connection": "close"], text: "bye") }
        try withTestServer(handler: handler) { port, _ in
            let client = try RawHTTPClient(port: port)
            try client.send(Raw.get())
            #expect(try client.readResponse().header("Connection") == "close")
            #expect(try client.closesWithoutMoreData())
        }
    }

    @Test func server_sends100Continue_beforeReadingBody() throws {
        try withTestServer { port, _ in
            let client = try RawHTTPClient(port: port)
            try client.send("POST /e HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n")
            #expect(try client.readResponse().status == 100)
            try client.send("abc")
            #expect(try client.readResponse().text == "POST /e\nabc")
        }
    }

    @Test func server_answersHalfClosedClient_beforeClosing() throws {
        try withTestServer { port, _ in
            let client = try RawHTTPClient(port: port)
            try client.send(Raw.get("/1") + Raw.get("/2"))
            client.shutdownWriting()
            #expect(try client.readResponse().text == "GET /1\n")
            #expect(try client.readResponse().text == "GET /2\n")
            #expect(try client.closesWithoutMoreData())
        }
    }

    struct Malformed: CustomTestStringConvertible, Sendable {
        var name: String
        var request: String
        var status: Int
        var testDescription: String { name }
    }

    static let malformed: [Malformed] = [
        Malformed(name: "garbage", request: "hello\r\n\r\n", status: 400),
        Malformed(name: "duplicate Content-Length", request: "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nab", status: 400),
        Malformed(name: "conflicting Content-Length", request: "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nabc", status: 400),
        Malformed(name: "negative Content-Length", request: "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: -1\r\n\r\n", status: 400),
        Malformed(name: "non-numeric Content-Length", request: "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 1e3\r\n\r\n", status: 400),
        Malformed(name: "huge Content-Length", request: "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 18446744073709551617\r\n\r\n", status: 413),
        Malformed(name: "Content-Length and Transfer-Encoding", request: "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", status: 400),
        Malformed(name: "Transfer-Encoding identity", request: "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: identity\r\n\r\n", status: 501),
        Malformed(name: "space before colon", request: "GET / HTTP/1.1\r\nHost: t\r\nX-A : 1\r\n\r\n", status: 400),
        Malformed(name: "obs-fold", request: "GET / HTTP/1.1\r\nHost: t\r\nX-A: 1\r\n\t2\r\n\r\n", status: 400),
        Malformed(name: "bare CR", request: "GET / HTTP/1.1\r\nHost: t\rX-A: 1\r\n\r\n", status: 400),
        Malformed(name: "bare LF", request: "GET / HTTP/1.1\nHost: t\n\n", status: 400),
        Malformed(name: "invalid method token", request: "GE@T / HTTP/1.1\r\nHost: t\r\n\r\n", status: 400),
        Malformed(name: "invalid header name", request: "GET / HTTP/1.1\r\nHost: t\r\nX\"A: 1\r\n\r\n", status: 400),
        Malformed(name: "HTTP/2.0 request line", request: "GET / HTTP/2.0\r\nHost: t\r\n\r\n", status: 505),
        Malformed(name: "missing Host", request: "GET / HTTP/1.1\r\n\r\n", status: 400),
        Malformed(name: "bad chunk size", request: "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\nxyz\r\n", status: 400),
        Malformed(name: "chunk without CRLF after data", request: "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nabc", status: 400),
        Malformed(name: "unknown expectation", request: "GET / HTTP/1.1\r\nHost: t\r\nExpect: 200-ok\r\n\r\n", status: 417),
    ]

    @Test(arguments: malformed)
    func server_refusesMalformedRequest_withStatusBodyAndClose(_ vector: Malformed) throws {
        try withTestServer { port, _ in
            let client = try RawHTTPClient(port: port)
            try client.send(vector.request)
            let response = try client.readResponse()
            #expect(response.status == vector.status)
            #expect(response.header("Connection") == "close")
            #expect(!response.body.isEmpty)
            #expect(try client.closesWithoutMoreData())
        }
    }

    @Test func server_answersEarlierPipelinedRequests_beforeRefusingMalformedOne() throws {
        try withTestServer { port, _ in
            let client = try RawHTTPClient(port: port)
            try client.send(Raw.get("/ok") + "BROKEN\r\n\r\n" + Raw.get("/never"))
            #expect(try client.readResponse().text == "GET /ok\n")
            #expect(try client.readResponse().status == 400)
            #expect(try client.closesWithoutMoreData())
        }
    }

    @Test func server_usesApplicationErrorBody_forProtocolErrors() throws {
        try withTestServer(configure: { configuration in
            configuration.protocolErrorResponder = { error in
                HTTPResponse(status: .ok, headers: ["Content-Type": "application/json"], text: "{\"code\":\"\(error.code)\"}")
            }
        }) { port, _ in
            let client = try RawHTTPClient(port: port)
            try client.send("GET / HTTP/1.1\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.status == 400)
            #expect(response.header("Content-Type") == "application/json")
            #expect(response.text == "{\"code\":\"missingHost\"}")
            #expect(response.header("Connection") == "close")
        }
    }

    // MARK: - Limits

    @Test func server_returns414_forRequestLineOver8KiB() throws {
        try withTestServer { port, _ in
            let client = try RawHTTPClient(port: port)
            try client.send("GET /\(String(repeating: "x", count: 9000)) HTTP/1.1\r\nHost: t\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.status == 414)
            #expect(response.header("Connection") == "close")
        }
    }

    @Test func server_returns431_forHeadersOver32KiB() throws {
        try withTestServer { port, _ in
            let client = try RawHTTPClient(port: port)
            let fields = (0..<64).map { "X-F\($0): \(String(repeating: "v", count: 600))\r\n" }.joined()
            try client.send("GET / HTTP/1.1\r\nHost: t\r\n\(fields)\r\n")
            let response = try client.readResponse()
            #expect(response.status == 431)
            #expect(response.header("Connection") == "close")
        }
    }

    @Test func server_refuses32KiBHeaderLine_withoutWaitingForItsEnd() throws {
        // No header deadline to fall back on: the only answer that can come is the refusal of a
        // line that has passed 32 KiB and has not ended (it never does; a server that waited for
        // its end would leave the client to time out).
        try withTestServer(configure: { $0.timeouts.header = .seconds(3600) }) { port, _ in
            let client = try RawHTTPClient(port: port, timeout: .seconds(30))
            try client.send("GET / HTTP/1.1\r\nHost: t\r\nX-Big: \(String(repeating: "a", count: 40 * 1024))")
            let response = try client.readResponse()
            #expect(response.status == 431)
            #expect(response.header("Connection") == "close")
        }
    }

    @Test func server_returns413_beforeReadingBodyOver1MiB() throws {
        try withTestServer { port, _ in
            let client = try RawHTTPClient(port: port)
            // Only the head is sent: the answer must not wait for the body.
            try client.send("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: \(1024 * 1024 + 1)\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.status == 413)
            #expect(response.header("Connection") == "close")
        }
    }

    @Test func server_acceptsBodyOfExactly1MiB() throws {
        try withTestServer(handler: ClosureHTTPHandler { request in HTTPResponse(text: "\(request.body.count)") }) { port, _ in
            let client = try RawHTTPClient(port: port)
            try client.send(Array("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 1048576\r\n\r\n".utf8) + [UInt8](repeating: 65, count: 1 << 20))
            #expect(try client.readResponse().text == "1048576")
        }
    }

    @Test func server_returns413_forChunkedBodyGrowingPast1MiB() throws {
        try withTestServer { port, _ in
            let client = try RawHTTPClient(port: port)
            var request = Array("POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n".utf8)
            for _ in 0..<3 {
                request += Array("80000\r\n".utf8) + [UInt8](repeating: 66, count: 0x80000) + Array("\r\n".utf8)
            }
            try? client.send(request)
            let response = try client.readResponse()
            #expect(response.status == 413)
            #expect(response.header("Connection") == "close")
        }
    }

    // MARK: - Deadlines

    @Test func server_answers408AndCloses_slowlorisThatStopsMidHead() throws {
        try withTestServer(configure: { $0.timeouts.header = .milliseconds(100) }) { port, _ in
            let client = try RawHTTPClient(port: port, timeout: .seconds(3))
            try client.send("GET / HTTP/1.1\r\nHost: t\r\nX-Slow: ")
            let response = try client.readResponse()
            #expect(response.status == 408)
            #expect(response.header("Connection") == "close")
            #expect(try client.closesWithoutMoreData())
        }
    }

    @Test func server_answers408_whenBodyStopsArriving() throws {
        try withTestServer(configure: { $0.timeouts.body = .milliseconds(100) }) { port, _ in
            let client = try RawHTTPClient(port: port, timeout: .seconds(3))
            try client.send("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nabc")
            #expect(try client.readResponse().status == 408)
        }
    }

    @Test func server_closesIdleKeepAliveConnection_afterIdleDeadline() throws {
        try withTestServer(configure: { $0.timeouts.idle = .milliseconds(100) }) { port, _ in
            let client = try RawHTTPClient(port: port, timeout: .seconds(3))
            try client.send(Raw.get())
            _ = try client.readResponse()
            #expect(try client.closesWithoutMoreData())
            let silent = try RawHTTPClient(port: port, timeout: .seconds(3))
            #expect(try silent.closesWithoutMoreData())
        }
    }

    // MARK: - Robustness

    @Test func server_survivesClientThatResetsMidResponse() throws {
        let big = [UInt8](repeating: 67, count: 8 << 20)
        let handler = ClosureHTTPHandler { request in
            request.path == "/big" ? HTTPResponse(body: big) : HTTPResponse(text: "alive")
        }
        try withTestServer(handler: handler) { port, _ in
            for _ in 0..<3 {
                let client = try RawHTTPClient(port: port)
                try client.send(Raw.get("/big"))
                _ = try client.readResponse(headOnly: true)
                client.abort()
            }
            let next = try RawHTTPClient(port: port)
            try next.send(Raw.get("/small"))
            #expect(try next.readResponse().text == "alive")
        }
    }

    @Test func server_answers503_beyondConnectionCap() throws {
        try withTestServer(configure: {
            $0.maxConnections = 1; $0.workerCount = 1
        }) { port, _ in
            let first = try RawHTTPClient(port: port)
            try first.send(Raw.get("/1"))
            #expect(try first.readResponse().status == 200)
            let second = try RawHTTPClient(port: port)
            let refused = try second.readResponse()
            #expect(refused.status == 503)
            #expect(refused.header("Connection") == "close")
            try first.send(Raw.get("/2"))
            #expect(try first.readResponse().status == 200)
        }
    }

    @Test func server_finishesInFlightRequest_whenStopped() throws {
        let entered = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let handler = ClosureHTTPHandler { _ in
            entered.signal()
            release.wait()
            return HTTPResponse(text: "finished")
        }
        var configuration = HTTPServer.Configuration()
        configuration.accessLogLevel = nil
        let server = HTTPServer(configuration: configuration, handler: handler)
        let port = try server.start()
        let client = try RawHTTPClient(port: port)
        try client.send(Raw.get())
        entered.wait()
        let stopped = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            server.stop()
            stopped.signal()
        }
        release.signal()
        let response = try client.readResponse()
        #expect(response.text == "finished")
        #expect(stopped.wait(timeout: .now() + 5) == .success)
        #expect(throws: RawHTTPClient.ClientError.self) { try RawHTTPClient(port: port) }
    }

    @Test func server_reportsBindFailure_whenPortIsTaken() throws {
        try withTestServer { port, _ in
            var configuration = HTTPServer.Configuration()
            configuration.port = port
            let second = HTTPServer(configuration: configuration, handler: EchoHandler())
            #expect(throws: HTTPServerError.self) { try second.start() }
        }
    }

    @Test func server_handlesManyConcurrentClients() throws {
        try withTestServer { port, _ in
            let failures = Atomic<Int>(0)
            DispatchQueue.concurrentPerform(iterations: 16) { index in
                do {
                    let client = try RawHTTPClient(port: port)
                    for request in 0..<50 {
                        try client.send(Raw.get("/\(index)/\(request)"))
                        if try client.readResponse().text != "GET /\(index)/\(request)\n" { failures.add(1, ordering: .relaxed) }
                    }
                } catch {
                    failures.add(1, ordering: .relaxed)
                }
            }
            #expect(failures.load(ordering: .relaxed) == 0)
        }
    }

    @Test func request_decodesQueryItems() {
        let request = HTTPRequest(method: "GET", target: "/m?index=5&name=a%20b+c&flag&bad=%zz")
        #expect(request.path == "/m")
        #expect(
            request.queryItems == [
                HTTPQueryItem(name: "index", value: "5"), HTTPQueryItem(name: "name", value: "a b c"),
                HTTPQueryItem(name: "flag", value: nil), HTTPQueryItem(name: "bad", value: "%zz"),
            ])
        #expect(HTTPRequest.percentDecoded("%2e%2E/x") == "../x")
        #expect(HTTPRequest.percentDecoded("%") == nil)
        #expect(HTTPRequest.percentDecoded("%ff") == nil)
    }
}
