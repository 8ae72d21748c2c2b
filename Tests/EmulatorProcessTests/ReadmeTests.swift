import Foundation
import GWSWire
import Testing
import ChatCore

/// README.md stays true: its shell examples run against a spawned `gws-emulator serve`, and its
/// Swift examples are the files of the Examples package (which `make test` builds and runs).
@Suite struct ReadmeTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static var readme: String { (try? String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)) ?? "" }

    /// The fenced block right after the line `marker`.
    static func block(after marker: String) throws -> String {
        let text = readme
        let markerRange = try #require(text.range(of: marker + "\n"), "README.md has no \(marker)")
        let fence = try #require(text[markerRange.upperBound...].range(of: "\n"), "no fence after \(marker)")
        let body = text[fence.upperBound...]
        let end = try #require(body.range(of: "```\n"), "unterminated block after \(marker)")
        return String(body[..<end.lowerBound])
    }

    /// Runs a README shell block with bash against the server on `port` (the README says 8888).
    static func runShell(_ script: String, port: Int) throws -> [String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-euo", "pipefail", "-c", script.replacingOccurrences(of: "127.0.0.1:8888", with: "127.0.0.1:\(port)")]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "the README block failed:\n\(script)")
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    static func withServer(_ body: (EmulatorProcess) throws -> Void) throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("readme-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: data) }
        // The default delays (join 1-3 s, answer 0-2 s) the walkthrough describes; the seed only
        // keeps the run repeatable.
        let server = try EmulatorProcess(arguments: ["--data", data.path, "--seed", "1", "--system-interval", "0"])
        defer { _ = server.terminate() }
        try body(server)
    }

    @Test func curlWalkthrough_readsTheChatID_andGetsTheAgentsAnswer() throws {
        let script = try Self.block(after: "<!-- README test: walkthrough -->")
        try Self.withServer { server in
            let lines = try Self.runShell(script, port: server.port)
            try #require(lines.count == 8, "\(lines)")
            let id = lines[0]
            #expect(id.count == 36 && id.split(separator: "-").count == 5, "RequestChat's id: \(id)")
            #expect(Array(lines[1...3]) == Array(repeating: "{\"statusCode\":0}", count: 3))

            let chat = try GWSWire.decodeChat(Array(lines[4].utf8))
            #expect(chat.id == id)
            #expect(chat.state == .chatting)
            let fresh = try GWSWire.decodeTranscript(Array(lines[5].utf8)).messages
            let all = try GWSWire.decodeTranscript(Array(lines[6].utf8)).messages
            #expect(fresh == all, "nothing was read before, so the new messages are all of them")
            let question = try #require(all.firstIndex { $0.from.kind == .customer && $0.text == "Are you there?" })
            #expect(all[question...].contains { $0.from.kind == .agent && $0.kind == .text }, "the question asked before the agent joined is answered: \(all)")
            #expect(lines[7] == "{\"statusCode\":0}", "Complete")
        }
    }

    @Test func formEncodedExample_requestsAChat() throws {
        let script = try Self.block(after: "<!-- README test: form -->")
        try Self.withServer { server in
            let lines = try Self.runShell(script, port: server.port)
            try #require(lines.count == 1, "\(lines)")
            let created = try GWSWire.decodeCreated(Array(lines[0].utf8))
            #expect(created.path == "/api/v2/chats/\(created.id)")
        }
    }

    @Test func agentConsoleExample_takesAChatOverAndAnswersAsThePerson() throws {
        let script = try Self.block(after: "<!-- README test: agent console -->")
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("readme-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: data) }
        let bots = Self.root.appendingPathComponent("Bots").path
        let server = try EmulatorProcess(arguments: ["--data", data.path, "--bots", bots, "--seed", "1", "--system-interval", "0"])
        defer { _ = server.terminate() }
        // curl prints each answer without a newline, so the block's output is one line.
        let output = try Self.runShell(script, port: server.port).joined()
        let ok = "{\"statusCode\":0}"
        #expect(output.hasPrefix(ok + ok + "{\"chats\":["), "TakeOver and the person's SendMessage succeed: \(output)")
        #expect(output.hasSuffix(ok), "HandBack succeeds: \(output)")
        #expect(output.contains("\"bot\":\"support\""), "the chat chose its bot by userData.bot: \(output)")
        #expect(output.contains("\"takenOver\":true"), "the chat list shows the take-over: \(output)")
        #expect(output.contains("\"text\":\"Hi Ann, a person here.\""), "the person's message is the last one: \(output)")
    }

    /// Each README block marked `<!-- Examples/PATH -->` is that file, and every example file is
    /// in the README: what the README shows is what `make test` compiles and runs from outside.
    @Test func readmeSwiftExamples_areTheExamplesPackagesFiles() throws {
        let folder = Self.root.appendingPathComponent("Examples/Tests/ExamplesTests")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".swift") }.sorted()
        #expect(files.count >= 3)
        for name in files {
            let shown = try Self.block(after: "<!-- Examples/Tests/ExamplesTests/\(name) -->")
            let file = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            #expect(shown == file, "README.md's copy of Examples/Tests/ExamplesTests/\(name) differs from the file")
        }
    }
}
