import ChatCore
import ChatHTTPAPI
import Foundation
import HTTPServer
import HTTPTesting
import LastCharacterBot
import Logging
import Synchronization
import Testing

/// Hostile clients against the real server and API with their default limits: what they can
/// make the server hold, and that everyone else is still served meanwhile.
@Suite struct HostileClientTests {
    /// The chat API behind an ``HTTPServer`` with the production defaults (but the address and an
    /// access log), counting the GetTranscript requests it has answered.
    final class CountingAPI: HTTPHandler {
        let api: ChatAPI
        let transcriptsAnswered = Atomic<Int>(0)
        let wanted: Int
        let reachedWanted = DispatchSemaphore(value: 0)

        init(_ api: ChatAPI, signalAfter wanted: Int) {
            self.api = api
            self.wanted = wanted
        }

        func handle(_ request: HTTPRequest) -> HTTPResponse {
            let response = api.handle(request)
            if request.path.hasSuffix("/messages"), transcriptsAnswered.add(1, ordering: .relaxed).newValue == wanted {
                reachedWanted.signal()
            }
            return response
        }
    }

    /// Sixty sockets each pipeline three reads of a transcript three times the answer bound, from
    /// index 0, and never read: 180 requests that would ask for 3 MiB each without the bound.
    @Test func sixtyPipeliningNonReaders_pinAtMostTheDocumentedBound_andHealthAndGetChatStillAnswer() throws {
        let sockets = 60
        let host = try ChatHost(
            configuration: {
                var configuration = ChatHostConfiguration()
                configuration.seed = 9
                configuration.agentJoinDelay = .zero
                configuration.systemMessageInterval = .zero
                return configuration
            }(), responder: LastCharacterResponder(), clock: ManualClock())
        let apiConfiguration = ChatAPIConfiguration()
        let answerBound = apiConfiguration.maxTranscriptBytes
        let id = try host.requestChat(nickname: "Mallory", subject: "A long story")
        let line = String(repeating: "All work and no play. ", count: 186)  // 4 KiB
        for number in 0..<(3 * answerBound / 4096) { try host.sendMessage("\(number) \(line)", to: id) }
        let messageCount = try host.transcript(of: id, from: 0, markingReceived: false).count

        let handler = CountingAPI(ChatAPI(host: host, configuration: apiConfiguration), signalAfter: sockets)
        var configuration = HTTPServer.Configuration()
        configuration.port = 0
        configuration.workerCount = 2
        configuration.accessLogLevel = nil
        configuration.protocolErrorResponder = handler.api.protocolErrorResponse
        let limits = configuration.limits
        let server = HTTPServer(configuration: configuration, handler: handler)
        let port = try server.start()
        defer { server.stop() }

        let read = Raw.get("/api/v2/chats/\(id)/messages?index=0")
        var pipeliners = try (0..<sockets).map { _ in
            let client = try RawHTTPClient(port: port, timeout: .seconds(30), receiveBufferBytes: 4096)
            try client.send(String(repeating: read, count: 3))
            return client
        }
        // Every socket has had (at least) its first read answered, which its client does not take.
        #expect(handler.reachedWanted.wait(timeout: .now() + 60) == .success)

        // Everyone else is served meanwhile: readiness, and a chat on another connection.
        let other = try APIClient(port: port)
        let health = try other.send("GET", "/health")
        #expect(health.status == 200)
        #expect(health.json["chats"] as? Int == 1)
        let chat = try other.send("GET", "/api/v2/chats/\(id)")
        #expect(chat.status == 200)
        #expect((chat.json["chat"] as? [String: Any])?["id"] as? String == id.description)

        // One connection never held more than its high-water mark plus one bounded answer (and
        // its head), so all sixty together at most sixty times that; the server-wide budget is
        // the documented ceiling beyond that.
        let answerWithHead = answerBound + 1024
        let perConnection = limits.outputHighWaterBytes + answerWithHead
        #expect(server.peakConnectionQueuedOutputByteCount > limits.outputHighWaterBytes, "the scenario did pile output up")
        #expect(server.peakConnectionQueuedOutputByteCount <= perConnection)
        #expect(server.peakQueuedOutputByteCount <= (sockets + 1) * perConnection)
        #expect(server.peakQueuedOutputByteCount <= limits.totalOutputBytes + (sockets + 1) * answerWithHead)
        #expect(server.queuedOutputByteCount <= sockets * perConnection)

        // Each answer is bounded and starts at the first message; the client reads on from there.
        for client in pipeliners.prefix(2) {
            for _ in 0..<3 {
                let response = try client.readResponse()
                #expect(response.status == 200)
                #expect(response.body.count <= answerBound)
                let object = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
                let indices = (object?["messages"] as? [[String: Any]] ?? []).compactMap { $0["index"] as? Int }
                #expect(indices.first == 1)
                #expect(indices.count < messageCount)
            }
        }

        // Closing the sockets releases what they pinned.
        for client in pipeliners { client.abort() }
        pipeliners.removeAll()  // closed with a reset (linger 0), as crashed clients close
        #expect(eventually { server.queuedOutputByteCount == 0 }, "still queued: \(server.queuedOutputByteCount) bytes")
        #expect(try other.send("GET", "/health").status == 200)
    }

    /// `/health` is polled by readiness probes, often several at once: it must not list the chats
    /// (listing sorts every id: it took 392 ms with 20,000 chats).
    @Test func health_countsChatsWithoutListingThem() throws {
        let server = try APITestServer()
        let client = try server.client()
        for _ in 0..<20 { _ = try client.requestChat() }
        let listingsBefore = server.host.chatListingCount
        for _ in 0..<5 {
            let reply = try client.send("GET", "/health")
            #expect(reply.status == 200)
            #expect(reply.json["chats"] as? Int == 20)
        }
        // Nor does the agent console's list (issue 19 point 11): it reads an index of open chats.
        #expect(try client.send("GET", "/emulator/chats").status == 200)
        #expect(server.host.chatListingCount == listingsBefore)
        // The count is the one that moves when something does list them.
        _ = server.host.chatIDs
        #expect(server.host.chatListingCount == listingsBefore + 1)
    }
}
