import ChatCore
import EmulatorKit
import Foundation
import GWSChatClient
import Testing
import HTTPServer

/// The bots of an emulator are loaded once: a chat that chooses its bot with `userData.bot` talks
/// to the same bot (and the same customer memory) as a chat that gets it as the default.
@Suite struct BotCatalogOnceTests {
    /// A rules bot that counts a customer's visits in `customer.visits`.
    static let visitsBot = """
        option typing off

        greeting
          when $customer.visits
          set customer.visits += 1
          reply Visit {$customer.visits}.
        greeting
          set customer.visits = 1
          reply Visit 1.

        """

    static func makeFolders() throws -> (root: URL, bots: URL, data: URL) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("catalog-once-\(UUID())", isDirectory: true)
        let bots = root.appendingPathComponent("Bots", isDirectory: true)
        try FileManager.default.createDirectory(at: bots, withIntermediateDirectories: true)
        try visitsBot.write(to: bots.appendingPathComponent("visits.rules"), atomically: true, encoding: .utf8)
        return (root, bots, root.appendingPathComponent("data", isDirectory: true))
    }

    /// One visit: a chat with `userData` (the bot chosen per chat, or none), the agent's greeting.
    static func visit(bots: URL, data: URL, defaultBot: String, userData: [String: String]) async throws -> String? {
        let clock = ManualClock()
        var configuration = EmulatorConfiguration(bot: .named(defaultBot), storage: .folder(data), clock: .virtual(clock))
        configuration.chatHost.seed = 1
        configuration.chatHost.agentJoinDelay = .zero
        configuration.chatHost.replyDelay = .zero
        configuration.chatHost.systemMessageInterval = .zero
        configuration.botsDirectory = bots
        configuration.httpServer.accessLogLevel = nil
        let emulator = Emulator(configuration)
        defer { emulator.stop() }
        let client = GWSClient(baseURL: try emulator.start())
        let chat = try await client.requestChat(nickname: "Ann", subject: "Hi", userData: userData)
        clock.advance(by: .seconds(1))
        return try await client.transcript(of: chat.id, from: 0).last { $0.from.kind == .agent && $0.kind == .text }?.text
    }

    @Test func aCustomerOfABotChosenByUserData_isRememberedAcrossARestart() async throws {
        let (root, bots, data) = try Self.makeFolders()
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(try await Self.visit(bots: bots, data: data, defaultBot: "last-character", userData: ["bot": "visits"]) == "Visit 1.")
        #expect(
            try await Self.visit(bots: bots, data: data, defaultBot: "last-character", userData: ["bot": "visits"]) == "Visit 2.",
            "a new emulator on the same data folder, as after a restart")
    }

    @Test func theDefaultBotAndTheSameBotChosenByName_shareOneCustomerMemory() async throws {
        let (root, bots, data) = try Self.makeFolders()
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(try await Self.visit(bots: bots, data: data, defaultBot: "visits", userData: [:]) == "Visit 1.")
        #expect(try await Self.visit(bots: bots, data: data, defaultBot: "visits", userData: ["bot": "visits"]) == "Visit 2.")
        #expect(try await Self.visit(bots: bots, data: data, defaultBot: "visits", userData: [:]) == "Visit 3.")
    }
}

/// The bot lifecycle seam: an emulator starts and stops any responder it serves, through
/// `Responder.startServing(_:)` and `stopServing()`, with no knowledge of its type.
@Suite struct BotLifecycleTests {
    /// Records its lifecycle calls; refuses to start when told to.
    final class Recorder: Responder, @unchecked Sendable {
        // @unchecked: `calls` is only touched with `lock` held.
        private let lock = NSLock()
        private var calls: [String] = []
        let refuses: Bool
        init(refuses: Bool = false) { self.refuses = refuses }

        var agentNickname: String { "Rec" }
        func respond(to event: ChatEvent, context: inout ResponderContext) -> AgentReply { .none }
        func startServing(_ options: ServingOptions) throws {
            lock.withLock { calls.append("start(watchFiles: \(options.watchFiles))") }
            if refuses { throw BotRefusal() }
        }
        func stopServing() { lock.withLock { calls.append("stop") } }
        var recorded: [String] { lock.withLock { calls } }
    }

    struct BotRefusal: Error, CustomStringConvertible {
        var description: String { "the bot's process would not launch" }
    }

    static func configuration(_ bot: Recorder, hotReload: Bool) -> EmulatorConfiguration {
        var configuration = EmulatorConfiguration(bot: .responder(bot), clock: .virtual(ManualClock()))
        configuration.botsChosenPerChat = false
        configuration.hotReload = hotReload
        configuration.httpServer.accessLogLevel = nil
        return configuration
    }

    @Test func aResponder_isStartedBeforeServing_andStoppedWithTheEmulator() throws {
        let bot = Recorder()
        let emulator = Emulator(Self.configuration(bot, hotReload: true))
        try emulator.start()
        #expect(bot.recorded == ["start(watchFiles: true)"])
        emulator.stop()
        #expect(bot.recorded == ["start(watchFiles: true)", "stop"])
        emulator.stop()
        #expect(bot.recorded.count == 2, "stopped once")
    }

    @Test func withoutHotReload_theResponderIsNotAskedToWatchFiles() throws {
        let bot = Recorder()
        let emulator = Emulator(Self.configuration(bot, hotReload: false))
        try emulator.start()
        emulator.stop()
        #expect(bot.recorded == ["start(watchFiles: false)", "stop"])
    }

    @Test func aResponderThatRefusesToStart_failsTheStart_withItsReason() throws {
        let bot = Recorder(refuses: true)
        let emulator = Emulator(Self.configuration(bot, hotReload: false))
        let error = try #require(throws: EmulatorError.self) { try emulator.start() }
        #expect(error.code == .badBot)
        #expect(error.message.contains("the bot's process would not launch"))
        #expect(emulator.baseURL == nil)
    }
}
