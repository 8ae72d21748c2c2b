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
        agent's joining, typing and reply delays take no time. End with Ctrl-D (or /quit); the \
        chat also ends when the agent leaves.

        --plain is for scripts: every line of standard input is one customer message, and every \
        text the agent sends is printed on its own line on standard output, nothing else.
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
        // Virtual time runs through the agent's answer, not on to the bot's idle nudges: a person
        // at the keyboard answers long before those.
        func runAgentsAnswer() throws {
            while try host.agentIsAnswering(in: id), let next = clock.nextDeadline { clock.advance(to: next) }
        }
        try runAgentsAnswer()
        let interactive = !plain && isatty(STDIN_FILENO) != 0
        while try host.chat(id).state != .idle {
            if interactive { printer.prompt() }
            guard let line = readLine() else { break }
            if !plain, line == "/quit" { break }
            guard !line.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
            try host.sendMessage(line, to: id)
            try runAgentsAnswer()
        }
        host.shutdown()
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
