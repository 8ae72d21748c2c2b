import ArgumentParser
import BotCatalog
import ChatCore
import Foundation
import LineFormat
import Logging
import RuleBot
import Locking

/// `gws-emulator chat --bot NAME`: a conversation with a bot in the terminal, no server.
struct ChatCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chat",
        abstract: "Talk to a bot in the terminal (in process, no server).",
        discussion: """
        Each line you type is one customer message. The chat runs on a virtual clock, so the \
        agent's joining, typing and reply delays take no time; time passes only when you say so. \
        Commands: /typing (you start typing), /stop (you stop typing), /wait DURATION (time \
        passes, such as /wait 30s: idle rules and other bot timers fire), /quit, /help. The end \
        of input (Ctrl-D) or /quit completes the chat, so the bot's farewell is shown; the chat \
        also ends when the agent leaves. Piped input shows both sides: each customer line is \
        echoed as `> line`.

        --plain is for scripts: every line of standard input is one customer message (no \
        commands), and every text the agent sends is printed on its own line on standard output, \
        nothing else.
        """
    )

    @Option(help: "The bot: last-character, NAME (Bots/NAME.rules), a path ending in .rules, or replay:PATH.")
    var bot: String

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

    func run() throws {
        let loaded: BotCatalog.LoadedBot
        do {
            loaded = try BotCatalog().load(bot)
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
        let host = try ChatHost(configuration: configuration, responder: loaded.responder, clock: clock,
                                logger: Logger(label: "chat", factory: { _ in SwiftLogNoOpLogHandler() }))
        let id = try host.requestChat(nickname: nickname, subject: subject)
        let session = ChatSession(host: host, clock: clock, id: id)
        session.finishAgentReply()
        let interactive = !plain && isatty(STDIN_FILENO) != 0
        while try host.chat(id).state != .idle {
            if interactive { printer.prompt() }
            guard let line = readLine() else { break }
            guard !line.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
            if !plain, !interactive { printer.echo(line) }
            if !plain, line.hasPrefix("/") {
                guard let command = ChatCommandLine(line) else {
                    printer.note("unknown command \(line); \(ChatCommandLine.usage)")
                    continue
                }
                if command == .quit { break }
                try session.perform(command, printer: printer)
                continue
            }
            try host.sendMessage(line, to: id)
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

/// A `/command` typed in `chat`.
enum ChatCommandLine: Equatable {
    case typing, stopTyping, wait(Duration), quit, help

    static let usage = "commands: /typing, /stop, /wait DURATION (such as /wait 30s), /quit, /help"

    init?(_ line: String) {
        let words = line.split(separator: " ", omittingEmptySubsequences: true)
        switch (words.first, words.count) {
        case ("/typing", 1): self = .typing
        case ("/stop", 1): self = .stopTyping
        case ("/quit", 1): self = .quit
        case ("/help", 1): self = .help
        case ("/wait", 2):
            guard let duration = DurationGrammar.duration(words[1]) else { return nil }
            self = .wait(duration)
        default: return nil
        }
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
    private let output = Locked<Void>(())

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
        output.withLock { _ in
            FileHandle.standardOutput.write(Data("> ".utf8))
        }
    }

    private func write(_ line: String, toStandardError: Bool) {
        output.withLock { _ in
            (toStandardError ? FileHandle.standardError : FileHandle.standardOutput).write(Data((line + "\n").utf8))
        }
    }
}
