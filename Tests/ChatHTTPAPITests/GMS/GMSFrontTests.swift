import ChatCore
import Foundation
import ChatHTTPAPI
import EmulatorKit
import GMSWire
import HTTPServer
import HTTPTesting
import Testing

/// The GMS Chat API v2 front as Genesys Widgets drive it: request a chat, send, poll `refresh`,
/// type, disconnect; on the same chats as the GWS front.
@Suite struct GMSFrontTests {
    private func gms(_ server: APITestServer) throws -> GMSTestClient { GMSTestClient(api: try server.client()) }

    @Test func requestChat_answersCredentials_andTheMessagesSoFar() throws {
        let server = try APITestServer()
        let client = try gms(server)
        let reply = try client.requestChat([("nickname", "James"), ("subject", "Relativity")])
        #expect(reply.status == 200)
        #expect(reply.raw.response.header("Content-Type") == "application/json; charset=utf-8")
        let answer = try #require(reply.answer)
        #expect(answer.statusCode == 0)
        #expect(answer.alias == "117")
        #expect(answer.chatEnded == false)
        let userId = try #require(answer.userId)
        let secureKey = try #require(answer.secureKey)
        #expect(userId.count == 16 && userId.allSatisfy { $0.isHexDigit && !$0.isLowercase })
        #expect(secureKey.count == 16 && secureKey.allSatisfy { $0.isHexDigit && !$0.isUppercase })
        #expect(userId.lowercased() != secureKey)
        let id = try #require(ChatID(validating: answer.chatId ?? ""))
        // The customer joined, then the agent (join delay zero): GMS names and numeric ids.
        let joined = try #require(answer.messages.first)
        #expect(joined.index == 1 && joined.type == "ParticipantJoined")
        #expect(joined.from == GMSParty(nickname: "James", participantId: 1, type: "Client"))
        #expect(answer.messages.contains { $0.from.type == "Agent" && $0.from.participantId == 3 && $0.type == "ParticipantJoined" })
        #expect(answer.nextPosition == (answer.messages.last?.index ?? 0) + 1)
        #expect(joined.utcTime == Int64((server.clock.now().timeIntervalSince1970 * 1000).rounded()))
        // The same chat for the core and for GWS's GetChat.
        #expect(try server.host.chat(id).customerNickname == "James")
        #expect(try server.host.chat(id).subject == "Relativity")
        let gws = try server.client().send("GET", "/api/v2/chats/\(id)")
        #expect(gws.status == 200)
        // The raw JSON writes participantId as a number, as GMS does.
        #expect(reply.raw.response.text.contains(#""participantId":1"#))
    }

    @Test func requestChat_takesFirstAndLastName_emailAndUserData_formOrJSON() throws {
        let server = try APITestServer()
        let client = try gms(server)
        let session = try client.start([
            ("firstName", "Ada"), ("lastName", "Lovelace"), ("emailAddress", "ada@example.com"), ("userData[TimeZone]", "-480"),
            ("userData[GCTI_LanguageCode]", "en"),
        ])
        let chat = try server.host.chat(try #require(ChatID(validating: session.chatId)))
        #expect(chat.customerNickname == "Ada Lovelace")
        #expect(chat.subject == "customer-support", "no subject: the service's name")
        #expect(chat.userData == ["FirstName": "Ada", "LastName": "Lovelace", "EmailAddress": "ada@example.com", "TimeZone": "-480", "GCTI_LanguageCode": "en"])
        // The JSON variant some clients send.
        let json = try client.postRaw(
            "/genesys/2/chat/sales", body: #"{"nickname":"Bo","subject":"Prices","userData":{"TimeZone":-480,"vip":true}}"#, contentType: "application/json")
        #expect(json.status == 200)
        let jsonChat = try server.host.chat(try #require(ChatID(validating: json.answer?.chatId ?? "")))
        #expect(jsonChat.customerNickname == "Bo" && jsonChat.subject == "Prices")
        #expect(jsonChat.userData == ["TimeZone": "-480", "vip": "true"])
    }

    @Test func requestChat_readsMultipartFormData_andRefusesAMalformedOne() throws {
        let server = try APITestServer()
        let client = try gms(server)
        let form = MultipartForm(parts: [
            .init(name: "nickname", value: "Jörg"), .init(name: "subject", value: "Multipart"), .init(name: "userData[TimeZone]", value: "60"),
        ])
        let boundary = "gms-test-boundary"
        let body = String(decoding: form.encoded(boundary: boundary), as: UTF8.self)
        let reply = try client.postRaw("/genesys/2/chat/s", body: body, contentType: MultipartForm.contentType(boundary: boundary))
        #expect(reply.status == 200, "\(reply.raw.response.text)")
        let chat = try server.host.chat(try #require(ChatID(validating: reply.answer?.chatId ?? "")))
        #expect(chat.customerNickname == "Jörg" && chat.subject == "Multipart" && chat.userData == ["TimeZone": "60"])
        let broken = try client.postRaw("/genesys/2/chat/s", body: "--x\r\nnothing", contentType: "multipart/form-data; boundary=x")
        #expect(broken.status == 400 && broken.code == 400 && broken.advice.contains("multipart/form-data body is malformed"))
        #expect(server.host.chatCount == 1)
    }

    @Test func send_thenRefresh_fromAPosition_readsTheConversation_asGWSDoes() throws {
        let server = try APITestServer()
        let client = try gms(server)
        let session = try client.start()
        let first = try client.refresh(session, from: 1)
        let start = try #require(first.answer?.nextPosition)
        let sent = try client.operation("send", session, [("message", "hello"), ("messageType", "text")])
        #expect(sent.status == 200 && sent.answer?.messages == [], "no position given: no messages")
        server.runAgent()
        let reply = try client.refresh(session, from: start)
        let answer = try #require(reply.answer)
        let texts = answer.messages.filter { $0.type == "Message" }.map { "\($0.from.type):\($0.text ?? "")" }
        #expect(texts.count == 2 && texts.first == "Client:hello" && texts.last?.hasPrefix("Agent:") == true, "\(texts)")
        #expect(answer.messages.first?.index == start)
        #expect(answer.nextPosition == (answer.messages.last?.index ?? 0) + 1)
        // Polling at the next position: nothing new, the same position back.
        let idle = try client.refresh(session, from: answer.nextPosition ?? 0)
        #expect(idle.answer?.messages == [] && idle.answer?.nextPosition == answer.nextPosition)
        // GWS's transcript holds the same messages, with the same indices.
        let gws = try server.client().messages(session.chatId, index: start)
        #expect(gws.compactMap { $0["text"] as? String } == answer.messages.compactMap(\.text))
        #expect(gws.compactMap { $0["index"] as? Int } == answer.messages.map(\.index))
    }

    @Test func typing_andDisconnect_reachTheChat_andEndIt() throws {
        let server = try APITestServer()
        let client = try gms(server)
        let session = try client.start()
        let id = try #require(ChatID(validating: session.chatId))
        #expect(try client.operation("startTyping", session, [("message", "hel")]).status == 200)
        #expect(try client.operation("stopTyping", session).status == 200)
        let kinds = try server.host.transcript(of: id, from: 0, markingReceived: false).filter { $0.from.kind == .customer }.map(\.kind.name)
        #expect(kinds.suffix(2) == ["TypingStarted", "TypingStopped"])
        let ended = try client.operation("disconnect", session, [("transcriptPosition", "1")])
        #expect(ended.status == 200)
        #expect(ended.answer?.chatEnded == true)
        #expect(ended.answer?.messages.last?.type == "ParticipantLeft")
        #expect(ended.answer?.messages.last?.from.type == "Client")
        #expect(try server.host.chat(id).state == .idle)
        // Again: no error (a widget closing after the agent left); a message now is refused.
        #expect(try client.operation("disconnect", session).answer?.chatEnded == true)
        let late = try client.operation("send", session, [("message", "anyone?")])
        #expect(late.status == 400 && late.error?.chatEnded == true && late.error?.statusCode == 2)
    }

    /// What a widget sends beside texts: a custom notice, a pushed page, a new nickname, new user
    /// data and a typing preview reach the chat (and so the bot) in GMS's types.
    @Test func customNotice_pushUrl_updateNickname_updateData_andTheTypingPreview_reachTheChat() throws {
        let server = try APITestServer()
        let client = try gms(server)
        let session = try client.start()
        let id = try #require(ChatID(validating: session.chatId))
        #expect(try client.operation("startTyping", session, [("message", "hel")]).status == 200)
        #expect(try client.operation("customNotice", session, [("message", "card declined")]).status == 200)
        #expect(try client.operation("pushUrl", session, [("pushUrl", "https://shop.example/cart")]).status == 200)
        #expect(try client.operation("updateNickname", session, [("nickname", "Jim")]).status == 200)
        let updated = try client.operation("updateData", session, [("userData[plan]", "gold"), ("transcriptPosition", "1")])
        #expect(updated.status == 200)
        let customer = try server.host.transcript(of: id, from: 0, markingReceived: false).filter { $0.from.kind == .customer }
        let tail = customer.suffix(4).map { "\($0.kind.name) \($0.text ?? "")" }
        #expect(tail == ["TypingStarted hel", "CustomNotice card declined", "PushUrl https://shop.example/cart", "NicknameUpdated Jim"])
        #expect(try server.host.chat(id).customerNickname == "Jim")
        #expect(try server.host.chat(id).userData["plan"] == "gold")
        // GMS shows them under their own type names.
        let types = updated.answer?.messages.filter { $0.from.type == "Client" }.map(\.type) ?? []
        #expect(types.suffix(3) == ["CustomNotice", "PushUrl", "NicknameUpdated"])
        // A missing parameter is refused by name, and nothing is added.
        let before = try server.host.transcript(of: id, from: 0, markingReceived: false).count
        let refused = try client.operation("pushUrl", session)
        #expect(refused.status == 400)
        #expect(refused.error?.errors.first?.advice.contains("pushUrl") == true)
        #expect(try server.host.transcript(of: id, from: 0, markingReceived: false).count == before)
    }

    @Test func aLongTranscript_isCut_andNextPositionContinuesIt() throws {
        let server = try APITestServer(maxTranscriptBytes: 2_000)
        let client = try gms(server)
        let session = try client.start()
        for number in 0..<20 { _ = try client.operation("send", session, [("message", "message \(number) " + String(repeating: "x", count: 80))]) }
        var position = 1
        var seen: [Int] = []
        for _ in 0..<30 {
            let reply = try client.refresh(session, from: position)
            #expect(reply.raw.response.body.count <= 2_000)
            let answer = try #require(reply.answer)
            if answer.messages.isEmpty { break }
            seen += answer.messages.map(\.index)
            position = try #require(answer.nextPosition)
        }
        let id = try #require(ChatID(validating: session.chatId))
        #expect(seen == Array(1...(try server.host.transcript(of: id, from: 0, markingReceived: false).count)))
    }

    @Test func aRestartedServer_keepsTheChat_andItsCredentials() throws {
        let folder = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        for seed: UInt64? in [7, nil] {
            let session: GMSTestClient.Session
            do {
                let server = try APITestServer(seed: seed, dataDirectory: folder)
                session = try gms(server).start()
                _ = try gms(server).operation("send", session, [("message", "before")])
                server.stop()
            }
            let again = try APITestServer(seed: seed, dataDirectory: folder)
            let client = try gms(again)
            let reply = try client.refresh(session, from: 1)
            #expect(reply.status == 200, "\(reply.raw.response.text)")
            #expect(reply.answer?.messages.contains { $0.text == "before" } == true)
            var wrong = session
            wrong.secureKey = String(session.secureKey.reversed())
            #expect(try client.refresh(wrong, from: 1).status == 401)
            again.stop()
        }
    }

    @Test func accessPolicy_appliesToGMS_credentialedCORS_apiKey_preflight() throws {
        let server = try APITestServer(apiKey: "k") { $0.api.corsOrigins = ["http://shop.localhost:3000"] }
        let client = try gms(server)
        // Without the key: refused in GMS's error shape.
        let refused = try client.requestChat()
        #expect(refused.status == 401 && refused.code == 401 && refused.advice.contains("apikey"))
        #expect(server.host.chatCount == 0)
        let origin = ["Origin": "http://shop.localhost:3000", "apikey": "k"]
        let reply = try client.post("/genesys/2/chat/customer-support", [("nickname", "N")], headers: origin)
        #expect(reply.status == 200)
        #expect(reply.raw.response.header("Access-Control-Allow-Origin") == "http://shop.localhost:3000")
        #expect(reply.raw.response.header("Access-Control-Allow-Credentials") == "true")
        let preflight = try server.client().send(
            "OPTIONS", "/genesys/2/chat/customer-support",
            headers: ["Origin": "http://shop.localhost:3000", "Access-Control-Request-Method": "POST"])
        #expect(preflight.status == 204)
        #expect(preflight.response.header("Access-Control-Allow-Methods")?.contains("POST") == true)
        #expect(preflight.response.header("Access-Control-Allow-Origin") == "http://shop.localhost:3000")
    }

    @Test func requireContactCenterID_isAGWSRule_GMSClientsDoNotSendIt() throws {
        let server = try APITestServer { $0.api.requireContactCenterID = true }
        #expect(try gms(server).requestChat().status == 200)
    }
}
