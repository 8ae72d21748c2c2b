import ChatCore
import ChatHTTPAPI
import EmulatorKit
import Foundation
import HTTPTesting
import Logging
import Testing

/// The emulator as a test double over HTTP: time (`/emulator/clock`), a clean slate
/// (`/emulator/reset`), the request record (`/emulator/requests`) and faults (`/emulator/faults`,
/// RequestChat's `userData.emulatorFaults`), as a test in any language drives them.
@Suite struct TestDoubleTests {
    private func post(_ client: APIClient, _ path: String, _ body: String) throws -> APIClient.Reply {
        try client.send("POST", path, body: body)
    }

    private func state(_ client: APIClient, _ id: String) throws -> String? {
        (try client.send("GET", "/api/v2/chats/\(id)").json["chat"] as? [String: Any])?["state"] as? String
    }

    private func texts(_ client: APIClient, _ id: String) throws -> [String] {
        try client.messages(id, index: 0).compactMap { $0["text"] as? String }
    }

    // MARK: Time

    @Test func clock_advanceOverHTTP_runsWhatFallsDue_andAnswersWithTheVirtualTime() throws {
        let server = try APITestServer(joinDelay: .seconds(3, 3))
        let client = try server.client()
        let start = server.clock.now()
        let id = try client.requestChat()
        let before = try client.send("GET", "/emulator/clock")
        #expect(before.json["clock"] as? String == "virtual")
        #expect(before.json["pendingWork"] as? Bool == true)
        #expect(before.json["next"] as? String == EmulatorJSON_time(start.addingTimeInterval(3)))

        let early = try post(client, "/emulator/clock", #"{"advance":"2s"}"#)
        #expect(early.status == 200)
        #expect(early.json["now"] as? String == EmulatorJSON_time(start.addingTimeInterval(2)))
        #expect(try state(client, id) != "Chatting")

        let joined = try post(client, "/emulator/clock", #"{"advance":1}"#)
        #expect(joined.json["advanced"] as? String == "1s")
        #expect(server.clock.now() == start.addingTimeInterval(3))
        #expect(try texts(client, id).contains("Hi, I am Roboto. What can I do for you?") || server.host.chatCount == 1)
        #expect(try client.messages(id, index: 0).contains { ($0["from"] as? [String: Any])?["type"] as? String == "Agent" })
    }

    @Test func clock_quiet_runsUntilNothingIsPending_andSaysSoWhenTheBoundStopsIt() throws {
        let server = try APITestServer(responder: NudgingResponder()) { $0.api.testDouble.maxAdvance = .seconds(600) }
        let client = try server.client()
        let start = server.clock.now()
        _ = try client.requestChat()
        // The bot nudges every 30 s for ever: quiet stops at the bound and says so.
        let capped = try post(client, "/emulator/clock", #"{"advance":"quiet"}"#)
        #expect(capped.status == 200)
        #expect(capped.json["quiet"] as? Bool == false)
        #expect((capped.json["message"] as? String)?.contains("work still pending") == true)
        #expect(server.clock.now() == start.addingTimeInterval(600))

        let calm = try APITestServer(joinDelay: .seconds(2, 2))
        let calmClient = try calm.client()
        let calmStart = calm.clock.now()
        _ = try calmClient.requestChat()
        let quiet = try post(calmClient, "/emulator/clock", #"{"advance":"quiet"}"#)
        #expect(quiet.json["quiet"] as? Bool == true)
        #expect(quiet.json["advanced"] as? String == "2s")
        #expect(calm.clock.now() == calmStart.addingTimeInterval(2))
    }

    @Test func clock_refusesWhatItCannotDo_withA400OrA409ThatSaysWhy() throws {
        let server = try APITestServer()
        let client = try server.client()
        for (body, words) in [
            (#"{"advance":"2h"}"#, "at most 1h"), (#"{"advance":"forever"}"#, "must be a duration"),
            (#"{"advance":"-5s"}"#, "must be a duration"), ("{}", "Missing required parameter 'advance'"),
        ] {
            let reply = try post(client, "/emulator/clock", body)
            #expect(reply.status == 400, "\(body)")
            #expect(reply.statusMessage.contains(words), "\(body): \(reply.statusMessage)")
        }
        let wall = try APITestServer(wallClock: true)
        let refused = try post(try wall.client(), "/emulator/clock", #"{"advance":"1s"}"#)
        #expect(refused.status == 409)
        #expect(refused.statusMessage.contains("--clock virtual"))
        #expect(try wall.client().send("GET", "/emulator/clock").json["clock"] as? String == "wall")
    }

    // MARK: A clean slate

    @Test func reset_removesEveryChatAndItsJournal_andTheSameSeedGivesTheSameIDs() throws {
        let folder = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = try APITestServer(dataDirectory: folder)
        let client = try server.client()
        let first = try client.requestChat()
        _ = try client.operation("SendMessage", on: first, text: "hello")
        _ = try post(client, "/emulator/faults", #"{"operation":"GetChat","status":500}"#)
        let chats = folder.appendingPathComponent("chats")
        #expect(try FileManager.default.contentsOfDirectory(atPath: chats.path).count == 1)

        let reset = try post(client, "/emulator/reset", #"{"seed":7}"#)
        #expect(reset.status == 200)
        #expect((try client.send("GET", "/emulator/requests").json["requests"] as? [Any])?.isEmpty == true)
        #expect(try client.send("GET", "/api/v2/chats/\(first)").status == 404)
        #expect(try FileManager.default.contentsOfDirectory(atPath: chats.path).isEmpty)
        #expect(try client.send("GET", "/emulator/faults").json["faults"] as? [Any] == nil || (try client.send("GET", "/emulator/faults").json["faults"] as? [Any])?.isEmpty == true)
        // Seed 7 again: the first chat id of a fresh start, with an empty transcript behind it.
        let again = try client.requestChat()
        #expect(again == first)
        server.runAgent()
        #expect(try !texts(client, again).contains("hello"))
        // An empty body resets too; bots stay loaded.
        #expect(try client.send("POST", "/emulator/reset", body: "").status == 200)
        #expect(try client.send("GET", "/emulator/bots").status == 200)
        let bad = try post(client, "/emulator/reset", #"{"seed":"x"}"#)
        #expect(bad.status == 400 && bad.statusMessage.contains("seed"))
    }

    // MARK: The request record

    @Test func requests_recordWhatTheClientSent_boundedAndClearable() throws {
        let server = try APITestServer { configuration in
            configuration.api.testDouble.recordedRequests = 3
            configuration.api.testDouble.recordedBodyBytes = 40
        }
        let client = try server.client()
        let id = try client.requestChat()
        _ = try client.operation("SendStartTypingNotification", on: id)
        _ = try client.operation("SendMessage", on: id, text: String(repeating: "x", count: 100))
        _ = try client.messages(id)
        _ = try client.send("GET", "/emulator/chats")  // the emulator's own endpoints are not recorded
        let record = try client.send("GET", "/emulator/requests")
        let entries = record.json["requests"] as? [[String: Any]] ?? []
        #expect(entries.map { $0["operation"] as? String } == ["SendStartTypingNotification", "SendMessage", "GetTranscript"])
        #expect(record.json["dropped"] as? Int == 1)
        #expect(entries.allSatisfy { $0["chat"] as? String == id && $0["status"] as? Int == 200 })
        #expect(entries[1]["bodyBytes"] as? Int == #"{"operationName":"SendMessage","text":""#.utf8.count + 102)
        #expect((entries[1]["body"] as? String)?.utf8.count == 40)
        #expect(entries[2]["method"] as? String == "GET" && entries[2]["path"] as? String == "/api/v2/chats/\(id)/messages")

        let other = try client.requestChat()
        let mine = try client.send("GET", "/emulator/requests?chat=\(other)").json["requests"] as? [[String: Any]] ?? []
        #expect(mine.isEmpty)  // RequestChat names no chat yet
        _ = try client.send("GET", "/api/v2/chats/\(other)")
        #expect((try client.send("GET", "/emulator/requests?chat=\(other)").json["requests"] as? [[String: Any]])?.count == 1)
        #expect(try client.send("GET", "/emulator/requests?chat=nope").status == 400)

        #expect(try client.send("DELETE", "/emulator/requests").status == 200)
        #expect((try client.send("GET", "/emulator/requests").json["requests"] as? [Any])?.isEmpty == true)
    }

    // MARK: HTTP faults

    @Test func fault_503OnSendMessage_thenSuccessOnRetry_andTheRecordShowsIt() throws {
        let server = try APITestServer()
        let client = try server.client()
        let id = try client.requestChat()
        let added = try post(client, "/emulator/faults", #"{"operation":"SendMessage","status":503,"times":1}"#)
        #expect(added.status == 201)
        let failed = try client.operation("SendMessage", on: id, text: "once")
        #expect(failed.status == 503)
        #expect(failed.statusCode == 4)
        #expect(failed.statusMessage.contains("on purpose"))
        let retried = try client.operation("SendMessage", on: id, text: "once")
        #expect(retried.status == 200)
        #expect(try texts(client, id).filter { $0 == "once" }.count == 1)  // the refused one changed nothing
        let entries = try client.send("GET", "/emulator/requests?chat=\(id)").json["requests"] as? [[String: Any]] ?? []
        let sends = entries.filter { $0["operation"] as? String == "SendMessage" }
        #expect(sends.map { $0["status"] as? Int } == [503, 200])
        #expect((sends.first?["fault"] as? String)?.contains("SendMessage:503") == true)
        #expect(sends.last?["fault"] == nil)
        #expect((try client.send("GET", "/emulator/faults").json["faults"] as? [Any])?.isEmpty == true)  // used up
    }

    @Test func aFiredFault_isLogged() throws {
        let lines = LogLines()
        let server = try APITestServer { $0.logging = .logger(Logger(label: "test") { _ in lines }) }
        let client = try server.client()
        let id = try client.requestChat()
        _ = try post(client, "/emulator/faults", #"{"operation":"GetChat","status":502}"#)
        #expect(try client.send("GET", "/api/v2/chats/\(id)").status == 502)
        #expect(lines.messages.contains { $0.contains("fault 1 (GetChat:502) fired") })
    }

    @Test func fault_closeWithoutAnswer_and_answerThenClose() throws {
        let server = try APITestServer()
        let setup = try server.client()
        let id = try setup.requestChat()
        _ = try post(setup, "/emulator/faults", #"{"faults":[{"operation":"GetChat","kind":"close","times":1},{"operation":"SendMessage","kind":"answer-then-close","times":1}]}"#)

        let dropped = try server.client()
        try dropped.raw.send(APIClient.requestText("GET", "/api/v2/chats/\(id)"))
        #expect(try dropped.raw.closesWithoutMoreData())
        #expect(try server.client().send("GET", "/api/v2/chats/\(id)").status == 200)

        let closing = try server.client()
        let answered = try closing.operation("SendMessage", on: id, text: "kept")
        #expect(answered.status == 200)
        #expect(answered.response.header("Connection") == "close")
        #expect(try closing.raw.closesWithoutMoreData())
        #expect(try texts(setup, id).contains("kept"))
        let record = try setup.send("GET", "/emulator/requests").json["requests"] as? [[String: Any]] ?? []
        #expect(record.contains { $0["operation"] as? String == "GetChat" && $0["closed"] as? Bool == true && $0["status"] == nil })
    }

    @Test func fault_delayOnTheVirtualClock_answersOnceTimeIsMoved() throws {
        let server = try APITestServer(workerCount: 1)
        let client = try server.client()
        let id = try client.requestChat()
        server.runAgent()
        _ = try post(client, "/emulator/faults", #"{"operation":"GetTranscript","delay":"5s"}"#)
        let waiting = try server.client()
        try waiting.raw.send(APIClient.requestText("GET", "/api/v2/chats/\(id)/messages"))
        // A pipelined request behind it waits its turn.
        try waiting.raw.send(APIClient.requestText("GET", "/health"))
        let control = try server.client()
        try #require(eventually { server.clock.nextForegroundDeadline != nil })
        let clock = try control.send("GET", "/emulator/clock")
        #expect(clock.json["nextForeground"] as? String == EmulatorJSON_time(server.clock.now().addingTimeInterval(5)))
        // The one event loop has answered the control request since: had it answered the delayed
        // one at once, the answer would be waiting by now.
        #expect(!waiting.raw.hasDataWaiting)
        _ = try post(control, "/emulator/clock", #"{"advance":"5s"}"#)
        let answer = try waiting.readReply()
        #expect(answer.status == 200)
        #expect((answer.json["messages"] as? [Any])?.isEmpty == false)
        #expect(try waiting.readReply().json["status"] as? String == "ready")
    }

    @Test func fault_realDelay_answersLater_withoutHoldingTheServer() throws {
        let server = try APITestServer(workerCount: 1)
        let client = try server.client()
        let id = try client.requestChat()
        _ = try post(client, "/emulator/faults", #"{"operation":"GetChat","delay":"1s","clock":"real"}"#)
        let waiting = try server.client()
        try waiting.raw.send(APIClient.requestText("GET", "/api/v2/chats/\(id)"))
        try #require(eventually { (try? client.send("GET", "/emulator/requests?chat=\(id)").json["requests"] as? [Any])?.count == 1 })
        // The only event loop keeps serving others meanwhile, and has not answered the delayed one.
        #expect(try server.client().send("GET", "/health").status == 200)
        #expect(!waiting.raw.hasDataWaiting)
        #expect(try waiting.readReply().status == 200)
    }

    // MARK: Chat faults

    @Test func fault_agentNeverJoins_theChatWaitsForEver() throws {
        let server = try APITestServer(joinDelay: .seconds(1, 1))
        let client = try server.client()
        _ = try post(client, "/emulator/faults", #"{"operation":"RequestChat","kind":"agent-never-joins"}"#)
        let id = try client.requestChat()
        _ = try post(client, "/emulator/clock", #"{"advance":"quiet"}"#)
        _ = try post(client, "/emulator/clock", #"{"advance":"10m"}"#)
        #expect(try state(client, id) == "WaitingForAgent")
    }

    @Test func fault_agentLeavesAfterN_botSilent_andEndChat() throws {
        let server = try APITestServer()
        let client = try server.client()
        let leaving = try client.requestChat()
        _ = try post(client, "/emulator/faults", #"{"operation":"SendMessage","kind":"agent-leaves","after":2,"chat":"\#(leaving)","times":1}"#)
        _ = try client.operation("SendMessage", on: leaving, text: "one")
        server.runAgent()
        #expect(try state(client, leaving) == "Chatting")
        _ = try client.operation("SendMessage", on: leaving, text: "two")
        #expect(try state(client, leaving) == "Idle")
        #expect(try client.messages(leaving, index: 0).last?["type"] as? String == "ParticipantLeft")

        let silent = try client.requestChat()
        _ = try post(client, "/emulator/faults", #"{"operation":"SendMessage","kind":"bot-silent","chat":"\#(silent)"}"#)
        server.runAgent()
        let greeted = try texts(client, silent).count
        _ = try client.operation("SendMessage", on: silent, text: "anyone?")
        _ = try post(client, "/emulator/clock", #"{"advance":"quiet"}"#)
        #expect(try texts(client, silent).count == greeted + 1)  // only the customer's line

        let ended = try client.requestChat()
        _ = try post(client, "/emulator/faults", #"{"operation":"GetChat","kind":"end-chat","chat":"\#(ended)"}"#)
        _ = try client.send("GET", "/api/v2/chats/\(ended)")
        #expect(try state(client, ended) == "Idle")
        #expect(try client.operation("SendMessage", on: ended, text: "late").status == 400)
    }

    @Test func userDataFaults_reachClientsThatCannotCallTheEmulator() throws {
        let server = try APITestServer(joinDelay: .seconds(1, 1))
        let client = try server.client()
        let created = try post(client, "/api/v2/chats", #"{"operationName":"RequestChat","nickname":"A","subject":"S","userData":{"emulatorFaults":"agent-never-joins; SendMessage:503:times=1"}}"#)
        let id = try #require(created.json["id"] as? String)
        _ = try post(client, "/emulator/clock", #"{"advance":"5s"}"#)
        #expect(try state(client, id) == "WaitingForAgent")
        #expect(try client.operation("SendMessage", on: id, text: "x").status == 503)
        #expect(try client.operation("SendMessage", on: id, text: "x").status == 200)
        // Another chat is not touched by that chat's faults.
        let other = try client.requestChat()
        #expect(try client.operation("SendMessage", on: other, text: "x").status == 200)

        let refused = try post(client, "/api/v2/chats", #"{"operationName":"RequestChat","nickname":"A","subject":"S","userData":{"emulatorFaults":"RequestChat:503"}}"#)
        #expect(refused.status == 400 && refused.statusMessage.contains("POST /emulator/faults"))
        let unknown = try post(client, "/api/v2/chats", #"{"operationName":"RequestChat","nickname":"A","subject":"S","userData":{"emulatorFaults":"agent-naps"}}"#)
        #expect(unknown.status == 400 && unknown.statusMessage.contains("agent-never-joins"))
    }

    // MARK: Bounds

    @Test func faults_areBounded_andBadOnesGetA400ThatSaysWhatAndWhere() throws {
        let server = try APITestServer { $0.api.testDouble.maxFaults = 5 }
        let client = try server.client()
        for (body, words) in [
            (#"{"operation":"SendMesage","status":503}"#, "Unknown operation 'SendMesage'"),
            (#"{"operation":"SendMessage","status":200}"#, "from 400 to 599"),
            (#"{"operation":"SendMessage"}"#, "needs a kind"),
            (#"{"operation":"SendMessage","status":503,"times":0}"#, "'times'"),
            (#"{"operation":"SendMessage","delay":"2d"}"#, "'delay'"),
            (#"{"operation":"SendMessage","status":503,"colour":"red"}"#, "Unknown option 'colour'"),
            (#"{"operation":"RequestChat","status":503,"chat":"6d0b2c1e-3f4a-4b5c-8d6e-7f8091a2b3c4"}"#, "cannot name a chat"),
            (#"{"faults":[{"operation":"GetChat","status":500},{"operation":"Nope","status":500}]}"#, "faults[1]"),
            (#"[1]"#, "must be a fault object"),
        ] {
            let reply = try post(client, "/emulator/faults", body)
            #expect(reply.status == 400, "\(body)")
            #expect(reply.statusMessage.contains(words), "\(body): \(reply.statusMessage)")
        }
        #expect((try client.send("GET", "/emulator/faults").json["faults"] as? [Any])?.isEmpty == true)  // all or none
        let six = (0..<6).map { _ in #"{"operation":"GetChat","status":500}"# }.joined(separator: ",")
        let tooMany = try post(client, "/emulator/faults", #"{"faults":[\#(six)]}"#)
        #expect(tooMany.status == 400 && tooMany.statusMessage.contains("at most 5"))
        for _ in 0..<5 { #expect(try post(client, "/emulator/faults", #"{"operation":"GetChat","status":500}"#).status == 201) }
        let sixth = try post(client, "/emulator/faults", #"{"operation":"GetChat","status":500}"#)
        #expect(sixth.status == 400 && sixth.statusMessage.contains("DELETE /emulator/faults"))
        #expect(try client.send("DELETE", "/emulator/faults").status == 200)
        #expect(try post(client, "/emulator/faults", #"{"operation":"GetChat","status":500}"#).status == 201)
    }

    @Test func theControls_needTheAPIKey_whenOneIsSet() throws {
        let server = try APITestServer(apiKey: "k")
        let client = try server.client()
        for (method, path, body) in [
            ("POST", "/emulator/reset", "{}"), ("POST", "/emulator/clock", #"{"advance":"1s"}"#), ("GET", "/emulator/clock", nil),
            ("GET", "/emulator/requests", nil), ("DELETE", "/emulator/requests", nil), ("GET", "/emulator/faults", nil),
            ("POST", "/emulator/faults", #"{"operation":"*","status":500}"#), ("DELETE", "/emulator/faults", nil),
        ] {
            #expect(try client.send(method, path, body: body).status == 401, "\(method) \(path)")
            #expect(try client.send(method, path, body: body, headers: ["apikey": "k"]).status < 300, "\(method) \(path) with the key")
        }
    }

    @Test func compactFaults_readAsTheObjectForm() throws {
        #expect(try Fault(compact: "SendMessage:503:times=2") == Fault(operation: "SendMessage", times: 2, kind: .status(503)))
        #expect(try Fault(compact: "*:delay=2s:real") == Fault(operation: "*", kind: .delay(.seconds(2), real: true)))
        #expect(try Fault(compact: "RequestChat:agent-never-joins") == Fault(operation: "RequestChat", kind: .chat(.agentNeverJoins)))
        #expect(try Fault(compact: "SendMessage:agent-leaves=3") == Fault(operation: "SendMessage", kind: .chat(.agentLeaves(afterCustomerMessages: 3))))
        #expect(throws: FaultError.self) { try Fault(compact: "SendMessage") }
        let file = "# faults\nSendMessage:503:times=2\n\nGetChat:close\n"
        #expect(try Fault.parseFile(file, path: "f.txt").count == 2)
        #expect(throws: FaultError("f.txt:2: Unknown operation 'Nope' in the fault 'Nope:503'; use * or one of \(Fault.operations.joined(separator: ", ")).")) {
            try Fault.parseFile("GetChat:500\nNope:503", path: "f.txt")
        }
    }
}

/// Keeps every message logged at warning or above.
final class LogLines: LogHandler, @unchecked Sendable {
    // @unchecked: `kept` is only touched under `lock`; `metadata` and `logLevel` are set once,
    // before the emulator starts, as swift-log's handlers are configured.
    private let lock = NSLock()
    private var kept: [String] = []
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .warning

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        lock.withLock { kept.append("\(event.message)") }
    }

    var messages: [String] { lock.withLock { kept } }
}

/// ISO 8601 with milliseconds, in UTC, as the emulator's endpoints write times.
func EmulatorJSON_time(_ date: Date) -> String {
    date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
}

/// Greets, then nudges every 30 s for ever: what `{"advance":"quiet"}` must stop at its bound.
struct NudgingResponder: Responder {
    var agentNickname: String { "Nudge" }

    func respond(to event: ChatEvent, context: inout ResponderContext) -> AgentReply {
        switch event.kind {
        case .agentJoined, .timerFired:
            AgentReply([.say("Still there?"), AgentAction(.startTimer(name: "nudge", after: .seconds(30), cancelledByCustomer: false))])
        default:
            .none
        }
    }
}
