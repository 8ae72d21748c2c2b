import ChatCore
import Foundation
import Testing
import HTTPTesting

/// Issue 19 point 10: the agent console's endpoints answer within a bound, page by page, and
/// RequestChat bounds what a chat stores.
@Suite struct EmulatorBoundsTests {
    @Test func chatList_isPagedWithinTheBound_andThePagesHoldEveryOpenChatOnce() throws {
        let bound = 16 * 1024
        let server = try APITestServer(maxTranscriptBytes: bound)
        defer { server.stop() }
        let client = try server.client()
        var opened: Set<String> = []
        for number in 0..<30 {
            let nickname = String(format: "%04d", number) + String(repeating: "n", count: 1_020)
            opened.insert(try client.requestChat(nickname: nickname, subject: String(repeating: "s", count: 4_096)))
        }
        var seen: [String] = []
        var offset: Int? = 0
        var pages = 0
        while let next = offset {
            let reply = try client.send("GET", "/emulator/chats?offset=\(next)")
            #expect(reply.status == 200)
            #expect(reply.response.body.count <= bound, "page \(pages): \(reply.response.body.count) bytes")
            #expect(reply.json["openCount"] as? Int == 30)
            seen += (reply.json["chats"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            offset = reply.json["next"] as? Int
            pages += 1
            if pages > 40 { break }
        }
        #expect(pages > 1)
        #expect(seen.count == 30)
        #expect(Set(seen) == opened)
        let limited = try client.send("GET", "/emulator/chats?limit=2")
        #expect((limited.json["chats"] as? [Any])?.count == 2)
        #expect(limited.json["next"] as? Int == 2)
        #expect(try client.send("GET", "/emulator/chats?limit=-1").status == 400)
    }

    @Test func aChatsMessages_areReadWithinTheBound_andContinueAtNextIndex() throws {
        let bound = 8 * 1024
        let server = try APITestServer(maxTranscriptBytes: bound)
        defer { server.stop() }
        let client = try server.client()
        let id = try client.requestChat()
        for number in 0..<40 { _ = try client.operation("SendMessage", on: id, text: "\(number) " + String(repeating: "x", count: 900)) }
        server.clock.runUntilIdle()
        let total = try server.host.transcript(of: #require(ChatID(validating: id)), from: 0, markingReceived: false).count
        #expect(total > 40)
        var indices: [Int] = []
        var next: Int? = 1
        while let index = next, indices.count <= total {
            let reply = try client.send("GET", "/emulator/chats/\(id)/messages?index=\(index)")
            #expect(reply.response.body.count <= bound)
            indices += (reply.json["messages"] as? [[String: Any]] ?? []).compactMap { $0["index"] as? Int }
            next = reply.json["nextIndex"] as? Int
        }
        #expect(indices == Array(1...total))
    }

    @Test func requestChat_refusesParametersOverTheirDocumentedSizes() throws {
        let server = try APITestServer()
        defer { server.stop() }
        let client = try server.client()
        func request(_ body: String) throws -> APIClient.Reply { try client.send("POST", "/api/v2/chats", body: body) }
        let long = try request(#"{"operationName":"RequestChat","nickname":"\#(String(repeating: "n", count: 1_025))","subject":"s"}"#)
        #expect(long.status == 400)
        #expect(long.statusCode == 1)
        #expect(long.statusMessage.contains("'nickname' is 1025 bytes long; at most 1024"), "\(long.statusMessage)")
        #expect(try request(#"{"operationName":"RequestChat","nickname":"\#(String(repeating: "é", count: 512))","subject":"s"}"#).status == 200, "1,024 bytes is allowed")
        #expect(try request(#"{"operationName":"RequestChat","nickname":"n","subject":"\#(String(repeating: "s", count: 4_097))"}"#).status == 400)
        let entries = (0..<65).map { #""k\#($0)":"v""# }.joined(separator: ",")
        #expect(try request(#"{"operationName":"RequestChat","nickname":"n","subject":"s","userData":{\#(entries)}}"#).status == 400)
        #expect(try request(#"{"operationName":"RequestChat","nickname":"n","subject":"s","userData":{"k":"\#(String(repeating: "v", count: 4_097))"}}"#).status == 400)
        #expect(server.host.chatCount == 1, "only the one within the limits was created")
    }
}
