import Foundation
import GWSChatClient
import Testing

/// The documentation stays true: README.md's and docs/'s shell examples run against a spawned
/// `gws-emulator serve`, and the Swift examples of README.md, docs/ and the DocC catalogs are the
/// files of the Examples package (which `make test` builds and runs).
@Suite struct ReadmeTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// README.md, every Markdown file of docs/, and every article of a DocC catalog
    /// (`Sources/TARGET/TARGET.docc`), as paths from the repository's root.
    static var documents: [String] {
        let files = FileManager.default
        var paths = ["README.md"]
        for folder in ["docs", "Sources"] {
            let enumerator = files.enumerator(atPath: root.appendingPathComponent(folder).path)
            while let path = enumerator?.nextObject() as? String {
                guard path.hasSuffix(".md"), folder == "docs" || path.contains(".docc/") else { continue }
                paths.append("\(folder)/\(path)")
            }
        }
        return paths.sorted()
    }

    static func text(of document: String) -> String {
        (try? String(contentsOf: root.appendingPathComponent(document), encoding: .utf8)) ?? ""
    }

    /// The fenced block right after the line `marker`, in the documents that have it (every
    /// copy the same).
    static func block(after marker: String) throws -> String {
        let holders = documents.filter { text(of: $0).contains(marker + "\n") }
        try #require(!holders.isEmpty, "no document has \(marker)")
        let copies = try holders.map { try block(after: marker, in: text(of: $0), of: $0) }
        #expect(Set(copies).count == 1, "the copies of \(marker) in \(holders) differ")
        return copies[0]
    }

    static func block(after marker: String, in text: String, of document: String) throws -> String {
        let markerRange = try #require(text.range(of: marker + "\n"), "\(document) has no \(marker)")
        return try block(from: text[markerRange.upperBound...], after: marker, of: document)
    }

    static func block(from text: Substring, after marker: String, of document: String) throws -> String {
        try #require(text.hasPrefix("```"), "\(document): no code block right after \(marker)")
        let fence = try #require(text.range(of: "\n"), "no fence after \(marker)")
        let body = text[fence.upperBound...]
        let end = try #require(body.range(of: "```\n"), "\(document): unterminated block after \(marker)")
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

    /// Each block marked `<!-- Examples/PATH -->` in README.md, docs/ or a DocC catalog is that
    /// file, and every example file is shown somewhere: what the documentation shows is what
    /// `make test` compiles and runs from outside.
    @Test func documentedSwiftExamples_areTheExamplesPackagesFiles() throws {
        let prefix = "<!-- Examples/Tests/ExamplesTests/"
        let folder = Self.root.appendingPathComponent("Examples/Tests/ExamplesTests")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".swift") }.sorted()
        #expect(files.count >= 3)
        var shown: Set<String> = []
        for document in Self.documents {
            let text = Self.text(of: document)
            var rest = text[...]
            while let marker = rest.range(of: prefix) {
                let lineEnd = try #require(rest[marker.upperBound...].range(of: " -->\n"), "\(document): an unterminated \(prefix)")
                let name = String(rest[marker.upperBound..<lineEnd.lowerBound])
                let copy = try Self.block(from: rest[lineEnd.upperBound...], after: prefix + name, of: document)
                let file = try #require(
                    try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8),
                    "\(document) shows Examples/Tests/ExamplesTests/\(name), which does not exist")
                #expect(copy == file, "\(document)'s copy of Examples/Tests/ExamplesTests/\(name) differs from the file")
                shown.insert(name)
                rest = rest[lineEnd.upperBound...]
            }
        }
        for name in files {
            #expect(shown.contains(name), "Examples/Tests/ExamplesTests/\(name) is shown in no document (README.md, docs/, a DocC catalog)")
        }
    }

    @Test func documents_includeTheDocCCatalogsAndDocs() {
        #expect(Self.documents.contains { $0.hasPrefix("Sources/") && $0.contains(".docc/") })
        #expect(Self.documents.contains { $0.hasPrefix("docs/") })
    }
}
