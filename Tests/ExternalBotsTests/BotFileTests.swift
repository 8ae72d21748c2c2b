import BotCatalog
import ChatCore
import ExternalBots
import Foundation
import LineFormat
import Testing

/// `NAME.bot` files: what they say, the errors with their line, and the catalog's one table of
/// kinds that lists, loads and checks them.
@Suite struct BotFileTests {
    @Test func theAddress_canComeFromTheEnvironment() throws {
        let file = try BotFile(text: "kind webhook\naddress-env HOOK_URL\n", file: "h.bot", environment: ["HOOK_URL": "http://127.0.0.1:9/x"])
        #expect(file.address == "http://127.0.0.1:9/x")
    }

    @Test func aFile_withEverySetting() throws {
        let text = """
            # a webhook bot
            kind webhook
            address http://127.0.0.1:5005/bot
            nickname Ava
            timeout 1.5s
            fallback Sorry, one moment.
            fallback Still here.
            secret-env TEST_BOT_SECRET
            events all
            part greet
            """
        let file = try BotFile(text: text, file: "ava.bot", environment: ["TEST_BOT_SECRET": "s3cret"])
        #expect(file.kind == "webhook")
        #expect(file.address == "http://127.0.0.1:5005/bot")
        #expect(file.settings.nickname == "Ava")
        #expect(file.settings.timeout == .milliseconds(1500))
        #expect(file.settings.fallback.actions == [.say("Sorry, one moment."), .say("Still here.")])
        #expect(file.settings.secret == "s3cret")
        #expect(file.settings.allEvents)
        #expect(file.settings.parts == ["greet"])
    }

    @Test(arguments: [
        ("kind email\naddress x", "ava.bot:1:6", "unknown kind 'email'"),
        ("kind webhook\naddress ftp://x", "ava.bot:1:1", "http:// or https://"),
        ("kind exec\naddress run.sh\ntimeout soon", "ava.bot:3:9", "not a duration"),
        ("kind exec\naddress run.sh\nsecret-env NOT_SET_ANYWHERE", "ava.bot:3:12", "is not set"),
        ("kind exec\naddress run.sh\ncolour red", "ava.bot:3:1", "unknown directive 'colour'"),
        ("kind exec", "ava.bot:1:1", "no 'address' line"),
        ("kind exec\naddress-env NO_SUCH_ADDRESS", "ava.bot:2:13", "NO_SUCH_ADDRESS is not set"),
        ("kind exec\naddress run.sh\n  nickname A", "ava.bot:3:3", "no indented lines"),
    ])
    func aBadFile_saysWhatAndWhere(_ text: String, _ location: String, _ message: String) {
        do {
            _ = try BotFile(text: text, file: "ava.bot", environment: [:])
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.diagnostics.first?.location.description == location, "\(error)")
            #expect(error.description.contains(message), "\(error)")
        }
    }

    @Test func theCatalog_listsLoadsAndChecksBotFiles_andNamesEveryKindForAnUnknownName() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bot-files-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "kind exec\naddress sh bot.sh\nnickname Exa\n".write(to: folder.appendingPathComponent("exa.bot"), atomically: true, encoding: .utf8)
        try "kind nope\n".write(to: folder.appendingPathComponent("broken.bot"), atomically: true, encoding: .utf8)
        let catalog = BotCatalog(botsDirectory: folder)
        #expect(catalog.availableBots().map(\.name) == ["last-character", "broken", "exa"])
        #expect(catalog.availableBots().map(\.kind) == ["built-in", "external", "external"])
        let loaded = try catalog.load("exa").responder
        #expect(loaded.agentNickname == "Exa")
        #expect(loaded.deferredAnswers?.timeout == .seconds(5))
        #expect(throws: SourceDiagnostics.self) { try catalog.load("broken") }
        let check = try #require(BotKind.forFile("broken.bot")?.check)
        #expect(check(folder.appendingPathComponent("broken.bot").path).diagnostics.first?.message.contains("unknown kind 'nope'") == true)
        do {
            _ = try catalog.load("nobody")
            Issue.record("loaded an unknown bot")
        } catch {
            #expect("\(error)".contains("NAME.rules, NAME.replay or NAME.bot"))
            #expect("\(error)".contains("replay:PATH, webhook:URL or exec:COMMAND"))
        }
        #expect(throws: BotCatalogError.self) { try catalog.load("webhook:not a url") }
        #expect(throws: BotCatalogError.self) { try catalog.load("exec:") }
    }

    /// A command whose program does not exist fails where the bot is loaded (`serve` at start,
    /// `check`), not at every event with a fallback and a log error.
    @Test func anExecCommand_whoseProgramDoesNotExist_isRefusedWhenLoaded() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("exec-program-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "kind exec\naddress ./missing.sh --fast\n".write(to: folder.appendingPathComponent("gone.bot"), atomically: true, encoding: .utf8)
        try "kind exec\naddress sh bot.sh\n".write(to: folder.appendingPathComponent("fine.bot"), atomically: true, encoding: .utf8)
        let catalog = BotCatalog(botsDirectory: folder)

        do {
            _ = try catalog.load("exec:no-such-program-3f9 --port 1")
            Issue.record("loaded a command whose program does not exist")
        } catch {
            #expect("\(error)" == "exec:no-such-program-3f9 --port 1 cannot start: the program no-such-program-3f9 is not found on PATH.")
        }
        do {
            _ = try catalog.load("gone")
            Issue.record("loaded a .bot file whose program does not exist")
        } catch {
            #expect("\(error)".contains("the program ./missing.sh is not an executable file (looked for \(folder.path)/missing.sh)"))
        }
        let check = try #require(BotKind.forFile("gone.bot")?.check)
        #expect(check(folder.appendingPathComponent("gone.bot").path).diagnostics.first?.message.contains("./missing.sh is not an executable file") == true)
        #expect(check(folder.appendingPathComponent("fine.bot").path).diagnostics.isEmpty)
        _ = try catalog.load("fine")
        _ = try catalog.load("exec:sh -c 'echo []'")
        _ = try catalog.load("exec:PYTHONUNBUFFERED=1 python3 bot.py")  // left to the shell
    }
}
