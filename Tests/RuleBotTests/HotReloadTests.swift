import ChatCore
import Foundation
import Testing
@testable import RuleBot
import Locking
import LineFormat

@Suite struct HotReloadTests {
    /// A temporary rule file; each write gets a later modification date, so no test sleeps.
    final class RuleFile {
        let directory: URL
        let path: String
        private var writes = 0

        init(_ text: String) throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("rules-reload-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            path = directory.appendingPathComponent("bot.rules").path
            try write(text)
        }

        func write(_ text: String, to name: String = "bot.rules") throws {
            let target = directory.appendingPathComponent(name).path
            try text.write(toFile: target, atomically: true, encoding: .utf8)
            writes += 1
            try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1_000_000 + Double(writes))], ofItemAtPath: target)
        }

        deinit { try? FileManager.default.removeItem(at: directory) }
    }

    static func say(_ responder: ReloadingRuleResponder, _ text: String) -> String {
        var chat = ChatDriver(RuleResponder(book: responder.book))
        return chat.say(text)
    }

    @Test func reload_picksUpAChangedFile() throws {
        let file = try RuleFile("option typing off\nrule\n  reply one")
        let responder = try ReloadingRuleResponder(path: file.path)
        guard case .unchanged = responder.reloadIfChanged() else { Issue.record("expected no change"); return }
        try file.write("option typing off\nrule\n  reply two")
        guard case .settling = responder.reloadIfChanged() else { Issue.record("expected the change to settle first"); return }
        guard case .reloaded = responder.reloadIfChanged() else { Issue.record("expected a reload"); return }
        #expect(Self.say(responder, "x") == "two")
    }

    @Test func reload_keepsTheLastGoodVersion_whenTheNewOneHasErrors_andReportsThemOnce() throws {
        let file = try RuleFile("option typing off\nrule\n  reply one")
        let responder = try ReloadingRuleResponder(path: file.path)
        try file.write("option typing off\nrule\n  match (\n  reply two")
        guard case .settling = responder.reloadIfChanged() else { Issue.record("expected the change to settle first"); return }
        guard case .failed(let error) = responder.reloadIfChanged() else { Issue.record("expected a failure"); return }
        #expect(error.errors.first?.description.hasSuffix("bot.rules:3:10: missing closing parenthesis") == true)
        #expect(Self.say(responder, "x") == "one")
        guard case .unchanged = responder.reloadIfChanged() else { Issue.record("the same broken file is reported once"); return }
        try file.write("option typing off\nrule\n  reply three")
        guard case .settling = responder.reloadIfChanged() else { Issue.record("expected the change to settle first"); return }
        guard case .reloaded = responder.reloadIfChanged() else { Issue.record("expected a reload"); return }
        #expect(Self.say(responder, "x") == "three")
    }

    @Test func reload_watchesIncludedFilesToo() throws {
        let file = try RuleFile("option typing off\ninclude common.rules")
        try file.write("rule\n  reply from include", to: "common.rules")
        try file.write("option typing off\ninclude common.rules")
        let responder = try ReloadingRuleResponder(path: file.path)
        #expect(Self.say(responder, "x") == "from include")
        try file.write("rule\n  reply changed include", to: "common.rules")
        guard case .settling = responder.reloadIfChanged() else { Issue.record("expected the change to settle first"); return }
        guard case .reloaded = responder.reloadIfChanged() else { Issue.record("expected a reload"); return }
        #expect(Self.say(responder, "x") == "changed include")
    }

    /// Issue 19 point 14: stamps are taken before the files are read, so an edit that lands while
    /// a (large) bot compiles is loaded at a later check instead of being missed.
    @Test func anEditLandingWhileTheBotCompiles_isLoadedAtALaterCheck() throws {
        let file = try RuleFile("option typing off\nrule\n  reply one")
        let responder = try ReloadingRuleResponder(path: file.path)
        try file.write("option typing off\nrule\n  reply two")
        let path = file.path
        responder.afterLoading.withLock {
            $0 = {
                try? "option typing off\nrule\n  reply three, written while two compiled".write(toFile: path, atomically: false, encoding: .utf8)
                try? FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 2_000_000)], ofItemAtPath: path)
            }
        }
        guard case .settling = responder.reloadIfChanged() else { Issue.record("expected the change to settle first"); return }
        guard case .reloaded = responder.reloadIfChanged() else { Issue.record("expected a reload"); return }
        responder.afterLoading.withLock { $0 = nil }
        #expect(Self.say(responder, "x") == "two")
        guard case .settling = responder.reloadIfChanged() else { Issue.record("the edit made while compiling was missed"); return }
        guard case .reloaded = responder.reloadIfChanged() else { Issue.record("expected a reload"); return }
        #expect(Self.say(responder, "x") == "three, written while two compiled")
    }

    /// Issue 19 point 14: a save that empties the file and then writes it never loads an empty
    /// bot (which would answer nothing): the previous version serves until the file holds still.
    @Test func aSaveThatTruncatesThenWrites_neverLoadsAnEmptyBot() throws {
        let file = try RuleFile("option typing off\nrule\n  reply one")
        let responder = try ReloadingRuleResponder(path: file.path)
        let handle = try #require(FileHandle(forWritingAtPath: file.path))
        try handle.truncate(atOffset: 0)
        try handle.close()
        for _ in 0..<3 {
            guard case .settling = responder.reloadIfChanged() else { Issue.record("an empty file was loaded"); return }
            #expect(Self.say(responder, "x") == "one")
        }
        try file.write("option typing off\nrule\n  reply two")
        guard case .settling = responder.reloadIfChanged() else { Issue.record("expected the change to settle first"); return }
        #expect(Self.say(responder, "x") == "one")
        guard case .reloaded = responder.reloadIfChanged() else { Issue.record("expected a reload"); return }
        #expect(Self.say(responder, "x") == "two")
    }

    @Test func reloadingResponder_answersChatsThroughTheCurrentRules() throws {
        let file = try RuleFile("agent Robin\noption typing off\nrule\n  reply hello {$nickname}")
        let responder = try ReloadingRuleResponder(path: file.path)
        #expect(responder.agentNickname == "Robin")
        let chat = ChatView(id: ChatID(UUID()), state: .chatting, customerNickname: "Kim", subject: "s", userData: [:], agentNickname: "Robin", messages: [])
        var context = ResponderContext(chat: chat, random: ChatRandom(seed: 1), now: Date())
        #expect(responder.respond(to: .customerText("hi"), context: &context).actions.first?.kind == .say("hello Kim"))
    }
}
