public import ChatCore
package import ChatHTTPAPI
package import GMSChatAPI
public import Foundation
package import HTTPServer
public import JournalStore
public import Logging

/// Everything an ``Emulator`` needs, as one tree: each part's own configuration nested where
/// that part is configured (the chats' timing in ``chatHost``, the API key in ``apiKey``, the
/// address in ``host`` and ``port``), each setting reachable one way and its default declared
/// once, where the setting is declared.
///
/// The defaults suit a test: the last-character bot, no bots folder, chats in memory, a free
/// port on 127.0.0.1, the wall clock, no file watching, no log output.
///
/// ```swift
/// var configuration = EmulatorConfiguration(bot: .named("support"), clock: .virtual(clock))
/// configuration.botsDirectory = URL(fileURLWithPath: "Bots", isDirectory: true)
/// configuration.chatHost.seed = 7
/// configuration.apiKey = "secret"
/// configuration.port = 8888
/// ```
public struct EmulatorConfiguration: Sendable {
    /// The agent of chats that choose none. Default `last-character`.
    public var bot: EmulatorBot
    /// Where bare bot names (`support` for `support.rules`) are looked up, and the bots a chat can
    /// choose by name. Default `nil`: no folder, only the built-in bots have names (a bot can still
    /// be given by path).
    public var botsDirectory: URL?
    /// Whether each chat can choose a bot by name (RequestChat's `userData.bot`; an unknown name is
    /// a 400 listing the bots): the built-in bots and every bot of ``botsDirectory``, loaded at
    /// start (one that fails is logged and left out) and listed by `GET /emulator/bots`. Chats
    /// that choose none get ``bot``, which is the same loaded bot when it is one of them. Default
    /// `true`.
    public var botsChosenPerChat: Bool
    /// Whether bots watch their files and reload them when they change (rules bots check about
    /// once a second, on a thread each). Default `false`; `gws-emulator serve` turns it on.
    public var hotReload: Bool
    /// The chats' timing and seed: agent join delay, reply delay, system message interval, the
    /// seed of every random choice, the time zone. Its `selectableBots` and `responderExecution`
    /// are set by the emulator (from ``botsChosenPerChat`` and ``responderThreads``).
    public var chatHost: ChatHostConfiguration
    /// Where chats live: in memory (default) or journals under a data folder.
    public var storage: EmulatorStorage
    /// The GWS front's settings (inside this package; users set ``apiKey``): API key, the `/client/` and `/agent/` folders, answer size
    /// bounds, the test double's faults and request record (`api.testDouble`). Its `bots`,
    /// `defaultBot` and `testDouble.virtualClock` are set by the emulator (the last from ``clock``).
    package var api: ChatAPIConfiguration
    /// The GMS front's settings (its `alias`; its answer bound follows `api.maxTranscriptBytes`).
    package var gms = GMSConfiguration()
    /// The operations faults may name (`serve --fault OPERATION:KIND`): GWS's, then the GMS front's
    /// (`gms.requestChat`, `gms.send`, ...; docs/test-double.md).
    package static var faultOperations: [String] { Fault.operations + GMSFront.operationNames() }
    /// The HTTP server's address, limits, deadlines and worker count (inside this package; users
    /// set ``host`` and ``port``).
    package var httpServer: HTTPServer.Configuration
    /// The chats' clock: the wall clock, or a `ManualClock` the test moves.
    public var clock: EmulatorClock
    /// Where log lines go. Default: nowhere.
    public var logging: EmulatorLogging
    /// How many threads run the bots' answers on the wall clock (a slow bot holds up only its
    /// own chat and these threads, never the HTTP event loops). Default: one per active processor.
    public var responderThreads: Int

    public init(bot: EmulatorBot = .named("last-character"), storage: EmulatorStorage = .inMemory, clock: EmulatorClock = .system) {
        self.bot = bot
        self.botsDirectory = nil
        self.botsChosenPerChat = true
        self.hotReload = false
        self.chatHost = ChatHostConfiguration()
        self.storage = storage
        self.api = ChatAPIConfiguration()
        self.httpServer = HTTPServer.Configuration()
        self.clock = clock
        self.logging = .silent
        self.responderThreads = ProcessInfo.processInfo.activeProcessorCount
    }

    /// The address to listen on: an IPv4 or IPv6 literal or a host name. Default `127.0.0.1`.
    public var host: String {
        get { httpServer.host }
        set { httpServer.host = newValue }
    }

    /// The TCP port; `0` (the default) picks a free one, which the running emulator reports.
    public var port: Int {
        get { httpServer.port }
        set { httpServer.port = newValue }
    }

    /// The `apikey` header every API request must carry (401 otherwise), or `nil` (the default)
    /// for none.
    public var apiKey: String? {
        get { api.apiKey }
        set { api.apiKey = newValue }
    }
}

/// The agent of an emulator: a bot by name or path, as `serve --bot` takes it, or any
/// `Responder` value.
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
