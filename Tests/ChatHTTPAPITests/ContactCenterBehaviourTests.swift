import ChatCore
import Foundation
import HTTPTesting
import Testing

/// What real clients see on the wire: messages sent before the join are answered, what they send
/// is accepted, HEAD reads without side effects.
@Suite struct ContactCenterBehaviourTests {
    @Test func messageSentBeforeTheAgentJoins_isAnsweredAfterTheJoin() throws {
        let server = try APITestServer(joinDelay: .seconds(2, 2))
        let client = try server.client()
        let id = try client.requestChat()
        #expect(try client.operation("SendMessage", on: id, text: "Are you there?").statusCode == 0)
        server.clock.advance(by: .seconds(3))
        let messages = try client.messages(id, index: 0)
        let kinds = messages.map { "\(($0["from"] as? [String: String])?["type"] ?? "") \($0["type"] as? String ?? "")" }
        #expect(kinds.suffix(3) == ["Customer Text", "Agent ParticipantJoined", "Agent Text"])
        #expect(messages.last?["text"] as? String == "Good question...")
    }

    @Test func twoQuickQuestions_areAnsweredInOrder_withTypingInPairs() throws {
        // Types for a time proportional to the answer: the long answer would finish last on its own.
        let typist = ClosureResponder { event, _ in
            guard event.kind == .customerText, let text = event.text else { return .none }
            let answer = text == "long?" ? String(repeating: "a", count: 120) : "short"
            return AgentReply([AgentAction(.startTyping), .say(answer, delay: .milliseconds(Int64(answer.count) * 25))])
        }
        let server = try APITestServer(responder: typist)
        let client = try server.client()
        let id = try client.requestChat()
        server.runAgent()
        #expect(try client.operation("SendMessage", on: id, text: "long?").statusCode == 0)
        server.clock.advance(by: .milliseconds(100))
        #expect(try client.operation("SendMessage", on: id, text: "short?").statusCode == 0)
        server.clock.advance(by: .seconds(10))
        let agent = try client.messages(id, index: 4).filter { ($0["from"] as? [String: String])?["type"] == "Agent" }
        #expect(agent.map { $0["type"] as? String } == ["TypingStarted", "Text", "TypingStarted", "Text"])
        #expect(agent.compactMap { $0["text"] as? String } == [String(repeating: "a", count: 120), "short"])
    }

    @Test func emptyText_isAccepted_storedAndNotAnswered() throws {
        let server = try APITestServer()
        let client = try server.client()
        let id = try client.requestChat()
        let reply = try client.operation("SendMessage", on: id, text: "")
        #expect(reply.status == 200 && reply.statusCode == 0)
        server.runAgent()
        let messages = try client.messages(id, index: 4)
        #expect(messages.count == 1)
        #expect(messages.first?["text"] as? String == "")
        #expect((messages.first?["from"] as? [String: String])?["type"] == "Customer")
    }

    @Test func userDataNumbersAndBooleans_areKeptAsTheirJSONText() throws {
        let server = try APITestServer()
        let client = try server.client()
        let reply = try client.send(
            "POST", "/api/v2/chats",
            body: #"{"operationName":"RequestChat","nickname":"n","subject":"s","userData":{"TimeZone":-480,"Score":1.5e3,"VIP":true,"Trial":false,"Name":"Kim"}}"#)
        #expect(reply.status == 200)
        let id = try #require(ChatID(validating: reply.json["id"] as? String ?? ""))
        #expect(try server.host.chat(id).userData == ["TimeZone": "-480", "Score": "1.5e3", "VIP": "true", "Trial": "false", "Name": "Kim"])
    }

    @Test func head_onGetChatAndGetTranscript_answersGETsHeaders_withoutBody_andLeavesTheCursor() throws {
        let server = try APITestServer()
        let client = try server.client()
        let id = try client.requestChat()
        for path in ["/api/v2/chats/\(id)", "/api/v2/chats/\(id)/messages", "/api/v2/chats/\(id)/messages?index=2"] {
            try client.raw.send(APIClient.requestText("HEAD", path))
            let head = try client.raw.readResponse(headOnly: true)
            #expect(head.status == 200, "HEAD \(path)")
            #expect(head.body.isEmpty)
            // The GET after the HEAD gets what the HEAD described: HEAD moved no cursor.
            let get = try client.send("GET", path)
            #expect(head.header("Content-Type") == get.response.header("Content-Type"))
            #expect(head.header("Content-Length") == "\(get.response.body.count)", "HEAD \(path)")
            if path.hasSuffix("/messages") { #expect((get.json["messages"] as? [Any])?.count == 3) }
        }
    }
}

/// Issue 9: bot work never runs on the HTTP event loop, nor under the chat's lock.
@Suite struct SlowResponderTests {
    /// A bot that blocks on "slow" until the test releases it.
    final class Gate: Sendable {
        let entered = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let answered = DispatchSemaphore(value: 0)
    }

    @Test func aBlockedResponder_delaysNeitherSendMessageNorGetChatOnOtherConnections() throws {
        let gate = Gate()
        let slow = ClosureResponder { event, _ in
            // Asked once the answer is posted and stored: the test's signal that it is there.
            if event.kind == .agentReplyFinished { gate.answered.signal() }
            guard event.kind == .customerText else { return .none }
            if event.text == "slow" {
                gate.entered.signal()
                gate.release.wait()
            }
            return AgentReply([.say("done: \(event.text ?? "")")])
        }
        // One event loop: if the bot ran in a handler, every other connection would wait too.
        let server = try APITestServer(responder: slow, wallClock: true, workerCount: 1)
        defer {
            gate.release.signal()
            server.stop()
        }
        let customer = try server.client()
        let other = try server.client()
        let id = try customer.requestChat()
        let otherID = try other.requestChat()

        #expect(try customer.operation("SendMessage", on: id, text: "slow").statusCode == 0)
        #expect(gate.entered.wait(timeout: .now() + 10) == .success, "the responder was never asked")
        // The responder is blocked now. Both chats still answer, on other connections.
        #expect(try other.send("GET", "/api/v2/chats/\(otherID)").status == 200)
        #expect(try other.send("GET", "/api/v2/chats/\(id)").status == 200)
        #expect(try other.operation("SendMessage", on: otherID, text: "quick").statusCode == 0)
        #expect(try customer.messages(id, index: 4).compactMap { $0["text"] as? String } == ["slow"])

        gate.release.signal()
        #expect(gate.answered.wait(timeout: .now() + 10) == .success)
        #expect(gate.answered.wait(timeout: .now() + 10) == .success)
        #expect(try customer.messages(id, index: 4).compactMap { $0["text"] as? String } == ["slow", "done: slow"])
        #expect(try other.messages(otherID, index: 4).compactMap { $0["text"] as? String } == ["quick", "done: quick"])
    }
}
