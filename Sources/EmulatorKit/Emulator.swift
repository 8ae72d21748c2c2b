import BotCatalog
public import ChatCore
import ChatHTTPAPI
import GMSChatAPI
public import Foundation
import HTTPServer
import JournalStore
import Locking
import Logging

/// The GWS chat emulator in your process: a bot, the chat host, its storage, the GWS API and
/// the HTTP server, composed once and stopped in reverse order.
///
/// In a test, ``withEmulator(_:isolation:_:)`` runs one for the length of a closure:
///
/// ```swift
/// try await withEmulator(EmulatorConfiguration(bot: .responder(LastCharacterResponder()))) { running in
///     let client = GWSClient(baseURL: running.baseURL)   // http://127.0.0.1:PORT/api, a free port
///     ...
/// }
/// ```
///
/// A server runs one until its task is cancelled with ``run()``; ``start()`` and ``stop()`` are
/// the same steps for code without `async`. `gws-emulator serve` is this type plus its flags and
/// a wait for SIGINT or SIGTERM.
public final class Emulator: Sendable {
    public let configuration: EmulatorConfiguration
    private let state = Locked<RunState>(.notStarted)
    /// Who waits in ``run()`` for the emulator to have stopped.
    let stopWaiters = StopWaiters()

    private enum RunState {
        case notStarted
        case running(Running)
        case stopped
    }

    /// What a started emulator holds.
    private struct Running: Sendable {
        let logSink: LogSink?
        /// Stops every part in reverse start order: the server, the clock, the host, the bots.
        var teardown: TeardownStack
        let host: ChatHost
        let server: HTTPServer
        let baseURL: URL
        let logger: Logger
    }

    public init(_ configuration: EmulatorConfiguration = EmulatorConfiguration()) {
        self.configuration = configuration
    }

    /// Starts serving; returns the API's base URL, such as `http://127.0.0.1:49152/api` (the
    /// port actually bound when the configuration says 0). Calling it again while running
    /// returns the same URL.
    /// - Throws: ``EmulatorError`` in one line (bad bot, unusable data folder, address in use);
    ///   whatever was started by then is stopped again.
    @discardableResult
    public func start() throws(EmulatorError) -> URL {
        try state.withLock { (state) throws(EmulatorError) -> URL in
            switch state {
            case .running(let running): return running.baseURL
            case .stopped: throw EmulatorError(.stopped, "This emulator was stopped; make a new Emulator to start again.")
            case .notStarted:
                let running = try launch()
                state = .running(running)
                return running.baseURL
            }
        }
    }

    /// Stops gracefully, in reverse start order: stops accepting and finishes requests in flight,
    /// stops watching rule files, stops the clock's timers, closes the journals, flushes the log.
    /// Safe to call more than once, and before `start()`.
    public func stop() {
        let running = state.withLock { (state: inout RunState) -> Running? in
            defer { state = .stopped }
            if case .running(let running) = state { return running }
            return nil
        }
        guard var running else { return stopWaiters.stopped() }
        running.logger.info("stopping: finishing requests in flight")
        running.teardown.unwind()
        running.logger.info("stopped")
        running.logSink?.close()
        stopWaiters.stopped()
    }

    deinit {
        stop()
    }

    /// The API's base URL while running, else `nil`.
    public var baseURL: URL? { running?.baseURL }

    /// The port listened on while running, else `nil`.
    public var port: Int? { running?.server.port }

    /// The chat host while running, for what the HTTP API does not show (chat ids, snapshots).
    public var chatHost: ChatHost? { running?.host }

    /// The virtual clock, when the configuration runs on one.
    public var virtualClock: ManualClock? { configuration.clock.manual }

    private var running: Running? {
        state.withLock { state in
            if case .running(let running) = state { return running }
            return nil
        }
    }

    // MARK: - Starting

    private func launch() throws(EmulatorError) -> Running {
        let dataDirectory = configuration.storage.dataDirectory?.standardizedFileURL
        if let dataDirectory { try DataFolder.prepare(dataDirectory) }
        let logSink = try makeLogSink(dataDirectory: dataDirectory)
        let logger = makeLogger("gws-emulator", sink: logSink)
        do {
            let running = try compose(dataDirectory: dataDirectory, logSink: logSink, logger: logger)
            logger.info(
                "serving",
                metadata: [
                    "bot": "\(configuration.bot)", "data": "\(dataDirectory?.path ?? "in memory")",
                    "log": "\(logSink?.fileURL?.path ?? "-")", "fsync": "\(configuration.storage.journals.fsync.rawValue)",
                    "url": "\(running.baseURL)",
                ])
            return running
        } catch {
            // The caller reports the error on standard error; the log file keeps it too.
            logSink?.writeToFileOnly("\(LogTimestamp.now()) error gws-emulator: cannot start: \(error.message)\n")
            logSink?.close()
            throw error
        }
    }

    private func compose(dataDirectory: URL?, logSink: LogSink?, logger: Logger) throws(EmulatorError) -> Running {
        var teardown = TeardownStack()
        do {
            return try compose(dataDirectory: dataDirectory, logSink: logSink, logger: logger, teardown: &teardown)
        } catch {
            teardown.unwind()
            throw error
        }
    }

    /// Starts the parts in order, pushing the stop of each on `teardown` as soon as it started.
    private func compose(dataDirectory: URL?, logSink: LogSink?, logger: Logger, teardown: inout TeardownStack) throws(EmulatorError) -> Running {
        let bots = try startBots(dataDirectory: dataDirectory, logger: makeLogger("rules", sink: logSink), teardown: &teardown)
        for problem in bots.directory?.problems ?? [] { logger.error("\(problem)") }

        let systemClock = configuration.clock.manual == nil ? SystemClock() : nil
        let clock: any ChatClock = configuration.clock.manual ?? systemClock!
        var hostConfiguration = configuration.chatHost
        hostConfiguration.selectableBots = bots.directory
        // On the wall clock, bot work runs on worker threads: a slow bot in one chat holds up
        // neither the HTTP event loops nor the timers of other chats. A virtual clock stays
        // deterministic.
        hostConfiguration.responderExecution = systemClock == nil ? .onClockThread : .workerThreads(configuration.responderThreads)
        let host: ChatHost
        do {
            let journalLogger = makeLogger("journal", sink: logSink)
            let store = try dataDirectory.map {
                try JournalStore(dataDirectory: $0, configuration: configuration.storage.journals, logger: journalLogger)
            }
            host = try ChatHost(
                configuration: hostConfiguration, responder: bots.defaultBot, clock: clock, store: store,
                logger: makeLogger("chat", sink: logSink))
        } catch {
            systemClock?.stop()
            throw EmulatorError(.dataFolder, "Cannot restore the chats in \(dataDirectory?.path ?? "memory"): \(Self.describe(error)).")
        }
        teardown.push { host.shutdown() }
        // The clock's timers stop before the host shuts down: no timer fires into closed journals.
        if let systemClock { teardown.push { systemClock.stop() } }

        var apiConfiguration = configuration.api
        if let directory = bots.directory {
            apiConfiguration.bots = directory.entries.map { BotListing(name: $0.name, kind: $0.kind, source: $0.source) }
        }
        apiConfiguration.defaultBot = configuration.bot.description
        apiConfiguration.listenAddress = configuration.httpServer.host
        apiConfiguration.testDouble.virtualClock = configuration.clock.manual
        var gmsConfiguration = configuration.gms
        gmsConfiguration.maxAnswerBytes = apiConfiguration.maxTranscriptBytes
        gmsConfiguration.cacheBytes = apiConfiguration.transcriptCacheBytes
        let api = ChatAPI(
            host: host, configuration: apiConfiguration, fronts: [GMSFront(host: host, configuration: gmsConfiguration)],
            logger: makeLogger("chat-api", sink: logSink))
        var serverConfiguration = configuration.httpServer
        // A GMS file upload is one request: its body must hold the largest file the chats take,
        // with room for the multipart framing and the other fields.
        serverConfiguration.limits.bodyBytes = max(serverConfiguration.limits.bodyBytes, configuration.chatHost.fileLimits.maxFileBytes + 64 * 1024)
        let server = api.makeServer(configuration: serverConfiguration, logger: makeLogger("http", sink: logSink))
        let port: Int
        do {
            port = try server.start()
        } catch {
            throw EmulatorError(.listen, error.message)
        }
        teardown.push { server.stop() }
        let address = configuration.httpServer.host
        let hostPart = address.contains(":") ? "[\(address)]" : address
        guard let baseURL = URL(string: "http://\(hostPart):\(port)/api") else {
            throw EmulatorError(.listen, "Cannot form a URL from the host '\(address)'.")
        }
        return Running(logSink: logSink, teardown: teardown, host: host, server: server, baseURL: baseURL, logger: logger)
    }

    /// The bots, each loaded once, and started: the folder's bots (when chats choose theirs by
    /// name) and the default bot, which is one of them when its name or path is.
    private func startBots(dataDirectory: URL?, logger: Logger, teardown: inout TeardownStack) throws(EmulatorError) -> (defaultBot: any Responder, directory: BotDirectory?) {
        let catalog = BotCatalog(botsDirectory: configuration.botsDirectory, customerMemoryDirectory: dataDirectory)
        let directory = configuration.botsChosenPerChat ? BotDirectory(catalog: catalog, logger: logger) : nil
        let options = ServingOptions(watchFiles: configuration.hotReload)
        let defaultBot: any Responder
        var defaultBotIsInDirectory = false
        switch configuration.bot.source {
        case .responder(let responder):
            defaultBot = responder
        case .named(let name):
            do {
                if let directory {
                    (defaultBot, defaultBotIsInDirectory) = try directory.bot(name, logger: logger)
                } else {
                    defaultBot = try catalog.load(name, logger: logger).responder
                }
            } catch let error as BotCatalogError {
                throw EmulatorError(.badBot, error.message)  // it names the bot and what to give instead
            } catch {
                throw EmulatorError(.badBot, "Cannot load the bot '\(name)': \(Self.describe(error))")
            }
        }
        do {
            if let directory {
                try directory.startServing(options)
                teardown.push { directory.stopServing() }
            }
            if !defaultBotIsInDirectory {
                try defaultBot.startServing(options)
                teardown.push { defaultBot.stopServing() }
            }
        } catch {
            throw EmulatorError(.badBot, "The bot could not start: \(Self.describe(error))")
        }
        return (defaultBot, directory)
    }

    // MARK: - Logging

    private func makeLogSink(dataDirectory: URL?) throws(EmulatorError) -> LogSink? {
        guard case .lines = configuration.logging.destination else { return nil }
        let file = dataDirectory.map { $0.appendingPathComponent("logs/emulator.log") }
        if let folder = file?.deletingLastPathComponent() {
            if JournalFile.kind(of: folder.path) == "symbolic link" {
                throw EmulatorError(.dataFolder, "The log folder \(folder.path) is a symbolic link; the server never writes through one. Remove it.")
            }
            try DataFolder.prepare(folder)
        }
        do {
            return try LogSink(fileURL: file)
        } catch {
            let link = error.code == .ELOOP ? " (a symbolic link: the server never writes through one; remove it)" : ""
            throw EmulatorError(.dataFolder, "Cannot open the log file \(file?.path ?? ""): \(String(cString: strerror(error.code.rawValue)))\(link).")
        }
    }

    private func makeLogger(_ label: String, sink: LogSink?) -> Logger {
        switch configuration.logging.destination {
        case .none:
            return Logger(label: label, factory: { _ in SwiftLogNoOpLogHandler() })
        case .logger(let base):
            return Logger(label: label, factory: { _ in base.handler })
        case .lines(let level):
            guard let sink else { return Logger(label: label, factory: { _ in SwiftLogNoOpLogHandler() }) }
            return Logger(label: label, factory: { label in LineLogHandler(label: label, sink: sink, level: level) })
        }
    }

    /// An error's own words: the project's errors keep their `description` to the point;
    /// Foundation's file errors become `PATH: reason`.
    static func describe(_ error: any Error) -> String {
        if let cocoa = error as? CocoaError, let path = cocoa.filePath {
            let reason = (cocoa.underlying as? POSIXError).map { String(cString: strerror($0.code.rawValue)) }
            return "\(path): \(reason ?? cocoa.localizedDescription)"
        }
        return "\(error)"
    }
}
