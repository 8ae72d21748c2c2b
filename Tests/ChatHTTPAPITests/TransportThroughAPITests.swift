import Foundation
import HTTPTesting
import Testing

/// HTTP/1.1 features exercised through the API, not just the bare server.
@Suite struct TransportThroughAPITests {
    @Test func pipelinedOperations_areAnsweredAndAppliedInOrder() throws {
        let server = try APITestServer()
        let client = try server.client()
        let id = try client.requestChat()
        var batch = ""
        for number in 1...10 {
            batch += APIClient.requestText("POST", "/api/v2/chats/\(id)", body: #"{"operationName":"SendMessage","text":"m\#(number)."}"#)
        }
        try client.raw.send(batch)
        for _ in 1...10 {
            #expect(try client.readReply().statusCode == 0)
        }
        server.runAgent()
        let messages = try client.messages(id, index: 4)
        let customerTexts = messages.filter { ($0["from"] as? [String: String])?["type"] == "Customer" }.compactMap { $0["text"] as? String }
        #expect(customerTexts == (1...10).map { "m\($0)." })
        #expect(messages.filter { $0["text"] as? String == "Ok." }.count == 10)
    }

    @Test func chunkedRequestBody_isAccepted() throws {
        let server = try APITestServer()
        let client = try server.client()
        let body = #"{"operationName":"RequestChat","nickname":"Chunky","subject":"Bodies"}"#
        let split = body.index(body.startIndex, offsetBy: 20)
        let first = String(body[..<split])
        let second = String(body[split...])
        try client.raw.send(
            "POST /api/v2/chats HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                + String(first.utf8.count, radix: 16) + "\r\n" + first + "\r\n"
                + String(second.utf8.count, radix: 16) + ";note=x\r\n" + second + "\r\n0\r\n\r\n")
        let reply = try client.readReply()
        #expect(reply.status == 200)
        let id = try #require(reply.json["id"] as? String)
        let chat = try client.send("GET", "/api/v2/chats/\(id)").json["chat"] as? [String: Any]
        #expect((chat?["participants"] as? [[String: String]])?.first?["nickname"] == "Chunky")
    }

    @Test func keepAlive_servesAWholeChatOnOneConnection() throws {
        let server = try APITestServer()
        let client = try server.client()
        let id = try client.requestChat()
        for number in 1...50 {
            #expect(try client.operation("SendMessage", on: id, text: "n\(number)").statusCode == 0)
            server.runAgent()
        }
        #expect(try client.messages(id, index: 0).count == 3 + 100)
        #expect(client.raw.descriptor >= 0)
    }
}
