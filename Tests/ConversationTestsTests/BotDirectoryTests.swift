import BotCatalog
import ChatCore
import Foundation
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

    @Test func shippedBots_includeTheReplayByName() throws {
        let shipped = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Bots", isDirectory: true)
        let directory = BotDirectory(catalog: BotCatalog(botsDirectory: shipped))
        #expect(directory.problems == [])
        #expect(Set(directory.names).isSuperset(of: ["last-character", "support", "eliza", "demo"]))
        #expect(directory.entries.first { $0.name == "demo" }?.kind == "replay")
    }
}
