import ArgumentParser
import BotCatalog
import ChatCore
import Foundation
import GMSChatClient
import LineFormat
import Logging
import RuleBot
import Locking

/// `gws-emulator chat --bot NAME`: a conversation with a bot in the terminal, no server; or
/// `gws-emulator chat --url BASE_URL`: a chat against a running GWS server.
struct ChatCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chat",
        abstract: "Chat in the terminal: with a bot in process (--bot), or with a GWS server (--url).",
        discussion: """
            Each line you type is one customer message. End with Ctrl-D (or /quit); the chat also \
            ends when the agent leaves.

            With --bot NAME the chat runs in this process on a virtual clock, so the agent's \
            joining, typing and reply delays take no time; time passes only when you say so. \
            Commands: /typing (you start typing), /stop (you stop typing), /wait DURATION (time \
            passes, such as /wait 30s, or /after 30s as in a .convo file: idle rules and other bot \
            timers fire), /quit, /help; start a line with // to send a message that begins with /. The end \
            of input (Ctrl-D) or /quit completes the chat, so the bot's farewell is shown. Piped \
            input shows both sides: each customer line is echoed as `> line`. --plain is for \
            scripts: every line of standard input is one customer message (no commands), and every \
            text the agent sends is printed on its own line on standard output, nothing else.

            With --url BASE_URL (such as http://127.0.0.1:8888/api) the chat goes to that server, \
            ours or a real GWS deployment: messages appear as they arrive, with the time and who \
            said them, and the agent's typing is shown. The same commands work (/wait lets real time \
            pass). With piped input each line is one message \
            and the next waits for the agent's answer (--answer-timeout). The end completes the \
            chat; --transcript FILE then saves its GetTranscript JSON (a valid replay: file). A \
            server that cannot be reached, a 401 or a 404 is one line on standard error, exit 1.
            """
    )

    @Option(help: "In process: the bot, as last-character, NAME (Bots/NAME.rules), a path ending in .rules, or replay:PATH.")
    var bot: String?

    @Option(help: "Against a server: its GWS API base URL, such as http://127.0.0.1:8888/api.")
    var url: String?

    @Option(name: .customLong("api-key"), help: "With --url: the apikey header to send.")
    var apiKey: String?

    @Option(help: "With --url: where to save the chat's GetTranscript JSON when it ends.")
    var transcript: String?

    @Option(name: .customLong("answer-timeout"), help: "With --url and piped input: seconds to wait for the agent's answer to each line.")
    var answerTimeout: Double = 10

    @Option(help: "Seed for every random choice, so a conversation can be repeated.")
    var seed: UInt64?

    @Flag(help: "Scripted mode: print only the agent's texts, one per line.")
    var plain = false

    @Flag(help: "Show which rule (file:line) answered each message and why (on standard error with --plain).")
    var trace = false

    @Option(help: "The customer's nickname.")
    var nickname = "Customer"

    @Option(help: "The chat's subject.")
    var subject = "Chat"

    @Option(name: .customLong("userdata"), help: ArgumentHelp("A RequestChat userData entry, such as --userdata bot=support (choose a server's bot) or --userdata email=a@example.com; repeat for more.", valueName: "KEY=VALUE"))
    var userDataEntries: [String] = []

    /// The `--userdata` entries, by key (a later entry for a key wins).
    var userData: [String: String] {
        var entries: [String: String] = [:]
        for entry in userDataEntries {
            guard let equals = entry.firstIndex(of: "=") else { continue }
            entries[String(entry[..<equals])] = String(entry[entry.index(after: equals)...])
        }
        return entries
    }

    func validate() throws {
        for entry in userDataEntries where !entry.contains("=") || entry.hasPrefix("=") {
            throw ValidationError("--userdata needs KEY=VALUE, such as --userdata bot=support, not '\(entry)'.")
        }
        switch (bot, url) {
        case (nil, nil): throw ValidationError("Give --bot NAME (a bot in this process) or --url BASE_URL (a GWS server).")
        case (.some, .some): throw ValidationError("Give --bot or --url, not both.")
        case (.some, nil):
            if apiKey != nil || transcript != nil { throw ValidationError("--api-key and --transcript go with --url.") }
        case (nil, .some(let url)):
            if plain || trace || seed != nil { throw ValidationError("--plain, --trace and --seed go with --bot.") }
            guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme ?? ""), parsed.host != nil else {
                throw ValidationError("--url must be an http:// or https:// URL such as http://127.0.0.1:8888/api, not '\(url)'.")
            }
            if GMSClient.isServiceURL(parsed) {
                throw ValidationError(
                    "chat --url talks the GWS API: give the server's GWS base URL (such as http://127.0.0.1:8888/api; the chats are the same), not a GMS service's URL ('\(url)'). `test --url` talks GMS.")
            }
            guard answerTimeout > 0, answerTimeout <= 3600 else { throw ValidationError("--answer-timeout must be between 0 and 3600 seconds, not \(answerTimeout).") }
        }
    }

    func run() throws {
        if let url, let baseURL = URL(string: url) { return try runRemote(baseURL) }
        guard let bot else { throw ValidationError("Give --bot NAME or --url BASE_URL.") }
        let loaded: BotCatalog.LoadedBot
        do {
            loaded = try BotCatalog(botsDirectory: URL(fileURLWithPath: BotsFolder.defaultPath, isDirectory: true)).load(bot)
        } catch let error as SourceDiagnostics {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode.failure
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            throw ExitCode.failure
        }
        let printer = ChatPrinter(plain: plain, trace: trace, agent: loaded.responder.agentNickname)
        var configuration = ChatHostConfiguration()
        configuration.agentJoinDelay = .zero
        configuration.replyDelay = .zero
        configuration.seed = seed
        configuration.observer = printer
        let clock = ManualClock()
        let host = try ChatHost(
            configuration: configuration, responder: loaded.responder, clock: clock,
            logger: Logger(label: "chat", factory: { _ in SwiftLogNoOpLogHandler() }))
        // A bot that answers in real time (webhook:, exec:): virtual time waits for it.
        clock.afterEachStep { [weak host] in host?.settleDeferredAnswers() }
        let id = try host.requestChat(nickname: nickname, subject: subject, userData: userData)
        let session = ChatSession(host: host, clock: clock, id: id)
        session.finishAgentReply()
        let interactive = !plain && isatty(STDIN_FILENO) != 0
        input: while try host.chat(id).state != .idle {
            if interactive { printer.prompt() }
            guard let line = readLine() else { break }
            guard !line.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
            if !plain, !interactive { printer.echo(line) }
            var text = line
            if !plain {
                switch ChatCommandLine.parse(line) {
                case .message(let message): text = message
                case .unknown(let hint):
                    printer.note(hint)
                    continue
                case .command(.quit):
                    break input
                case .command(let command):
                    try session.perform(command, printer: printer)
                    continue
                }
            }
            try host.sendMessage(text, to: id)
            session.finishAgentReply()
        }
        // The end of input is the customer leaving: the bot's farewell is part of the chat.
        if try host.chat(id).state != .idle {
            try host.complete(id)
            session.finishAgentReply()
        }
        host.shutdown()
    }
}

/// The chat `chat` plays: the customer's actions and the virtual time between them.
struct ChatSession {
    let host: ChatHost
    let clock: ManualClock
    let id: ChatID

    /// Runs the agent's reply to its end, leaving the bot's timers (idle nudges) pending until
    /// time passes with `/wait`.
    func finishAgentReply() {
        while (try? host.agentIsAnswering(in: id)) == true, let next = clock.nextDeadline { clock.advance(to: next) }
    }

    func perform(_ command: ChatCommandLine, printer: ChatPrinter) throws {
        switch command {
        case .typing: try host.startTyping(in: id)
        case .stopTyping: try host.stopTyping(in: id)
        case .wait(let duration):
            clock.advance(by: duration)
        case .help: printer.note(ChatCommandLine.usage)
        case .quit: return
        }
        finishAgentReply()
    }
}

/// Prints a chat as it happens: the agent's texts, and the responder's trace when asked.
final class ChatPrinter: ChatObserver {
    let plain: Bool
    let trace: Bool
    let agent: String
    /// Standard output and error behind one lock, so lines from the clock's thread and the input
    /// never interleave (not a `Locked<Void>`: see `TerminalOutput`).
    private let output = Locked((standard: FileHandle.standardOutput, error: FileHandle.standardError))

    init(plain: Bool, trace: Bool, agent: String) {
        self.plain = plain
        self.trace = trace
        self.agent = agent
    }

    func chat(_ id: ChatID, added message: ChatMessage) {
        guard message.from.kind == .agent else { return }
        switch message.kind {
        case .text:
            write(plain ? (message.text ?? "") : "\(agent): \(message.text ?? "")", toStandardError: false)
        case .participantLeft where !plain:
            write("(\(agent) left the chat)", toStandardError: false)
        default:
            break
        }
    }

    func chat(_ id: ChatID, responderTrace: [String], for event: ChatEvent) {
        guard trace, !responderTrace.isEmpty else { return }
        for line in responderTrace { write("  | \(line)", toStandardError: plain) }
    }

    /// A customer line read from a pipe, shown so the output reads as the whole conversation.
    func echo(_ line: String) {
        write("> \(line)", toStandardError: false)
    }

    /// A remark of `chat` itself (not part of the conversation), on standard error.
    func note(_ line: String) {
        write("(\(line))", toStandardError: true)
    }

    func prompt() {
        output.withLock { $0.standard.write(Data("> ".utf8)) }
    }

    private func write(_ line: String, toStandardError: Bool) {
        output.withLock { (toStandardError ? $0.error : $0.standard).write(Data((line + "\n").utf8)) }
    }
}
