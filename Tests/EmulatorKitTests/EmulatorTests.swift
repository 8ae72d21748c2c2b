import ChatCore
import EmulatorKit
import Foundation
import GWSChatClient
import LastCharacterBot
import RuleBot
import Testing
import Logging
import HTTPServer
import ChatHTTPAPI

/// The emulator composed in process and driven over real HTTP by the typed client, on a virtual
/// clock: nothing here waits on the wall clock.
@Suite struct EmulatorTests {
    static let botsDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Bots", isDirectory: true)

    static func supportEmulator(clock: ManualClock, storage: EmulatorStorage = .inMemory) -> Emulator {
        var configuration = EmulatorConfiguration(bot: .named("support"), storage: storage, clock: .virtual(clock))
        configuration.chatHost.seed = 7
        configuration.botsDirectory = botsDirectory
        configuration.httpServer.accessLogLevel = nil
        return Emulator(configuration)
    }

    @Test func supportBot_overHTTP_onAVirtualClock_greetsAndFindsTheOrder() async throws {
        let clock = ManualClock()
        let emulator = Self.supportEmulator(clock: clock)
        let client = GWSClient(baseURL: try emulator.start())
        defer { emulator.stop() }

        let chat = try await client.requestChat(nickname: "Chris", subject: "Where is my order?")
        #expect(try await client.chat(chat.id).state == .waitingForAgent)
        clock.advance(by: .seconds(3))  // the agent joins within 1-3 s
        #expect(try await client.chat(chat.id).state == .chatting)
        clock.advance(by: .seconds(10))  // the greeting, typed; not yet the idle nudge
        let greeting = try await client.transcript(of: chat.id).filter { $0.from.kind == .agent && $0.kind == .text }
        #expect(greeting.map(\.text) == ["Hi Chris, I'm Sam from Northwind Shop. How can I help you today?"])

        try await client.sendMessage("Where is my order 123456?", in: chat.id)
        clock.advance(by: .seconds(10))
        let answers = try await client.transcript(of: chat.id).filter { $0.from.kind == .agent && $0.kind == .text }.compactMap(\.text)
        #expect(answers.first?.hasPrefix("Order 123456 left our warehouse") == true, "\(answers)")
        #expect(clock.now().timeIntervalSince(ManualClock.defaultStart) >= 3)  // virtual seconds passed, not real ones
    }

    @Test func transcript_withoutIndex_returnsWhatIsNew_withIndex_fromThatIndexOn() async throws {
        let clock = ManualClock()
        var configuration = EmulatorConfiguration(bot: .responder(LastCharacterResponder()), clock: .virtual(clock))
        configuration.chatHost.agentJoinDelay = .zero
        configuration.chatHost.replyDelay = .zero
        configuration.chatHost.systemMessageInterval = .zero
        let emulator = Emulator(configuration)
        let client = GWSClient(baseURL: try emulator.start())
        defer { emulator.stop() }
        let id = try await client.requestChat(nickname: "Chris", subject: "Hi").id
        try await client.sendMessage("Hello!", in: id)
        clock.advance(by: .zero)
        let all = try await client.transcript(of: id, from: 0)
        #expect(all.map(\.index) == Array(1...all.count))
        #expect(all.last?.text == "Neat.")
        #expect(try await client.transcript(of: id, from: all.count).map(\.index) == [all.count])
        try await client.startTyping(in: id)
        try await client.stopTyping(in: id)
        let fresh = try await client.transcript(of: id)
        #expect(fresh.last?.kind == .typingStopped)
        #expect(try await client.transcript(of: id).isEmpty)
    }

    @Test func refusals_carryHTTPStatus_GWSStatusCode_andMessage() async throws {
        var configuration = EmulatorConfiguration(bot: .responder(LastCharacterResponder()), clock: .virtual(ManualClock()))
        configuration.chatHost.agentJoinDelay = .zero
        configuration.api.apiKey = "secret"
        let emulator = Emulator(configuration)
        let baseURL = try emulator.start()
        defer { emulator.stop() }

        let anonymous = GWSClient(baseURL: baseURL)
        let unauthenticated = try await #require(throws: GWSClientError.self) { try await anonymous.requestChat(nickname: "A", subject: "B") }
        #expect(unauthenticated.httpStatus == 401)
        #expect(unauthenticated.statusCode == 20)

        let client = GWSClient(baseURL: baseURL, apiKey: "secret")
        let id = try await client.requestChat(nickname: "Chris", subject: "Hi").id
        try await client.complete(id)
        let late = try await #require(throws: GWSClientError.self) { try await client.sendMessage("Still there?", in: id) }
        #expect(late.code == .refused)
        #expect(late.httpStatus == 400)
        #expect(late.statusCode == 2)
        #expect(late.message == "SendMessage is not valid in state Idle.")
        #expect(try await client.chat(id).capabilities.isEmpty)

        let missing = try await #require(throws: GWSClientError.self) { try await client.chat("00000000-0000-0000-0000-000000000000") }
        #expect(missing.httpStatus == 404)
        #expect(missing.statusCode == 6)
    }

    @Test func stop_isIdempotent_closesThePort_andAStoppedEmulatorDoesNotStartAgain() async throws {
        let emulator = Emulator(EmulatorConfiguration(bot: .responder(LastCharacterResponder()), clock: .virtual(ManualClock())))
        emulator.stop()  // before start: nothing to do
        let emulator2 = Emulator(EmulatorConfiguration(bot: .responder(LastCharacterResponder()), clock: .virtual(ManualClock())))
        let baseURL = try emulator2.start()
        #expect(try emulator2.start() == baseURL)
        emulator2.stop()
        emulator2.stop()
        #expect(emulator2.baseURL == nil)
        let client = GWSClient(baseURL: baseURL, timeout: .seconds(5))
        let refused = try await #require(throws: GWSClientError.self) { try await client.requestChat(nickname: "A", subject: "B") }
        #expect(refused.code == .noAnswer)
        let again = try #require(throws: EmulatorError.self) { try emulator2.start() }
        #expect(again.code == .stopped)
    }

    @Test func aDataFolder_keepsChatsForTheNextEmulator() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("emulator-kit-\(UUID().uuidString)", isDirectory: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let clock = ManualClock()
        let first = Self.supportEmulator(clock: clock, storage: .folder(folder))
        let id = try await GWSClient(baseURL: try first.start()).requestChat(nickname: "Chris", subject: "Order").id
        clock.runUntilIdle()
        first.stop()

        let second = Self.supportEmulator(clock: clock, storage: .folder(folder))
        let client = GWSClient(baseURL: try second.start())
        defer { second.stop() }
        #expect(try await client.chat(id).state == .chatting)
        #expect(try await client.transcript(of: id, from: 0).contains { $0.text?.hasPrefix("Hi Chris") == true })
    }

    /// Issue 19 point 4: a link planted in the data folder as the log file, the log folder or a
    /// bot's customer memory is never written through: the emulator refuses to start and says why.
    @Test func linksPlantedInTheDataFolder_areNeverWrittenThrough() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("emulator-kit-links-\(UUID().uuidString)", isDirectory: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = folder.appendingPathComponent("data"), outside = folder.appendingPathComponent("outside.txt")
        let outsideFolder = folder.appendingPathComponent("outside-folder")
        for sub in ["data/logs", "data/customers", "outside-folder"] {
            try FileManager.default.createDirectory(at: folder.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        try Data("precious\n".utf8).write(to: outside)
        func start(logging: Bool) throws -> EmulatorError {
            var configuration = EmulatorConfiguration(bot: .named("support"), storage: .folder(data), clock: .virtual(ManualClock()))
            configuration.botsDirectory = Self.botsDirectory
            if logging { configuration.logging = .lines(level: .critical) }
            return try #require(throws: EmulatorError.self) { try Emulator(configuration).start() }
        }
        let logLink = data.appendingPathComponent("logs/emulator.log")
        try FileManager.default.createSymbolicLink(at: logLink, withDestinationURL: outside)
        let logRefused = try start(logging: true)
        #expect(logRefused.code == .dataFolder)
        #expect(logRefused.message.contains("symbolic link"), "\(logRefused.message)")
        try FileManager.default.removeItem(at: logLink)

        try FileManager.default.removeItem(at: data.appendingPathComponent("logs"))
        try FileManager.default.createSymbolicLink(at: data.appendingPathComponent("logs"), withDestinationURL: outsideFolder)
        let folderRefused = try start(logging: true)
        #expect(folderRefused.message.contains("symbolic link"), "\(folderRefused.message)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: outsideFolder.path).isEmpty)

        try FileManager.default.createSymbolicLink(at: data.appendingPathComponent("customers/support.tsv"), withDestinationURL: outside)
        let memoryRefused = try start(logging: false)
        #expect(memoryRefused.message.contains("customers/support.tsv"), "\(memoryRefused.message)")
        #expect(try String(contentsOf: outside, encoding: .utf8) == "precious\n")
    }

    @Test func startFailures_areOneLineErrors() throws {
        var badBot = EmulatorConfiguration(bot: .named("no-such-bot"))
        badBot.botsDirectory = Self.botsDirectory
        let unknown = try #require(throws: EmulatorError.self) { try Emulator(badBot).start() }
        #expect(unknown.code == .badBot)
        #expect(unknown.message.hasPrefix("Unknown bot 'no-such-bot'. Use last-character, a name from \(Self.botsDirectory.path)"))

        let file = FileManager.default.temporaryDirectory.appendingPathComponent("emulator-kit-file-\(UUID().uuidString)")
        try Data("not a folder".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let notFolder = try #require(throws: EmulatorError.self) {
            try Emulator(EmulatorConfiguration(bot: .responder(LastCharacterResponder()), storage: .folder(file))).start()
        }
        #expect(notFolder.code == .dataFolder)
        #expect(notFolder.message == "The data folder \(file.path) is a file, not a folder; give a folder (it is created when missing).")

        let running = Emulator(EmulatorConfiguration(bot: .responder(LastCharacterResponder()), clock: .virtual(ManualClock())))
        try running.start()
        defer { running.stop() }
        var samePort = EmulatorConfiguration(bot: .responder(LastCharacterResponder()), clock: .virtual(ManualClock()))
        samePort.httpServer.port = try #require(running.port)
        let taken = try #require(throws: EmulatorError.self) { try Emulator(samePort).start() }
        #expect(taken.code == .listen)
        #expect(!taken.message.contains("\n"))
        #expect(taken.message.contains("\(samePort.httpServer.port)"))
    }

    /// A stopped emulator on the wall clock, with a chat whose agent has not joined yet (its timer
    /// pending) and rules bots watching their files, lets go of everything once its owner does: a
    /// server that starts and stops emulators (a test suite) does not keep every chat and bot.
    @Test func aStoppedEmulator_isFreed_withItsChatsAndBots_atOnce() async throws {
        weak var emulator: Emulator?
        weak var host: ChatHost?
        weak var bot: ReloadingRuleResponder?
        do {
            var configuration = EmulatorConfiguration(bot: .named("support"))
            // A day: the join stays pending however slow the run (under AddressSanitizer with the
            // whole suite beside it, a minute passed between RequestChat and GetChat).
            configuration.chatHost.agentJoinDelay = .seconds(86_400, 86_400)
            configuration.botsDirectory = Self.botsDirectory
            configuration.hotReload = true
            configuration.httpServer.accessLogLevel = nil
            let running = Emulator(configuration)
            let client = GWSClient(baseURL: try running.start())
            let chat = try await client.requestChat(nickname: "Chris", subject: "Hello")
            #expect(try await client.chat(chat.id).state == .waitingForAgent)
            let chatHost = try #require(running.chatHost)
            bot = chatHost.responder as? ReloadingRuleResponder
            #expect(bot != nil)
            host = chatHost
            emulator = running
            running.stop()
        }
        #expect(emulator == nil)
        #expect(host == nil, "the stopped emulator's chat host is still alive")
        #expect(bot == nil, "the stopped emulator's bot is still alive")
    }
}
