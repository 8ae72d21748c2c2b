import Foundation
import HTTPTesting
import Testing

/// The journal store at the edges, end to end: few descriptors, a refused write, odd entries.
@Suite(.serialized) struct JournalStoreProcessTests {
    private let fastBot = ["--agent-join-delay", "0", "--reply-delay", "0", "--system-interval", "0"]

    private func dataDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("gws-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    private func requestChat(_ client: RawHTTPClient) throws -> String {
        let created = try client.request("POST", "/api/v2/chats", json: #"{"operationName":"RequestChat","nickname":"n","subject":"s"}"#)
        try #require(created.status == 200, "RequestChat answered \(created.status)")
        return try #require(created.json?["id"] as? String)
    }

    private func send(_ text: String, to id: String, _ client: RawHTTPClient) throws -> Int {
        try client.request("POST", "/api/v2/chats/\(id)", json: #"{"operationName":"SendMessage","text":"\#(text)"}"#).status
    }

    private func messages(of id: String, _ client: RawHTTPClient) throws -> [[String: Any]] {
        try #require(try client.request("GET", "/api/v2/chats/\(id)/messages?index=0").json?["messages"] as? [[String: Any]])
    }

    /// The transcript once it has `count` messages: the bot answers off the request, a moment later.
    private func messages(of id: String, _ client: RawHTTPClient, atLeast count: Int) throws -> [[String: Any]] {
        let deadline = Date().addingTimeInterval(10)
        while true {
            let messages = try messages(of: id, client)
            if messages.count >= count || Date() > deadline { return messages }
            Thread.sleep(forTimeInterval: 0.01)
        }
    }

    /// Waits until every step the journal scheduled is finished, so that the chat writes no more.
    private func waitUntilEveryStepFinished(_ journal: URL) throws {
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            var open = Set<Int>()
            for line in try String(contentsOf: journal, encoding: .utf8).split(separator: "\n") {
                guard let record = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                    let step = record["step"] as? Int
                else { continue }
                if record["e"] as? String == "finished" { open.remove(step) } else { open.insert(step) }
            }
            if open.isEmpty { return }
            Thread.sleep(forTimeInterval: 0.01)
        }
        Issue.record("the chat still had steps pending after 10 s")
    }

    private func customerTexts(_ messages: [[String: Any]]) -> [String] {
        messages.filter { ($0["from"] as? [String: Any])?["type"] as? String == "Customer" }.compactMap { $0["text"] as? String }
    }

    @Test func moreChatsThanDescriptors_allWork_beforeAndAfterARestart_andNewConnectionsAreAccepted() throws {
        let data = try dataDirectory()
        defer { try? FileManager.default.removeItem(at: data) }
        let limit = 128
        let chatCount = 300
        var ids: [String] = []
        do {
            let server = try EmulatorProcess(arguments: ["--data", data.path] + fastBot, openFileLimit: limit)
            let client = try RawHTTPClient(port: server.port)
            for _ in 0..<chatCount { ids.append(try requestChat(client)) }
            var refused = 0
            for id in ids where try send("before", to: id, client) != 200 { refused += 1 }
            #expect(refused == 0)
            // A new connection still gets in.
            #expect(try RawHTTPClient(port: server.port).request("GET", "/api/v2/chats/\(ids[0])").status == 200)
            #expect(server.terminate() == 0)
        }
        let restarted = try EmulatorProcess(arguments: ["--data", data.path] + fastBot, openFileLimit: limit)
        let client = try RawHTTPClient(port: restarted.port)
        var refused = 0
        for id in ids where try send("after", to: id, client) != 200 { refused += 1 }
        #expect(refused == 0)
        for id in [ids[0], ids[chatCount / 2], ids[chatCount - 1]] {
            #expect(customerTexts(try messages(of: id, client)) == ["before", "after"])
        }
        #expect(try RawHTTPClient(port: restarted.port).request("GET", "/api/v2/chats/\(ids[1])").status == 200)
        #expect(restarted.terminate() == 0)
    }

    @Test func aChangeAnswered500_leavesNoTrace_nowOrAfterARestart() throws {
        let data = try dataDirectory()
        defer { try? FileManager.default.removeItem(at: data) }
        // One journal open at a time, so that the chat's next write opens its file again.
        let arguments = ["--data", data.path, "--max-open-journals", "1"] + fastBot
        let server = try EmulatorProcess(arguments: arguments)
        let client = try RawHTTPClient(port: server.port)
        let id = try requestChat(client)
        #expect(try send("one", to: id, client) == 200)
        let journal = data.appendingPathComponent("chats/\(id).jsonl")
        // The bot answers off the request: once the chat has nothing left to do, the next chat's
        // journal pushes this one out for good.
        try waitUntilEveryStepFinished(journal)
        _ = try requestChat(client)

        // The journal cannot be opened while a folder stands in its place.
        let aside = data.appendingPathComponent("aside.jsonl")
        try FileManager.default.moveItem(at: journal, to: aside)
        try FileManager.default.createDirectory(at: journal, withIntermediateDirectories: false)
        #expect(try send("refused", to: id, client) == 500)

        // (Read once the journal is back: a read moves the chat's cursor, which is a write too.)
        try FileManager.default.removeItem(at: journal)
        try FileManager.default.moveItem(at: aside, to: journal)
        #expect(customerTexts(try messages(of: id, client)) == ["one"])
        #expect(try send("two", to: id, client) == 200)
        let shown = try messages(of: id, client, atLeast: 7)
        #expect(customerTexts(shown) == ["one", "two"])
        #expect(shown.compactMap { $0["index"] as? Int } == Array(1...7))
        #expect(server.terminate() == 0)

        let restarted = try EmulatorProcess(arguments: arguments)
        let reader = try RawHTTPClient(port: restarted.port)
        let after = try messages(of: id, reader)
        #expect(customerTexts(after) == ["one", "two"])
        #expect(after.compactMap { $0["index"] as? Int } == Array(1...7))
        #expect(restarted.terminate() == 0)
    }

    @Test func oddEntriesInChats_areSkipped_andTheServerServesTheRest() throws {
        let data = try dataDirectory()
        defer { try? FileManager.default.removeItem(at: data) }
        let server = try EmulatorProcess(arguments: ["--data", data.path] + fastBot)
        let id = try requestChat(try RawHTTPClient(port: server.port))
        #expect(server.terminate() == 0)

        let chats = data.appendingPathComponent("chats")
        try FileManager.default.createDirectory(at: chats.appendingPathComponent("\(UUID().uuidString.lowercased()).jsonl"), withIntermediateDirectories: false)
        try FileManager.default.createSymbolicLink(atPath: chats.appendingPathComponent("\(UUID().uuidString.lowercased()).jsonl").path, withDestinationPath: "/nonexistent")
        #expect(mkfifo(chats.appendingPathComponent("\(UUID().uuidString.lowercased()).jsonl").path, 0o644) == 0)

        let restarted = try EmulatorProcess(arguments: ["--data", data.path] + fastBot)
        let client = try RawHTTPClient(port: restarted.port)
        #expect(try send("still here?", to: id, client) == 200)
        #expect(restarted.terminate() == 0)
        let log = try String(contentsOf: data.appendingPathComponent("logs/emulator.log"), encoding: .utf8)
        #expect(log.components(separatedBy: "not a journal file").count - 1 == 3)
    }
}
