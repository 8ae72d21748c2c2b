import ChatCore
import Foundation
import GMSWire
import HTTPTesting
import Testing

/// The test double covers the GMS front: its requests are in `/emulator/requests` under their
/// operation names (`gms.send`, ...), and `/emulator/faults` can name them.
@Suite struct GMSTestDoubleTests {
    private func record(_ client: APIClient, chat: String? = nil) throws -> [[String: Any]] {
        try client.send("GET", "/emulator/requests" + (chat.map { "?chat=\($0)" } ?? "")).json["requests"] as? [[String: Any]] ?? []
    }

    private func addFault(_ client: APIClient, _ json: String) throws -> APIClient.Reply {
        try client.send("POST", "/emulator/faults", body: json)
    }

    @Test func gmsRequests_areRecorded_withTheirOperationChatAndStatus() throws {
        let server = try APITestServer()
        let gms = GMSTestClient(api: try server.client())
        let control = try server.client()
        let session = try gms.start()
        _ = try gms.operation("send", session, [("message", "Hello")])
        var wrong = session
        wrong.secureKey = "0000000000000000"
        #expect(try gms.refresh(wrong, from: 1).status == 401)
        _ = try gms.refresh(session, from: 1)
        #expect(try gms.post("/genesys/2/chat/customer-support/\(session.chatId)/dance", session.fields).status == 404)

        let entries = try record(control)
        #expect(entries.map { $0["operation"] as? String } == ["gms.requestChat", "gms.send", "gms.refresh", "gms.refresh", nil])
        #expect(entries.map { $0["status"] as? Int } == [200, 200, 401, 200, 404])
        #expect(entries.map { $0["path"] as? String }.last == "/genesys/2/chat/customer-support/\(session.chatId)/dance")
        #expect(entries[1]["method"] as? String == "POST")
        #expect((entries[1]["body"] as? String)?.contains("message=Hello") == true)
        // Requesting a chat names no chat yet; every operation on it names it.
        #expect(entries[0]["chat"] == nil)
        #expect(entries[1...3].allSatisfy { $0["chat"] as? String == session.chatId })
        #expect(try record(control, chat: session.chatId).count == 3)
    }

    @Test func aFaultOnAGMSOperation_answersInGMSShape_thenTheRetrySucceeds() throws {
        let server = try APITestServer()
        let gms = GMSTestClient(api: try server.client())
        let control = try server.client()
        let session = try gms.start()
        let added = try addFault(control, #"{"operation":"gms.send","status":503,"times":1}"#)
        #expect(added.status == 201, "\(added.response.text)")

        let failed = try gms.operation("send", session, [("message", "once")])
        #expect(failed.status == 503)
        #expect(failed.error?.statusCode == 1, "our failure: retry (\(failed.raw.response.text))")
        #expect(failed.code == 503)
        #expect(failed.advice.contains("on purpose"))
        #expect(try gms.operation("send", session, [("message", "once")]).status == 200)
        let texts = try #require(try gms.refresh(session, from: 1).answer).messages.compactMap(\.text)
        #expect(texts.filter { $0 == "once" }.count == 1, "the refused send changed nothing")

        let sends = try record(control).filter { $0["operation"] as? String == "gms.send" }
        #expect(sends.map { $0["status"] as? Int } == [503, 200])
        #expect((sends.first?["fault"] as? String)?.contains("gms.send:503") == true)
    }

    @Test func faultsOnGMS_closeTheConnection_endTheChat_andStartChatsWithoutAnAgent() throws {
        let server = try APITestServer(joinDelay: .seconds(1, 1))
        let control = try server.client()
        _ = try addFault(
            control,
            #"{"faults":[{"operation":"gms.requestChat","kind":"agent-never-joins","times":1},{"operation":"gms.refresh","kind":"close","times":1},{"operation":"gms.startTyping","kind":"end-chat","times":1}]}"#
        )
        let gms = GMSTestClient(api: try server.client())
        let session = try gms.start()
        _ = try control.send("POST", "/emulator/clock", body: #"{"advance":"10m"}"#)
        let id = try #require(ChatID(validating: session.chatId))
        #expect(try server.host.state(of: id) == .waitingForAgent)

        let dropped = GMSTestClient(api: try server.client())
        try dropped.api.raw.send(APIClient.requestText("POST", "/genesys/2/chat/customer-support/\(session.chatId)/refresh", body: GMSTestClient.form(session.fields), headers: ["Content-Type": "application/x-www-form-urlencoded"]))
        #expect(try dropped.api.raw.closesWithoutMoreData())
        #expect(try gms.refresh(session, from: 1).status == 200)

        let typing = try gms.operation("startTyping", session)
        #expect(typing.status == 400, "the fault ended the chat before the operation")
        #expect(typing.error?.chatEnded == true)
        #expect(try server.host.state(of: id) == .idle)
    }

    @Test func faultsOnGWSOperations_leaveGMSAlone_andStarMatchesBoth() throws {
        let server = try APITestServer()
        let control = try server.client()
        let gms = GMSTestClient(api: try server.client())
        let session = try gms.start()
        _ = try addFault(control, #"{"operation":"SendMessage","status":500}"#)
        #expect(try gms.operation("send", session, [("message", "x")]).status == 200)
        _ = try control.send("DELETE", "/emulator/faults")
        _ = try addFault(control, #"{"operation":"*","status":502,"times":2}"#)
        #expect(try gms.refresh(session, from: 1).status == 502)
        #expect(try control.send("GET", "/api/v2/chats/\(session.chatId)").status == 502)
    }

    @Test func faultNames_areChecked_andTheErrorListsTheGMSOnes() throws {
        let server = try APITestServer()
        let control = try server.client()
        let unknown = try addFault(control, #"{"operation":"gms.dance","status":503}"#)
        #expect(unknown.status == 400)
        for name in ["gms.requestChat", "gms.send", "gms.refresh", "gms.file", "gms.disconnect"] {
            #expect(unknown.statusMessage.contains(name), "\(unknown.statusMessage)")
        }
        let compact = try control.send(
            "POST", "/api/v2/chats",
            body: #"{"operationName":"RequestChat","nickname":"A","subject":"S","userData":{"emulatorFaults":"gms.refresh:503:times=1"}}"#)
        #expect(compact.status == 200, "\(compact.response.text)")
        #expect((try control.send("GET", "/emulator/faults").json["faults"] as? [[String: Any]])?.first?["operation"] as? String == "gms.refresh")
    }

    /// A widget cannot reach `/emulator/`: its chat request's `userData[emulatorFaults]` sets
    /// faults for that chat, as a GWS RequestChat's does.
    @Test func userDataFaults_onAGMSChatRequest_applyToThatChatOnly() throws {
        let server = try APITestServer(joinDelay: .seconds(1, 1))
        let gms = GMSTestClient(api: try server.client())
        let session = try gms.start([("nickname", "A"), ("userData[emulatorFaults]", "agent-never-joins; gms.send:503:times=1")])
        let control = try server.client()
        _ = try control.send("POST", "/emulator/clock", body: #"{"advance":"5s"}"#)
        #expect(try server.host.state(of: try #require(ChatID(validating: session.chatId))) == .waitingForAgent)
        #expect(try gms.operation("send", session, [("message", "x")]).status == 503)
        #expect(try gms.operation("send", session, [("message", "x")]).status == 200)
        let other = try gms.start()
        #expect(try gms.operation("send", other, [("message", "x")]).status == 200)
        let refused = try gms.requestChat([("nickname", "A"), ("userData[emulatorFaults]", "gms.requestChat:503")])
        #expect(refused.status == 400 && refused.advice.contains("POST /emulator/faults"), "\(refused.raw.response.text)")
    }

    /// A reset brings the same chat ids back (same seed) as other chats: the answers carry the new
    /// chat's messages, never what the front kept of the old one.
    @Test func afterAReset_theSameChatIdAnswersTheNewChat_notTheOneKeptBefore() throws {
        let server = try APITestServer()
        let gms = GMSTestClient(api: try server.client())
        let control = try server.client()
        let before = try gms.start([("nickname", "Before"), ("subject", "S")])
        #expect(try gms.refresh(before, from: 1).answer?.messages.first?.from.nickname == "Before")

        _ = try control.send("POST", "/emulator/reset", body: #"{"seed":7}"#)
        let started = try gms.requestChat([("nickname", "After"), ("subject", "S")])
        let answer = try #require(started.answer)
        #expect(answer.chatId == before.chatId, "the same seed gives the same id")
        #expect(answer.messages.first?.from.nickname == "After")
        #expect(!answer.messages.contains { $0.from.nickname == "Before" })
        var after = before
        after.userId = try #require(answer.userId)
        after.secureKey = try #require(answer.secureKey)
        #expect(try gms.refresh(after, from: 1).answer?.messages.first?.from.nickname == "After")
    }
}
