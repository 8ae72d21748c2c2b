// Public: the retroactive `ExpressibleByArgument` conformances at the end are public conformances.
public import ArgumentParser
import BotCatalog
import ChatCore
import ChatHTTPAPI
import EmulatorKit
import Foundation
import JournalStore
import LineFormat
import Logging
import HTTPServer

/// `gws-emulator serve`: the chat API over HTTP, with the chosen bot as the agent.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the GWS Chat API v2 over HTTP, with a bot as the agent.",
        discussion: "The kinds of bots:\n" + BotKind.helpLines().map { "  " + $0 }.joined(separator: "\n")
    )

    @Option(help: "The address to listen on.")
    var host = Defaults.emulator.httpServer.host

    @Option(help: "The port to listen on; 0 picks a free one. Default: $PORT, else 8888.")
    var port: Int?

    @Option(help: "The data directory: chats/ (journals) and logs/ go under it.")
    var data = "."

    @Option(help: "The agent of chats that choose none: \(BotKind.namingSummary(botsDirectory: "the bots folder")).")
    var bot = Defaults.emulator.bot.description

    @Option(help: "The bots folder: every \(BotKind.standard.compactMap { $0.fileExtension.map { "NAME.\($0)" } }.joined(separator: ", ")) in it is a bot a chat can choose by name (RequestChat's userData.bot). Default: Bots, else the bots installed beside the binary (PREFIX/share/gws-emulator/Bots).")
    var bots: String?

    @Option(help: "The seed of every random choice; the same seed and requests give the same transcripts, and chat ids become guessable (one gives the others). Without it chat ids come from the system's secure random source.")
    var seed: UInt64?

    @Option(name: .customLong("agent-join-delay"), help: "Delay before the agent joins: a duration or a range (1-3, 1-3s, 500ms-2s; bare numbers are seconds); 0 joins at once.")
    var agentJoinDelay = Defaults.emulator.chatHost.agentJoinDelay.description

    @Option(name: .customLong("reply-delay"), help: "Delay before the agent answers: a duration or a range (0-2, 0-2s, 500ms); 0 answers at once.")
    var replyDelay = Defaults.emulator.chatHost.replyDelay.description

    @Option(name: .customLong("system-interval"), help: "Interval of the system participant's time messages, a duration such as 20, 20s or 1m; 0 turns them off.")
    var systemInterval = Defaults.text(Defaults.emulator.chatHost.systemMessageInterval)

    @Option(name: .customLong("handover-timeout"), help: "How long a chat the bot handed over waits for a person before the bot answers again (a duration such as 2m); by default it waits as long as it takes.")
    var handoverTimeout: String?

    @Option(name: .customLong("idle-alert"), help: "Chat Server's inactivity control: a customer who does nothing for this long (a duration such as 4m15s) gets an IdleAlert notice; needs --idle-close. Off by default.")
    var idleAlert: String?

    @Option(name: .customLong("idle-close"), help: "How long after the idle alert, still doing nothing, the server closes the chat (IdleClose; a duration such as 45s); needs --idle-alert.")
    var idleClose: String?

    @Flag(name: .customLong("transcript-save-done"), help: "Post a TranscriptSaveDone from the system participant once a chat has ended and its last words are in, as Chat Server does once it has saved the transcript. Off by default.")
    var transcriptSaveDone = Defaults.emulator.chatHost.announcesTranscriptSave

    @Option(name: .customLong("api-key"), help: "Require this value in the apikey header (not checked by default).")
    var apiKey: String?

    @Option(name: .customLong("cors-origin"), help: "A web origin (http://localhost:3000) answered with its own origin and Access-Control-Allow-Credentials instead of *, and allowed to use /emulator/; repeat for more.")
    var corsOrigins = Defaults.emulator.api.corsOrigins

    @Option(name: .customLong("allowed-host"), help: "A host name the server answers to besides localhost, loopback and its own address (any other Host gets 421, against DNS rebinding); repeat for more; '*' answers to any.")
    var allowedHosts = Defaults.emulator.api.allowedHosts

    @Flag(name: .customLong("require-contact-center-id"), help: "Refuse GWS requests without a ContactCenterId header, as a real GWS does.")
    var requireContactCenterID = Defaults.emulator.api.requireContactCenterID

    @Option(help: "When journal writes reach the disk: always (fsync per request) or never (left to the OS).")
    var fsync = Defaults.emulator.storage.journals.fsync

    @Option(name: .customLong("max-open-journals"), help: "How many chat journals stay open at once (at most a quarter of ulimit -n); others reopen on their next write.")
    var maxOpenJournals = Defaults.emulator.storage.journals.maxOpenJournals

    @Option(name: .customLong("max-connections"), help: "Open connections beyond this get 503 and are closed; keep it below ulimit -n.")
    var maxConnections = Defaults.emulator.httpServer.maxConnections

    @Option(name: .customLong("client"), help: "The folder served under /client/ (the web client); the built-in copy when it does not exist.")
    var clientDirectory = "client"

    @Option(name: .customLong("agent"), help: "The folder served under /agent/ (the agent console); the built-in copy when it does not exist.")
    var agentDirectory = "agent"

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: Logger.Level = .info

    @Option(help: "wall, or virtual: time stands still until POST /emulator/clock moves it (every delay, typing, timer and delayed fault runs on it).")
    var clock: ClockChoice = .wall

    @Option(help: "on, or off: no typing notifications and no typing time for any bot, whatever its `option typing`.")
    var typing: Switch = .on

    @Option(name: .customLong("fault"), help: "A fault in force from the start, such as SendMessage:503:times=2 or RequestChat:agent-never-joins (repeatable; see docs/test-double.md).")
    var faults: [String] = []

    @Option(name: .customLong("faults"), help: "A file of faults, one per line as --fault takes them (# comments).")
    var faultsFile: String?

    @OptionGroup(title: "Bounds")
    var bounds: BoundsOptions

    @OptionGroup(title: "File transfer (GMS)")
    var files: FileOptions

    @Option(name: .customLong("record-requests"), help: "How many requests GET /emulator/requests keeps (the oldest are dropped); 0 records none.")
    var recordRequests = Defaults.emulator.api.testDouble.recordedRequests

    func validate() throws {
        if let port, !(0...65_535).contains(port) { throw ValidationError("--port must be between 0 and 65535, not \(port).") }
        if DurationGrammar.range(agentJoinDelay) == nil { throw ValidationError("--agent-join-delay must be a duration or a range of durations (such as 1-3, 1-3s or 500ms-2s), not '\(agentJoinDelay)'.") }
        if DurationGrammar.range(replyDelay) == nil { throw ValidationError("--reply-delay must be a duration or a range of durations (such as 0-2, 0-2s or 500ms), not '\(replyDelay)'.") }
        if let handoverTimeout, (DurationGrammar.duration(handoverTimeout) ?? .zero) <= .zero {
            throw ValidationError("--handover-timeout must be a duration above zero of at most a day (such as 90s or 2m), not '\(handoverTimeout)'.")
        }
        for (flag, value) in [("--idle-alert", idleAlert), ("--idle-close", idleClose)] {
            if let value, (DurationGrammar.duration(value) ?? .zero) <= .zero {
                throw ValidationError("\(flag) must be a duration above zero of at most a day (such as 4m15s or 45s), not '\(value)'.")
            }
        }
        if (idleAlert == nil) != (idleClose == nil) {
            throw ValidationError("--idle-alert and --idle-close go together (such as --idle-alert 4m15s --idle-close 45s): the alert is followed by the close.")
        }
        if maxConnections < 1 { throw ValidationError("--max-connections must be 1 or more, not \(maxConnections).") }
        if maxOpenJournals < 1 { throw ValidationError("--max-open-journals must be 1 or more, not \(maxOpenJournals).") }
        for origin in corsOrigins where !Self.isOrigin(origin) {
            throw ValidationError("--cors-origin must be an origin such as http://localhost:3000 (scheme, host and optional port, no path), not '\(origin)'.")
        }
        for name in allowedHosts where name != "*" && HTTPHost(parsing: name) == nil {
            throw ValidationError("--allowed-host must be a host name or address (or '*'), not '\(name)'.")
        }
        if recordRequests < 0 || recordRequests > 100_000 { throw ValidationError("--record-requests must be from 0 to 100000, not \(recordRequests).") }
        let faults = try startFaults()
        if faults.count > Defaults.emulator.api.testDouble.maxFaults {
            throw ValidationError("At most \(Defaults.emulator.api.testDouble.maxFaults) faults can be in force; --fault and --faults give \(faults.count).")
        }
        if DurationGrammar.duration(systemInterval) == nil { throw ValidationError("--system-interval must be a duration of at most a day (such as 20, 20s or 1m; 0 for none), not '\(systemInterval)'.") }
    }

    /// `http://` or `https://`, then a valid host and optional port, and nothing after.
    static func isOrigin(_ text: String) -> Bool {
        for scheme in ["http://", "https://"] where text.lowercased().hasPrefix(scheme) {
            let rest = text.dropFirst(scheme.count)
            return !rest.contains("/") && HTTPHost(parsing: rest) != nil
        }
        return false
    }

    /// The faults of `--fault` and `--faults FILE`, in that order.
    func startFaults() throws -> [Fault] {
        var result: [Fault] = []
        for text in faults {
            do {
                result.append(try Fault(compact: text, operations: EmulatorConfiguration.faultOperations))
            } catch {
                throw ValidationError("--fault: \(error.message)")
            }
        }
        if let faultsFile {
            let text: String
            do {
                text = try String(contentsOfFile: faultsFile, encoding: .utf8)
            } catch {
                throw ValidationError("--faults: cannot read \(faultsFile): \(error.localizedDescription)")
            }
            do {
                result += try Fault.parseFile(text, path: faultsFile, operations: EmulatorConfiguration.faultOperations)
            } catch {
                throw ValidationError("--faults: \(error.message)")
            }
        }
        return result
    }

    /// The port: `--port`, else `$PORT` like the original emulator, else 8888.
    func resolvedPort() throws -> Int {
        if let port { return port }
        guard let text = ProcessInfo.processInfo.environment["PORT"] else { return 8888 }
        guard let value = Int(text), (0...65_535).contains(value) else {
            throw ValidationError("PORT must be a port number between 0 and 65535, not '\(text)'.")
        }
        return value
    }

    /// The emulator these flags describe: the library's configuration tree, each flag setting
    /// its one place in it (a flag's default is read from there too, see ``Defaults``).
    func emulatorConfiguration() throws -> EmulatorConfiguration {
        var configuration = EmulatorConfiguration(
            bot: .named(bot),
            storage: .folder(
                URL(fileURLWithPath: data, isDirectory: true),
                journals: JournalStore.Configuration(fsync: fsync, maxOpenJournals: maxOpenJournals)))
        configuration.api.corsOrigins = corsOrigins
        configuration.api.allowedHosts = allowedHosts
        configuration.api.requireContactCenterID = requireContactCenterID
        configuration.botsDirectory = URL(fileURLWithPath: bots ?? BotsFolder.defaultPath, isDirectory: true)
        configuration.hotReload = true
        if let range = DurationGrammar.range(agentJoinDelay) { configuration.chatHost.agentJoinDelay = DelayRange(range.lowerBound, range.upperBound) }
        if let range = DurationGrammar.range(replyDelay) { configuration.chatHost.replyDelay = DelayRange(range.lowerBound, range.upperBound) }
        if let interval = DurationGrammar.duration(systemInterval) { configuration.chatHost.systemMessageInterval = interval }
        configuration.chatHost.seed = seed
        configuration.chatHost.handoverTimeout = handoverTimeout.flatMap { DurationGrammar.duration($0) }
        if let alert = idleAlert.flatMap({ DurationGrammar.duration($0) }), let close = idleClose.flatMap({ DurationGrammar.duration($0) }) {
            configuration.chatHost.idleControl = IdleControl(alertAfter: alert, closeAfter: close)
        }
        configuration.chatHost.announcesTranscriptSave = transcriptSaveDone
        configuration.api.apiKey = apiKey
        configuration.api.clientDirectory = URL(fileURLWithPath: clientDirectory, isDirectory: true)
        configuration.api.agentDirectory = URL(fileURLWithPath: agentDirectory, isDirectory: true)
        configuration.httpServer.host = host
        configuration.httpServer.port = try resolvedPort()
        configuration.httpServer.maxConnections = maxConnections
        configuration.logging = .lines(level: logLevel)
        configuration.chatHost.showsTyping = typing == .on
        if clock == .virtual { configuration.clock = .virtual(ManualClock(start: Date())) }
        configuration.api.testDouble.faults = try startFaults()
        configuration.api.testDouble.recordedRequests = recordRequests
        try bounds.apply(to: &configuration.chatHost)
        try files.apply(to: &configuration.chatHost)
        return configuration
    }

    func run() throws {
        // Block the stop signals before any thread exists, so only `sigwait` below sees them.
        let stopSignals = SignalSet([SIGINT, SIGTERM])
        stopSignals.block()
        let emulator = Emulator(try emulatorConfiguration())
        let baseURL: URL
        do {
            baseURL = try emulator.start()
        } catch {
            // One line on standard error (the log file has it too), exit status 1.
            FileHandle.standardError.write(Data("gws-emulator: cannot start: \(error.message)\n".utf8))
            throw ExitCode.failure
        }
        // Written straight to the descriptor: scripts and tests wait for this line, and a
        // buffered print could sit in the buffer while stdout is a pipe.
        let root = baseURL.deletingLastPathComponent().absoluteString
        let address = root.hasSuffix("/") ? String(root.dropLast()) : root
        FileHandle.standardOutput.write(Data("listening on \(address)\n  web client:    \(address)/client/\n  agent console: \(address)/agent/\n".utf8))
        _ = stopSignals.wait()
        emulator.stop()
    }
}

extension FsyncPolicy: ExpressibleByArgument {}

/// `--clock`: the chats' clock.
enum ClockChoice: String, ExpressibleByArgument, CaseIterable {
    case wall, virtual
}

/// An on/off flag value.
enum Switch: String, ExpressibleByArgument, CaseIterable {
    case on, off
}
extension Logger.Level: @retroactive ExpressibleByArgument {}
