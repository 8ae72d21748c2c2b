import Foundation
import HTTPTesting
import Testing

/// `serve`'s bounds (issue 19 points 10, 12 and 13) on the built binary: `--completed-chat-retention`,
/// `--max-quiet-system-messages`, `--max-transcript-bytes` and `--request-chat-limit` reach the
/// server, `--help` shows their defaults, and bad values stop it with a message.
@Suite struct BoundsFlagsProcessTests {
    @Test func theFlags_reachTheServer() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bounds-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = try EmulatorProcess(arguments: [
            "--data", folder.path, "--bot", "last-character", "--clock", "virtual", "--agent-join-delay", "0", "--reply-delay", "0",
            "--system-interval", "1s", "--max-quiet-system-messages", "2", "--completed-chat-retention", "90s",
            "--max-transcript-bytes", "2048", "--request-chat-limit", "nickname=8", "--log-level", "error",
        ])
        defer { _ = server.terminate() }
        let client = try RawHTTPClient(port: server.port)
        func requestChat(_ nickname: String) throws -> RawHTTPClient.Response {
            try client.request("POST", "/api/v2/chats", json: #"{"operationName":"RequestChat","nickname":"\#(nickname)","subject":"s"}"#)
        }
        let long = try requestChat("Annabelle")
        #expect(long.status == 400)
        #expect((long.json?["statusMessage"] as? String)?.contains("at most 8 are allowed") == true, "\(long.json ?? [:])")
        let created = try requestChat("Annabel")
        let id = try #require(created.json?["id"] as? String)
        func messages() throws -> [[String: Any]] {
            try client.request("GET", "/api/v2/chats/\(id)/messages?index=0").json?["messages"] as? [[String: Any]] ?? []
        }
        #expect(try client.request("POST", "/emulator/clock", json: #"{"advance":"10s"}"#).status == 200)
        let systemTexts = try messages().filter { ($0["from"] as? [String: Any])?["type"] as? String == "External" && $0["type"] as? String == "Text" }
        #expect(systemTexts.count == 2, "--max-quiet-system-messages 2")

        let full = try client.request("POST", "/api/v2/chats/\(id)", json: #"{"operationName":"SendMessage","text":"\#(String(repeating: "x", count: 1_500))"}"#)
        #expect(full.status == 400)
        #expect(full.json?["statusCode"] as? Int == 2)
        #expect((full.json?["statusMessage"] as? String)?.contains("transcript limit of 2048 bytes") == true, "\(full.json ?? [:])")
        #expect((try client.request("GET", "/api/v2/chats/\(id)").json?["chat"] as? [String: Any])?["state"] as? String == "Idle")

        #expect(try client.request("POST", "/emulator/clock", json: #"{"advance":"89s"}"#).status == 200)
        #expect(try client.request("GET", "/api/v2/chats/\(id)").status == 200, "kept for the retention")
        #expect(try client.request("POST", "/emulator/clock", json: #"{"advance":"2s"}"#).status == 200)
        #expect(try client.request("GET", "/api/v2/chats/\(id)").status == 404, "--completed-chat-retention 90s")
    }

    @Test func help_showsEachDefault() throws {
        let process = Process()
        process.executableURL = EmulatorProcess.binary
        process.arguments = ["serve", "--help"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        // Words joined by single spaces: the help wraps its lines at the terminal's width.
        let help = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).split(whereSeparator: \.isWhitespace).joined(separator: " ")
        process.waitUntilExit()
        for expected in [
            "--completed-chat-retention", "(default: 24h)", "--max-quiet-system-messages", "(default: 30)", "--max-transcript-bytes",
            "(default: 4194304)", "--request-chat-limit", "nickname=1024, subject=4096, userdata-entries=64, userdata-key=256, userdata-value=4096, userdata=32768",
        ] {
            #expect(help.contains(expected), "\(expected)")
        }
    }

    @Test func badValues_stopServeWithAMessage() throws {
        try StartupFailureProcessTests.expectRefused([
            (["--completed-chat-retention", "0"], "--completed-chat-retention must be a duration above zero"),
            (["--completed-chat-retention", "forever"], "--completed-chat-retention must be a duration above zero"),
            (["--max-quiet-system-messages", "0"], "--max-quiet-system-messages must be 1 or more"),
            (["--max-transcript-bytes", "100"], "--max-transcript-bytes must be 0 (no limit) or at least 1024"),
            (["--request-chat-limit", "nick=3"], "--request-chat-limit must be NAME=N"),
            (["--request-chat-limit", "subject=-1"], "--request-chat-limit subject must be a number"),
        ])
    }
}
