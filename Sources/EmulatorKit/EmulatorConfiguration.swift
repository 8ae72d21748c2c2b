import ChatCore
import ChatHTTPAPI
import Foundation
import HTTPServer
import JournalStore
import Logging

/// Everything an ``Emulator`` needs: the bot, timing, storage, the API key, the address, the
/// clock and logging. The defaults suit a test: last-character bot, chats in memory, a free port
/// on 127.0.0.1, the wall clock, no log output.
public struct EmulatorConfiguration: Sendable {
    /// The agent.
    public var bot: EmulatorBot
    /// Where bare bot names (`support` for `support.rules`) are looked up. Default `Bots/` of the
    /// working directory.
    public var botsDirectory: URL
    /// Whether each chat can choose a bot of ``botsDirectory`` by name (RequestChat's
    /// `userData.bot`; an unknown name is a 400 listing the bots). Every bot of the folder is
    /// loaded at start (one that fails is logged and left out) and listed by `GET /emulator/bots`;
    /// chats that choose none get ``bot``. Default `true`.
    public var botsChosenPerChat: Bool
    /// The seed of every random choice (chat ids, delays, the bot's picks): the same seed and
    /// requests give the same transcripts. `nil` picks one at random.
    public var seed: UInt64?
    /// How long after RequestChat the agent joins. Default 1–3 s.
    public var agentJoinDelay: DelayRange
    /// How long after a customer message the agent's answer starts. Default 0–2 s.
    public var replyDelay: DelayRange
    /// How often the system participant posts "Current Time: …"; zero turns it off. Default 20 s.
    public var systemMessageInterval: Duration
    /// Where chats live: in memory (default) or journals under a data folder.
    public var storage: EmulatorStorage
    /// The GWS front's settings: API key, `/client/` folder, answer size bounds.
    public var api: ChatAPIConfiguration
    /// When set, API requests must carry it in the `apikey` header (``api``'s `apiKey`).
    public var apiKey: String? {
        get { api.apiKey }
        set { api.apiKey = newValue }
    }
    /// The folder served under `/client/`; `nil` serves a built-in page (``api``'s `clientDirectory`).
    public var clientDirectory: URL? {
        get { api.clientDirectory }
        set { api.clientDirectory = newValue }
    }
    /// The address to listen on. Default `127.0.0.1`.
    public var host: String
    /// The port; `0` (the default) picks a free one, which ``Emulator/start()`` reports.
    public var port: Int
    /// The chats' clock: the wall clock, or a ``ManualClock`` the test moves.
    public var clock: EmulatorClock
    /// Whether a rules bot reloads its files when they change (checked about once a second).
    public var hotReload: Bool
    /// Where log lines go.
    public var logging: EmulatorLogging
    /// How many threads run the bots' answers on the wall clock (a slow bot holds up only its
    /// own chat and these threads, never the HTTP event loops). Default: one per active processor.
    public var responderThreads: Int
    /// How long a chat a bot handed over waits for a person before the bot is told and answers
    /// again (``ChatHostConfiguration/handoverTimeout``); `nil` (the default) waits as long as it takes.
    public var handoverTimeout: Duration? = nil
    /// The HTTP server's limits, deadlines and worker count; `host` and `port` above win over
    /// the ones in here.
    public var httpServer: HTTPServer.Configuration

    public init(
        bot: EmulatorBot = .named("last-character"),
        seed: UInt64? = nil,
        agentJoinDelay: DelayRange = .seconds(1, 3),
        replyDelay: DelayRange = .seconds(0, 2),
        systemMessageInterval: Duration = .seconds(20),
        storage: EmulatorStorage = .inMemory,
        clock: EmulatorClock = .system
    ) {
        self.bot = bot
        self.botsDirectory = URL(fileURLWithPath: "Bots", isDirectory: true)
        self.botsChosenPerChat = true
        self.seed = seed
        self.agentJoinDelay = agentJoinDelay
        self.replyDelay = replyDelay
        self.systemMessageInterval = systemMessageInterval
        self.storage = storage
        self.api = ChatAPIConfiguration()
        self.host = "127.0.0.1"
        self.port = 0
        self.clock = clock
        self.hotReload = true
        self.logging = .silent
        self.responderThreads = ProcessInfo.processInfo.activeProcessorCount
        self.httpServer = HTTPServer.Configuration()
    }
}

/// The agent of an emulator: a bot by name or path, as `serve --bot` takes it, or any
/// ``Responder`` value.
public struct EmulatorBot: Sendable, CustomStringConvertible {
    enum Source: Sendable {
        case named(String)
        case responder(any Responder)
    }

    let source: Source

    /// `last-character`, a name from the bots folder (`support` for `Bots/support.rules`), a path
    /// ending in `.rules`, or `replay:PATH`.
    public static func named(_ name: String) -> EmulatorBot { EmulatorBot(source: .named(name)) }

    /// A responder you made, such as a `RuleResponder` or your own type.
    public static func responder(_ responder: any Responder) -> EmulatorBot { EmulatorBot(source: .responder(responder)) }

    public var description: String {
        switch source {
        case .named(let name): name
        case .responder(let responder): "\(type(of: responder)) (\(responder.agentNickname))"
        }
    }
}

/// Where an emulator keeps its chats.
public struct EmulatorStorage: Sendable {
    /// The data folder (`chats/` journals and `logs/`), or `nil` for memory only.
    public let dataDirectory: URL?
    /// How the journals under the data folder are written.
    public let journals: JournalStore.Configuration

    /// Chats live in memory and end with the emulator.
    public static let inMemory = EmulatorStorage(dataDirectory: nil, journals: JournalStore.Configuration())

    /// Chats are journaled under `dataDirectory/chats/` and restored by the next emulator on the
    /// same folder.
    public static func folder(_ dataDirectory: URL, journals: JournalStore.Configuration = JournalStore.Configuration()) -> EmulatorStorage {
        EmulatorStorage(dataDirectory: dataDirectory, journals: journals)
    }
}

/// The clock the chats run on.
public struct EmulatorClock: Sendable {
    let manual: ManualClock?

    /// The wall clock: an agent that joins after 3 s joins 3 s later.
    public static let system = EmulatorClock(manual: nil)

    /// A virtual clock that moves only when the test calls `advance(by:)` or `runUntilIdle()` on
    /// it: the real HTTP server answers at once, and an agent that joins after 3 s costs no wall
    /// time.
    public static func virtual(_ clock: ManualClock) -> EmulatorClock { EmulatorClock(manual: clock) }
}

/// Where an emulator's log lines go.
public struct EmulatorLogging: Sendable {
    enum Destination: Sendable {
        case none
        case logger(Logger)
        case lines(Logger.Level)
    }

    let destination: Destination

    /// No log output (the default): a test's output shows its failures, nothing else.
    public static let silent = EmulatorLogging(destination: .none)

    /// Every component logs through `logger`'s handler (its label is replaced per component).
    public static func logger(_ logger: Logger) -> EmulatorLogging { EmulatorLogging(destination: .logger(logger)) }

    /// One line per record (time, level, component, message, metadata) on standard error and,
    /// with a data folder, in `logs/emulator.log` under it; what `gws-emulator serve` does.
    /// Lines are written in batches by one thread and flushed when the emulator stops.
    public static func lines(level: Logger.Level = .info) -> EmulatorLogging { EmulatorLogging(destination: .lines(level)) }
}
