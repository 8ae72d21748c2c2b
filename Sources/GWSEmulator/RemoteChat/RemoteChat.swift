import Foundation
import GWSChatClient
import Locking

/// `gws-emulator chat --url BASE_URL`: an interactive chat, as the customer, against any
/// GWS-compatible server (this emulator or a real deployment), through the typed ``GWSClient``.
///
/// A poller thread reads GetTranscript (with `index`, so the server's cursor is left to other
/// clients) and prints each message once as it arrives; the main thread reads standard input.
/// With piped input each line is one message, and the next line waits until the agent answered
/// (or `answerTimeout` passed). `/quit` or the end of input completes the chat.
final class RemoteChat: Sendable {
    let client: GWSClient
    let nickname: String
    let subject: String
    /// RequestChat's `userData` (`--userdata KEY=VALUE`), such as `bot` to choose a server's bot.
    let userData: [String: String]
    let answerTimeout: Duration
    let pollInterval: Duration
    private let output: TerminalOutput
    private let state = Locked(PollState())

    /// What the poller has seen.
    private struct PollState {
        var nextIndex = 1
        /// The index of the agent's latest text.
        var lastAgentText = 0
        var ended = false
        /// A poll that failed, to report once the chat is over.
        var failure: GWSClientError?
    }

    init(client: GWSClient, nickname: String, subject: String, userData: [String: String] = [:], answerTimeout: Duration, pollInterval: Duration, output: TerminalOutput) {
        self.client = client
        self.nickname = nickname
        self.subject = subject
        self.userData = userData
        self.answerTimeout = answerTimeout
        self.pollInterval = pollInterval
        self.output = output
    }

    /// Runs the chat to its end; returns the transcript (every message) for `--transcript`.
    /// - Throws: ``GWSClientError`` when the chat cannot be started or a request is refused.
    func run(interactive: Bool, readLine: () -> String?) throws(GWSClientError) -> GWSTranscript {
        let created = try client.blocking.requestChat(nickname: nickname, subject: subject, userData: userData)
        output.notice("Chat \(created.id) on \(client.baseURL.absoluteString). Type a message and press Enter; /quit or end of input completes the chat.")
        let poller = Thread { [self] in self.poll(created.id) }
        poller.start()
        defer { state.withLock { $0.ended = true } }

        input: while !isEnded {
            if interactive { output.prompt() }
            guard let line = readLine() else { break }
            guard !line.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
            // The same commands as `chat --bot`; they are never sent as text.
            let text: String
            switch ChatCommandLine.parse(line) {
            case .message(let message): text = message
            case .unknown(let hint):
                output.notice(hint)
                continue input
            case .command(.quit): break input
            case .command(let command):
                try perform(command, in: created.id)
                continue input
            }
            let answeredBefore = state.withLock { $0.lastAgentText }
            do {
                try client.blocking.sendMessage(text, in: created.id)
            } catch let error where error.statusCode == 2 {
                break  // the chat ended meanwhile (the agent left): nothing more to send
            }
            if !interactive { waitForAnswer(after: answeredBefore) }
        }
        if !isEnded, (try? client.blocking.chat(created.id).state) != .idle {
            try client.blocking.complete(created.id)
        }
        drain(created.id)
        state.withLock { $0.ended = true }
        if let failure = state.withLock({ $0.failure }) { throw failure }
        return GWSTranscript(messages: try client.blocking.transcript(of: created.id, from: 0))
    }

    private var isEnded: Bool { state.withLock { $0.ended } }

    /// A `/command`: typing notifications go to the server, `/wait` lets real time pass.
    private func perform(_ command: ChatCommandLine, in id: String) throws(GWSClientError) {
        switch command {
        case .typing: try client.blocking.startTyping(in: id)
        case .stopTyping: try client.blocking.stopTyping(in: id)
        case .wait(let duration): Thread.sleep(forTimeInterval: duration.seconds)
        case .help: output.notice(ChatCommandLine.usage)
        case .quit: break
        }
    }

    /// Prints new messages until the chat ends (or `run` says it is over).
    private func poll(_ id: String) {
        while !isEnded {
            fetch(id)
            Thread.sleep(forTimeInterval: pollInterval.seconds)
        }
    }

    /// Reads and prints the messages after the last one printed.
    private func fetch(_ id: String) {
        let from = state.withLock { $0.nextIndex }
        do throws(GWSClientError) {
            let messages = try client.blocking.transcript(of: id, from: from)
            for message in messages where message.index >= from {
                // An index no transcript reaches (Int.max) would make the next one overflow.
                let (next, overflow) = message.index.addingReportingOverflow(1)
                guard !overflow else {
                    throw GWSClientError(
                        code: .malformedAnswer, request: "GET transcript of \(id)", httpStatus: 200,
                        message: "a message index of \(message.index), which no transcript reaches")
                }
                output.show(message)
                state.withLock { state in
                    state.nextIndex = max(state.nextIndex, next)
                    if message.from.kind == .agent, message.kind == .text { state.lastAgentText = message.index }
                    // The agent left: the chat is over (GWS has no later message for it).
                    if message.from.kind == .agent, message.kind == .participantLeft { state.ended = true }
                }
            }
        } catch {
            state.withLock {
                $0.failure = error
                $0.ended = true
            }
        }
    }

    /// The last messages (the customer's leave, a farewell) before the transcript is saved.
    private func drain(_ id: String) {
        let failed = state.withLock { $0.failure != nil }
        if !failed { fetch(id) }
    }

    /// Waits until the agent says something after `index`, the chat ends, or the timeout passes.
    private func waitForAnswer(after index: Int) {
        let deadline = ContinuousClock.now.advanced(by: answerTimeout)
        while ContinuousClock.now < deadline {
            let (answered, ended) = state.withLock { ($0.lastAgentText > index, $0.ended) }
            if answered || ended { return }
            Thread.sleep(forTimeInterval: 0.02)
        }
        output.notice("No answer from the agent within \(answerTimeout.seconds) s; going on.")
    }
}

extension Duration {
    /// The duration in seconds, as a `Double`.
    var seconds: Double {
        let (whole, fraction) = components
        return Double(whole) + Double(fraction) / 1e18
    }
}

/// Writes the chat to the terminal: one line per message with the time it arrived and who said
/// it; join, leave and typing notices in parentheses.
final class TerminalOutput: Sendable {
    /// Standard output behind a lock, so the poller's lines and the prompt never interleave (a
    /// `Locked<Void>` would do, but ThreadSanitizer reports every use of a zero-size locked value
    /// as a race).
    private let standardOutput = Locked(FileHandle.standardOutput)
    private let customerTypingShown: Bool

    init(showCustomerTyping: Bool = false) {
        customerTypingShown = showCustomerTyping
    }

    /// The line for `message`, or `nil` for one not shown (the customer's own typing).
    func line(for message: GWSMessage, at time: Date) -> String? {
        let stamp = Self.clock(message.utcTime ?? time)
        let who = TerminalText.escaped(message.from.nickname)
        switch message.kind {
        case .text: return "\(stamp) \(who): \(TerminalText.escaped(message.text ?? ""))"
        case .participantJoined: return "\(stamp) (\(who) joined the chat)"
        case .participantLeft: return "\(stamp) (\(who) left the chat)"
        case .typingStarted:
            return message.from.kind == .customer && !customerTypingShown ? nil : "\(stamp) (\(who) is typing…)"
        case .typingStopped: return nil
        case .fileUploaded: return "\(stamp) (\(who) sent the file \(TerminalText.escaped(message.text ?? "")))"
        case .fileDeleted: return "\(stamp) (\(who) deleted the file \(TerminalText.escaped(message.text ?? "")))"
        default:
            // A type this build does not know: shown plainly, by name.
            let text = message.text.map { ": \(TerminalText.escaped($0))" } ?? ""
            return "\(stamp) (\(who): \(TerminalText.escaped(message.kind.name))\(text))"
        }
    }

    func show(_ message: GWSMessage) {
        if let line = line(for: message, at: Date()) { write(line + "\n") }
    }

    func notice(_ text: String) { write("-- \(text)\n") }

    func prompt() { write("> ") }

    private func write(_ text: String) {
        standardOutput.withLock { $0.write(Data(text.utf8)) }
    }

    /// `HH:mm:ss` in local time.
    static func clock(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "HH:mm:ss"
        return formatter.string(from: date)
    }
}
