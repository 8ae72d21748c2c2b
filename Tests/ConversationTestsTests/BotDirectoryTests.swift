import BotCatalog
import ChatCore
import Foundation
import Logging
import RuleBot
import Testing

/// `serve --bots DIR`: every bot of the folder, by name, for chats that choose one.
@Suite struct BotDirectoryTests {
    private func makeBotsFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bots-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try "agent Robin\n\nfallback\n  reply Robin here.\n".write(to: folder.appendingPathComponent("robin.rules"), atomically: true, encoding: .utf8)
        try "agent Broken\n\nrule oops\n  match (unclosed\n  reply never\n".write(to: folder.appendingPathComponent("broken.rules"), atomically: true, encoding: .utf8)
        try "not a bot".write(to: folder.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        return folder
    }

    @Test func availableBots_listsTheBuiltInBotAndEveryRulesFile() throws {
        let folder = try makeBotsFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let names = BotCatalog(botsDirectory: folder).availableBots().map { "\($0.name):\($0.kind)" }
        #expect(names == ["last-character:built-in", "broken:rules", "robin:rules"])
    }

    @Test func directory_loadsTheGoodBots_andReportsTheBrokenOne() throws {
        let folder = try makeBotsFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let directory = BotDirectory(catalog: BotCatalog(botsDirectory: folder))
        #expect(directory.names == ["last-character", "robin"])
        #expect(directory.responder(named: "robin")?.agentNickname == "Robin")
        #expect(directory.responder(named: "broken") == nil)
        #expect(directory.problems.count == 1)
        #expect(directory.problems.first?.contains("broken.rules") == true)
    }

    /// Hot reload is per bot: editing one bot's file changes that bot's answers only.
    @Test func editingOneBotsFile_reloadsThatBotOnly() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bots-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var writes = 0
        func write(_ name: String, _ reply: String) throws {
            let file = folder.appendingPathComponent("\(name).rules")
            try "option typing off\n\nfallback\n  reply \(reply)\n".write(to: file, atomically: true, encoding: .utf8)
            writes += 1
            // Each write gets a later modification date, so the test needs no sleep.
            try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1_000_000 + Double(writes))], ofItemAtPath: file.path)
        }
        try write("robin", "Robin, first version.")
        try write("sam", "Sam, first version.")
        // The reload's log line is expected here; keep it out of the test output.
        let quiet = Logger(label: "rules") { _ in SwiftLogNoOpLogHandler() }
        let directory = BotDirectory(catalog: BotCatalog(botsDirectory: folder), logger: quiet)
        let robin = try #require(directory.responder(named: "robin") as? ReloadingRuleResponder)
        let sam = try #require(directory.responder(named: "sam") as? ReloadingRuleResponder)

        try write("robin", "Robin, second version.")
        guard case .settling = robin.reloadIfChanged() else { Issue.record("robin's edited file did not settle first"); return }
        guard case .reloaded = robin.reloadIfChanged() else { Issue.record("robin's edited file was not reloaded"); return }
        guard case .unchanged = sam.reloadIfChanged() else { Issue.record("sam's file did not change but was reloaded"); return }
        #expect(Self.answer(of: robin, to: "hello") == "Robin, second version.")
        #expect(Self.answer(of: sam, to: "hello") == "Sam, first version.")
    }

    private static func answer(of responder: any Responder, to text: String) -> String? {
        let chat = ChatView(
            id: ChatID(UUID()), state: .chatting, customerNickname: "Kim", subject: "s", userData: [:],
            agentNickname: responder.agentNickname, messages: [])
        var context = ResponderContext(chat: chat, random: ChatRandom(seed: 1), now: Date())
        return responder.respond(to: .customerText(text), context: &context).actions.first { $0.kind.code == .say }?.kind.text
    }

    @Test func shippedBots_includeTheReplayByName() throws {
        let shipped = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Bots", isDirectory: true)
        let directory = BotDirectory(catalog: BotCatalog(botsDirectory: shipped))
        #expect(directory.problems == [])
        #expect(Set(directory.names).isSuperset(of: ["last-character", "support", "eliza", "demo"]))
        #expect(directory.entries.first { $0.name == "demo" }?.kind == "replay")
    }
}
