import ChatCore
import Foundation
import HTTPTesting
import Testing

/// Every route of the GWS API through a real server and a real host.
@Suite struct ChatRoutesTests {
    @Test func requestChat_returnsIDStatusAndPath() throws {
        let server = try APITestServer()
        let client = try server.client()
        let reply = try client.send("POST", "/api/v2/chats", body: #"{"operationName":"RequestChat","nickname":"James","subject":"Question about relativity"}"#)
        #expect(reply.status == 200)
        #expect(reply.response.header("Content-Type") == "application/json; charset=utf-8")
        let id = try #require(reply.json["id"] as? String)
        #expect(ChatID(validating: id) != nil)
        #expect(reply.statusCode == 0)
        #expect(reply.json["path"] as? String == "/api/v2/chats/\(id)")
        #expect(reply.json.count == 3)
    }

    @Test func getChat_showsParticipantsStateAndCapabilities() throws {
        let server = try APITestServer()
        let client = try server.client()
        let id = try client.requestChat(nickname: "Chris")
        let reply = try client.send("GET", "/api/v2/chats/\(id)")
        #expect(reply.status == 200)
        #expect(reply.statusCode == 0)
        let chat = try #require(reply.json["chat"] as? [String: Any])
        #expect(chat["id"] as? String == id)
        #expect(chat["state"] as? String == "Chatting")
        #expect(chat["capabilities"] as? [String] == ["SendMessage", "SendStartTypingNotification", "SendStopTypingNotification", "Complete"])
        let participants = try #require(chat["participants"] as? [[String: String]])
        #expect(
            participants == [
                ["nickname": "Chris", "participantId": "1", "type": "Customer"],
                ["nickname": "system", "participantId": "2", "type": "External"],
                ["nickname": "Roboto", "participantId": "3", "type": "Agent"],
            ])
    }

    @Test func getChat_isWaitingForAgent_untilTheClockPassesTheJoinDelay() throws {
        let server = try APITestServer(joinDelay: .seconds(1, 3))
        let client = try server.client()
        let id = try client.requestChat()
        let before = try client.send("GET", "/api/v2/chats/\(id)").json["chat"] as? [String: Any]
        #expect(before?["state"] as? String == "WaitingForAgent")
        server.clock.advance(by: .seconds(3))
        let after = try client.send("GET", "/api/v2/chats/\(id)").json["chat"] as? [String: Any]
        #expect(after?["state"] as? String == "Chatting")
    }

    @Test func sendMessage_isAnsweredByTheLastCharacterBot_andTranscriptShowsBoth() throws {
        let server = try APITestServer()
        let client = try server.client()
        let id = try client.requestChat()
        let reply = try client.operation("SendMessage", on: id, text: "Are you there?")
        #expect(reply.status == 200)
        #expect(reply.json as NSDictionary == ["statusCode": 0] as NSDictionary)
        server.runAgent()
        let messages = try client.messages(id, index: 0)
        #expect(messages.map { $0["index"] as? Int } == [1, 2, 3, 4, 5])
        #expect(messages.map { $0["type"] as? String } == ["ParticipantJoined", "ParticipantJoined", "ParticipantJoined", "Text", "Text"])
        #expect(messages[3]["text"] as? String == "Are you there?")
        #expect((messages[3]["from"] as? [String: String])?["participantId"] == "1")
        #expect(messages[4]["text"] as? String == "Good question...")
        #expect(messages[4]["from"] as? [String: String] == ["nickname": "Roboto", "participantId": "3", "type": "Agent"])
        // `text` appears on Text messages only.
        #expect(messages[0]["text"] == nil)
    }

    @Test func transcript_withoutIndex_returnsOnlyNewMessages_andIndexNReturnsFromN() throws {
        let server = try APITestServer()
        let client = try server.client()
        let id = try client.requestChat()
        #expect(try client.messages(id).count == 3)
        #expect(try client.messages(id).isEmpty)
        _ = try client.operation("SendMessage", on: id, text: "Hi!")
        server.runAgent()
        #expect(try client.messages(id).compactMap { $0["text"] as? String } == ["Hi!", "Neat."])
        #expect(try client.messages(id, index: 4).compactMap { $0["index"] as? Int } == [4, 5])
        #expect(try client.messages(id, index: 0).count == 5)
        #expect(try client.messages(id, index: 99).isEmpty)
    }

    @Test func transcript_readWithIndex_countsAsReceived_soThePlainPollAfterItIsEmpty() throws {
        let server = try APITestServer()
        let client = try server.client()
        let id = try client.requestChat()
        #expect(try client.messages(id, index: 0).count == 3)
        #expect(try client.messages(id).isEmpty)
        _ = try client.operation("SendMessage", on: id, text: "Hi!")
        server.runAgent()
        #expect(try client.messages(id, index: 5).compactMap { $0["text"] as? String } == ["Neat."])
        #expect(try client.messages(id).isEmpty)
    }

    @Test func typingNotifications_appearInTranscript() throws {
        let server = try APITestServer()
        let client = try server.client()
        let id = try client.requestChat()
        #expect(try client.operation("SendStartTypingNotification", on: id).statusCode == 0)
        #expect(try client.operation("SendStopTypingNotification", on: id).statusCode == 0)
        #expect(try client.messages(id, index: 4).map { $0["type"] as? String } == ["TypingStarted", "TypingStopped"])
    }

    @Test func complete_makesChatIdle_andLaterOperationsGetCode2() throws {
        let server = try APITestServer()
        let client = try server.client()
        let id = try client.requestChat()
        #expect(try client.operation("Complete", on: id).statusCode == 0)
        let chat = try client.send("GET", "/api/v2/chats/\(id)").json["chat"] as? [String: Any]
        #expect(chat?["state"] as? String == "Idle")
        #expect((chat?["capabilities"] as? [String])?.isEmpty == true)
        #expect(try client.messages(id, index: 4).first?["type"] as? String == "ParticipantLeft")
        for operation in ["SendMessage", "SendStartTypingNotification", "Complete"] {
            let refused = try client.operation(operation, on: id, text: "late")
            #expect(refused.status == 400)
            #expect(refused.statusCode == 2)
            #expect(refused.statusMessage.contains("Idle"))
        }
    }

    @Test func requestChat_keepsUserData_andAcceptsFormEncodedBody() throws {
        let server = try APITestServer()
        let client = try server.client()
        let json = try client.send("POST", "/api/v2/chats", body: #"{"operationName":"RequestChat","nickname":"A","subject":"S","userData":{"account":"42"}}"#)
        let id = try #require(ChatID(validating: json.json["id"] as? String ?? ""))
        #expect(try server.host.chat(id).userData == ["account": "42"])

        let form = try client.send(
            "POST", "/api/v2/chats", body: "operationName=RequestChat&nickname=Zo%C3%AB+B&subject=Hi&userData%5Bk%5D=v",
            headers: ["Content-Type": "application/x-www-form-urlencoded"])
        let formID = try #require(ChatID(validating: form.json["id"] as? String ?? ""))
        #expect(try server.host.chat(formID).customerNickname == "Zoë B")

        // `curl -d '{...}'` labels JSON as a form: the body still reads as JSON.
        let curlStyle = try client.send(
            "POST", "/api/v2/chats", body: #" {"operationName":"RequestChat","nickname":"Curl","subject":"S"}"#,
            headers: ["Content-Type": "application/x-www-form-urlencoded"])
        let curlID = try #require(ChatID(validating: curlStyle.json["id"] as? String ?? ""))
        #expect(try server.host.chat(curlID).customerNickname == "Curl")
    }

    @Test func nonASCIIAndControlCharacters_roundTripThroughJSON() throws {
        let server = try APITestServer()
        let client = try server.client()
        let id = try client.requestChat()
        let text = "Grüße \\\"zitiert\\\"\\n\\u0001 ✓ 😀"
        #expect(try client.operation("SendMessage", on: id, text: text).statusCode == 0)
        let raw = try client.send("GET", "/api/v2/chats/\(id)/messages?index=4")
        #expect(raw.response.text.contains(#""text":"Grüße \"zitiert\"\n\u0001 ✓ 😀""#))
        let messages = raw.json["messages"] as? [[String: Any]]
        #expect(messages?.first?["text"] as? String == "Grüße \"zitiert\"\n\u{01} ✓ 😀")
    }

    @Test func health_reportsReady_andAnswersHead() throws {
        let server = try APITestServer()
        let client = try server.client()
        _ = try client.requestChat()
        let reply = try client.send("GET", "/health")
        #expect(reply.status == 200)
        #expect(reply.json["status"] as? String == "ready")
        #expect(reply.json["chats"] as? Int == 1)
        try client.raw.send("HEAD /health HTTP/1.1\r\nHost: localhost\r\n\r\n")
        let head = try client.raw.readResponse(headOnly: true)
        #expect(head.status == 200)
        #expect(head.header("Content-Length") == "\(reply.response.body.count)")
    }

    @Test func restart_readsBackChatsWrittenBeforeStop() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let id: String
        let before: [[String: Any]]
        do {
            let server = try APITestServer(dataDirectory: directory)
            let client = try server.client()
            id = try client.requestChat(nickname: "Persistent")
            _ = try client.operation("SendMessage", on: id, text: "Remember me.")
            server.runAgent()
            _ = try client.messages(id)
            _ = try client.operation("SendMessage", on: id, text: "And this?")
            server.runAgent()
            before = try server.host.transcript(of: try #require(ChatID(validating: id)), from: 0, markingReceived: false)
                .map { ["index": $0.index, "text": $0.text ?? ""] }
            server.stop()
        }
        let server = try APITestServer(dataDirectory: directory)
        let client = try server.client()
        // The cursor survived the restart: only what came after the first GetTranscript is new.
        #expect(try client.messages(id).compactMap { $0["text"] as? String } == ["And this?", "Good question..."])
        let after = try client.messages(id, index: 0)
        #expect(after.map { ["index": $0["index"] as? Int ?? 0, "text": $0["text"] as? String ?? ""] } as NSArray == before as NSArray)
        #expect(after.count == 7)
        let chat = try client.send("GET", "/api/v2/chats/\(id)").json["chat"] as? [String: Any]
        #expect(chat?["state"] as? String == "Chatting")
    }
}
