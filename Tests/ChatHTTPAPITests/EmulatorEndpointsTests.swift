import ChatCore
import ChatHTTPAPI
import EmulatorKit
import Foundation
import HTTPTesting
import Testing

/// The emulator's own endpoints under /emulator/: what the web client and the agent console read
/// and do, over real HTTP.
@Suite struct EmulatorEndpointsTests {
    @Test func bots_listEveryBotOfTheFolder_andTheDefault() throws {
        let server = try APITestServer()
        let reply = try server.client().send("GET", "/emulator/bots")
        #expect(reply.status == 200)
        let bots = reply.json["bots"] as? [[String: Any]] ?? []
        #expect(bots.map { $0["name"] as? String } == ["last-character", "concierge", "demo", "eliza", "pizza", "support"])
        #expect(bots.map { $0["kind"] as? String } == ["built-in", "rules", "replay", "rules", "rules", "rules"])
        #expect(bots[0]["source"] == nil)
        #expect((bots[5]["source"] as? String)?.hasSuffix("Bots/support.rules") == true)
        #expect(reply.json["default"] as? String == "LastCharacterResponder (Roboto)")
    }

    @Test func requestChat_choosesABot_andAnUnknownOneIsA400ListingTheBots() throws {
        let server = try APITestServer()
        let client = try server.client()
        let refused = try client.send("POST", "/api/v2/chats", body: #"{"operationName":"RequestChat","nickname":"A","subject":"S","userData":{"bot":"nobody"}}"#)
        #expect(refused.status == 400 && refused.statusCode == 1)
        #expect(refused.statusMessage.contains("last-character, concierge, demo, eliza, pizza, support"))
        let chosen = try client.send("POST", "/api/v2/chats", body: #"{"operationName":"RequestChat","nickname":"A","subject":"S","userData":{"bot":"support"}}"#)
        let id = try #require(chosen.json["id"] as? String)
        let summary = try client.send("GET", "/emulator/chats/\(id)").json["chat"] as? [String: Any]
        #expect(summary?["bot"] as? String == "support")
        #expect(summary?["agentNickname"] as? String == "Sam")
    }

    @Test func chats_listsOpenChats_withTheirLastMessage() throws {
        let server = try APITestServer()
        let client = try server.client()
        let open = try client.requestChat(nickname: "Ann", subject: "Refund")
        let ended = try client.requestChat(nickname: "Bob", subject: "Bye")
        _ = try client.operation("SendMessage", on: open, text: "Are you there?")
        _ = try client.operation("Complete", on: ended)
        server.clock.runUntilIdle()
        let reply = try client.send("GET", "/emulator/chats")
        let chats = reply.json["chats"] as? [[String: Any]] ?? []
        #expect(chats.count == 1)
        #expect(chats.first?["id"] as? String == open)
        #expect(chats.first?["nickname"] as? String == "Ann")
        #expect(chats.first?["subject"] as? String == "Refund")
        #expect(chats.first?["state"] as? String == "Chatting")
        #expect(chats.first?["bot"] as? String == "LastCharacterResponder (Roboto)")  // the default, as /emulator/bots names it
        #expect(chats.first?["takenOver"] as? Bool == false)
        let last = chats.first?["lastMessage"] as? [String: Any]
        #expect(last?["text"] as? String == "Good question...")
    }

    @Test func messages_carryTimeAndOrigin_andLeaveTheGWSCursorAlone() throws {
        let server = try APITestServer()
        let client = try server.client()
        let id = try client.requestChat()
        _ = try client.operation("SendMessage", on: id, text: "Are you there?")
        server.clock.runUntilIdle()
        let reply = try client.send("GET", "/emulator/chats/\(id)/messages?index=4")
        let messages = reply.json["messages"] as? [[String: Any]] ?? []
        #expect(messages.map { $0["index"] as? Int } == [4, 5])
        let answer = messages.last
        #expect(answer?["text"] as? String == "Good question...")
        #expect(answer?["time"] as? String != nil)
        #expect((answer?["origin"] as? [String: Any])?["source"] as? String != nil)
        #expect(messages.first?["origin"] == nil)  // the customer's message has none
        // GWS's own cursor did not move: a plain GetTranscript still returns everything.
        #expect(try client.messages(id).count == 5)
        // And GWS answers never carry origins.
        #expect(!(try client.send("GET", "/api/v2/chats/\(id)/messages?index=0").response.text.contains("origin")))
    }

    @Test func takeOver_answerAsTheAgent_handBack_endChat() throws {
        let server = try APITestServer()
        let client = try server.client()
        let id = try client.requestChat()
        func agent(_ body: String) throws -> APIClient.Reply { try client.send("POST", "/emulator/chats/\(id)", body: body) }

        let early = try agent(#"{"operationName":"SendMessage","text":"too early"}"#)
        #expect(early.status == 400 && early.statusCode == 2)
        #expect(try agent(#"{"operationName":"TakeOver"}"#).status == 200)
        #expect((try client.send("GET", "/emulator/chats/\(id)").json["chat"] as? [String: Any])?["takenOver"] as? Bool == true)
        _ = try client.operation("SendMessage", on: id, text: "Hello?")
        server.clock.runUntilIdle()  // the bot would answer here; it does not
        #expect(try agent(#"{"operationName":"SendStartTypingNotification"}"#).status == 200)
        #expect(try agent(#"{"operationName":"SendMessage","text":"A person here."}"#).status == 200)
        let afterTakeOver = try client.messages(id, index: 4)
        #expect(afterTakeOver.map { $0["type"] as? String } == ["Text", "TypingStarted", "Text"])
        let personal = afterTakeOver.last?["from"] as? [String: Any]
        #expect(personal?["participantId"] as? String == "3")
        #expect(personal?["nickname"] as? String == "Roboto")

        #expect(try agent(#"{"operationName":"HandBack"}"#).status == 200)
        _ = try client.operation("SendMessage", on: id, text: "Thanks!")
        server.clock.runUntilIdle()
        #expect(try client.messages(id, index: 7).compactMap { $0["text"] as? String } == ["Thanks!", "Neat."])

        #expect(try agent(#"{"operationName":"EndChat"}"#).status == 200)
        let left = try client.messages(id, index: 9)
        #expect(left.map { $0["type"] as? String } == ["ParticipantLeft"])
        #expect(try client.send("GET", "/api/v2/chats/\(id)").json["chat"].flatMap { ($0 as? [String: Any])?["state"] as? String } == "Idle")
        #expect(try agent(#"{"operationName":"TakeOver"}"#).statusCode == 2)
    }

    /// The agent console's transfer and conference: a bot of the folder takes over under its own
    /// nickname; a supervisor joins and is dismissed; GWS sees joins and leaves (and no new type).
    @Test func transfer_invite_dismiss_overHTTP() throws {
        let server = try APITestServer()
        let client = try server.client()
        let id = try client.requestChat()
        server.clock.runUntilIdle()
        func agent(_ body: String) throws -> APIClient.Reply { try client.send("POST", "/emulator/chats/\(id)", body: body) }
        let before = try client.messages(id, index: 0).count

        #expect(try agent(#"{"operationName":"Transfer","to":"support"}"#).status == 200)
        server.clock.runUntilIdle()
        #expect(try agent(#"{"operationName":"Invite","name":"Dana","role":"Supervisor"}"#).status == 200)
        #expect(try agent(#"{"operationName":"Dismiss","name":"Dana"}"#).status == 200)
        let after = try client.messages(id, index: before + 1)
        let shown = after.map { message -> String in
            let from = message["from"] as? [String: Any] ?? [:]
            return "\(message["type"] as? String ?? "") \(from["nickname"] as? String ?? "") \(from["participantId"] as? String ?? "") \(from["type"] as? String ?? "")"
        }
        #expect(shown.first == "ParticipantLeft Roboto 3 Agent")
        #expect(shown.dropFirst().first == "ParticipantJoined Sam 4 Agent")
        #expect(after.contains { ($0["text"] as? String)?.contains("I'm Sam") == true }, "Sam greets")
        #expect(Array(shown.suffix(2)) == ["ParticipantJoined Dana 5 Supervisor", "ParticipantLeft Dana 5 Supervisor"])
        #expect(try client.send("GET", "/emulator/chats/\(id)").json["chat"].flatMap { ($0 as? [String: Any])?["agentNickname"] as? String } == "Sam")

        let missing = try agent(#"{"operationName":"Transfer"}"#)
        #expect(missing.status == 400 && missing.statusMessage.contains("to"))
        let role = try agent(#"{"operationName":"Invite","name":"X","role":"Boss"}"#)
        #expect(role.status == 400 && role.statusMessage.contains("Parameter 'role' must be Agent or Supervisor"))
        let nobody = try agent(#"{"operationName":"Dismiss","name":"Dana"}"#)
        #expect(nobody.status == 400 && nobody.statusMessage.contains("Nobody called 'Dana'"))
    }

    @Test func refusals_sayWhatAndWhere() throws {
        let server = try APITestServer()
        let client = try server.client()
        let id = try client.requestChat()
        let unknown = try client.send("POST", "/emulator/chats/\(id)", body: #"{"operationName":"Dance"}"#)
        #expect(unknown.status == 405)
        #expect(unknown.statusMessage.contains("TakeOver"))
        #expect(try client.send("GET", "/emulator/chats/00000000-0000-4000-8000-000000000000").status == 404)
        #expect(try client.send("GET", "/emulator/nothing").status == 404)
        #expect(try client.send("DELETE", "/emulator/bots").status == 405)
        #expect(try client.send("POST", "/emulator/chats/\(id)", body: "{").statusCode == 1)
    }

    @Test func apiKey_isRequiredOnEmulatorEndpoints_butNotOnThePages() throws {
        let server = try APITestServer(apiKey: "s3cret")
        let client = try server.client()
        #expect(try client.send("GET", "/emulator/chats").status == 401)
        #expect(try client.send("GET", "/emulator/bots", headers: ["apikey": "wrong"]).status == 401)
        #expect(try client.send("GET", "/emulator/chats", headers: ["apikey": "s3cret"]).status == 200)
        #expect(try client.send("GET", "/agent/").status == 200)
        // A preflight carries no key: one from a listed origin is answered, from others refused (DriveByPageTests).
        #expect(try client.send("OPTIONS", "/emulator/chats", headers: ["Origin": "http://elsewhere", "Access-Control-Request-Method": "GET"]).status == 403)
        let listed = try APITestServer(apiKey: "s3cret", configure: { $0.api.corsOrigins = ["http://elsewhere"] })
        #expect(try listed.client().send("OPTIONS", "/emulator/chats", headers: ["Origin": "http://elsewhere", "Access-Control-Request-Method": "GET"]).status == 204)
    }
}

/// A chat the bot handed over to a person is flagged, and listed first, for the agent console.
@Suite struct HandoverListingTests {
    @Test func aHandedOverChat_isFlagged_andListedFirst() throws {
        let bot = ClosureResponder(agentNickname: "Hana") { event, _ in
            event.text == "human" ? AgentReply([AgentAction(.handover("A person will help you."))]) : .none
        }
        let server = try APITestServer(responder: bot)
        let client = try server.client()
        let waiting = try client.requestChat(nickname: "Ann", subject: "First")
        server.clock.advance(by: .seconds(1))
        let newer = try client.requestChat(nickname: "Bob", subject: "Second")
        _ = try client.operation("SendMessage", on: waiting, text: "human")
        server.clock.runUntilIdle()
        let chats = try client.send("GET", "/emulator/chats").json["chats"] as? [[String: Any]] ?? []
        #expect(chats.map { $0["id"] as? String } == [waiting, newer])
        #expect(chats.map { $0["needsPerson"] as? Bool } == [true, false])
        #expect((chats.first?["lastMessage"] as? [String: Any])?["text"] as? String == "A person will help you.")
        try server.host.takeOver(ChatID(try #require(UUID(uuidString: waiting))))
        let after = try client.send("GET", "/emulator/chats").json["chats"] as? [[String: Any]] ?? []
        #expect(after.map { $0["needsPerson"] as? Bool } == [false, false])
        #expect(after.map { $0["id"] as? String } == [newer, waiting])
    }
}
