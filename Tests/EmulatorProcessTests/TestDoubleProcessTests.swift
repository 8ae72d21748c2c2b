import Foundation
import HTTPTesting
import Testing

/// `serve --clock virtual --typing off --fault …` as a test suite in another language runs it:
/// the built binary, driven over HTTP only.
@Suite struct TestDoubleProcessTests {
    @Test func virtualClock_typingOff_andAFaultFromTheCommandLine() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("double-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let server = try EmulatorProcess(arguments: [
            "--data", folder.path, "--bots", repository.appendingPathComponent("Bots").path, "--bot", "support", "--seed", "3",
            "--clock", "virtual", "--typing", "off", "--fault", "SendMessage:503:times=1",
        ])
        defer { _ = server.terminate() }
        #expect(server.banner.contains("web client:    http://127.0.0.1:\(server.port)/client/"))
        #expect(server.banner.contains("agent console: http://127.0.0.1:\(server.port)/agent/"))

        let client = try RawHTTPClient(port: server.port)
        let created = try client.request("POST", "/api/v2/chats", json: #"{"operationName":"RequestChat","nickname":"Ann","subject":"Order"}"#)
        let id = try #require(created.json?["id"] as? String)
        func transcript() throws -> [[String: Any]] {
            try client.request("GET", "/api/v2/chats/\(id)/messages?index=0").json?["messages"] as? [[String: Any]] ?? []
        }
        // Time stands still: no agent until the test moves the clock.
        #expect(try transcript().allSatisfy { ($0["from"] as? [String: Any])?["type"] as? String != "Agent" })
        let moved = try client.request("POST", "/emulator/clock", json: #"{"advance":"5s"}"#)
        #expect(moved.status == 200)
        let greeted = try transcript()
        #expect(greeted.contains { ($0["from"] as? [String: Any])?["type"] as? String == "Agent" && $0["type"] as? String == "Text" })
        #expect(!greeted.contains { ($0["type"] as? String)?.hasPrefix("Typing") == true })  // --typing off

        let refused = try client.request("POST", "/api/v2/chats/\(id)", json: #"{"operationName":"SendMessage","text":"where is my order"}"#)
        #expect(refused.status == 503)
        let retried = try client.request("POST", "/api/v2/chats/\(id)", json: #"{"operationName":"SendMessage","text":"where is my order"}"#)
        #expect(retried.status == 200)
        let record = try client.request("GET", "/emulator/requests?chat=\(id)").json?["requests"] as? [[String: Any]] ?? []
        #expect(record.filter { $0["operation"] as? String == "SendMessage" }.map { $0["status"] as? Int } == [503, 200])
    }

    /// `--fault` names GMS operations as the GMS front's table names them (`gms.refresh`).
    @Test func aGMSFaultFromTheCommandLine_answersInGMSShape() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("double-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = try EmulatorProcess(arguments: ["--data", folder.path, "--seed", "3", "--fault", "gms.refresh:503:times=1"])
        defer { _ = server.terminate() }
        let client = try RawHTTPClient(port: server.port)
        func post(_ path: String, _ form: String) throws -> RawHTTPClient.Response {
            try client.send(Raw.post(path, body: form, headers: "Content-Type: application/x-www-form-urlencoded\r\n"))
            return try client.readResponse()
        }
        let started = try post("/genesys/2/chat/support", "nickname=Ann")
        let answer = try #require(started.json)
        let chat = try #require(answer["chatId"] as? String)
        let user = try #require(answer["userId"] as? String)
        let key = try #require(answer["secureKey"] as? String)
        let poll = "userId=\(user)&secureKey=\(key)&alias=117&transcriptPosition=1"
        let refused = try post("/genesys/2/chat/support/\(chat)/refresh", poll)
        #expect(refused.status == 503)
        #expect((refused.json?["errors"] as? [[String: Any]])?.first?["code"] as? Int == 503)
        #expect(try post("/genesys/2/chat/support/\(chat)/refresh", poll).status == 200)
    }

    @Test func aBadFault_stopsTheStart_withAMessageThatSaysWhere() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("double-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let faults = folder.appendingPathComponent("faults.txt")
        try "# start\nSendMessage:503\nGetChat:teapot\n".write(to: faults, atomically: true, encoding: .utf8)
        let outcome = try StartupFailureProcessTests.serve(["--port", "0", "--faults", faults.path], in: folder)
        #expect(outcome.exitedNormally && outcome.status != 0)
        #expect(outcome.standardError.contains("faults.txt:3"))
        #expect(outcome.standardError.contains("teapot"))
    }
}
