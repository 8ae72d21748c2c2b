import BotTesting
import LineFormat
import ChatCore
import Foundation
import RuleBot

/// Plays one test's steps against a chat and compares what happens with what the test expects.
///
/// Every agent text message must be expected, in order: one that arrives unasked before the
/// customer's next action (or by the end of the test) fails the test. Typing notifications,
/// joins, leaves and system messages are checked only by the steps that ask about them.
struct ConversationRunner {
    let test: ConversationTest
    /// The chat being played; a `new chat` step replaces it.
    private(set) var driver: any ChatDriver
    /// Starts a chat with these settings, for `new chat`.
    private let newDriver: (ConversationSettings) throws -> any ChatDriver
    /// The chats before the current one (`new chat`), in order.
    private(set) var earlierDrivers: [any ChatDriver] = []
    /// The settings the current chat was requested with.
    private var chatSettings: ConversationSettings
    /// The messages of the chats before the current one, for the transcript.
    private var earlierMessages: [ChatMessage] = []

    /// The kinds of message that expectations wait for; each kind has its own cursor.
    private enum Stream: Hashable {
        case agentText, systemText, agentJoined, agentLeft, agentTypingStarted, agentTypingStopped, notice, agentPush
        /// An agent or supervisor joining after the first agent, or rejoining: a transfer's or an
        /// invitation's.
        case teamJoined
        /// The system's `TranscriptSaveDone`.
        case transcriptSaved

        init?(_ message: ChatMessage) {
            switch (message.from.kind, message.kind) {
            case (.agent, .text): self = .agentText
            case (.external, .text): self = .systemText
            case (.agent, .participantJoined) where message.from.id == "3": self = .agentJoined
            case (.agent, .participantJoined), (.supervisor, .participantJoined), (.agent, .participantRejoined), (.supervisor, .participantRejoined):
                self = .teamJoined
            case (.agent, .participantLeft): self = .agentLeft
            case (.agent, .typingStarted): self = .agentTypingStarted
            case (.agent, .typingStopped): self = .agentTypingStopped
            case (.agent, .pushURL): self = .agentPush
            case (.customer, _): return nil
            case (_, .notice): self = .notice
            case (_, .transcriptSaveDone): self = .transcriptSaved
            default: return nil
            }
        }
    }

    private struct Failed: Error {
        var message: String
    }

    /// Where each stream's next unconsumed message may be, as an index into the transcript.
    private var cursors: [Stream: Int] = [:]
    /// Just after the customer's latest message: the streams checked only when asked (typing,
    /// joins, system messages) look no further back, so `agent types` after a customer line
    /// means typing in answer to it. Agent texts are strict and never skipped.
    private var customerFloor = 0
    private var rows: [TranscriptRow] = []
    private var messages: [ChatMessage] = []
    /// What `matches` steps captured (named groups), for `{$name}` in later steps.
    private var captured: [String: String] = [:]
    /// The agent text the latest expectation took, for `answered by`.
    private var lastAgentText: ChatMessage?

    init(test: ConversationTest, driver: any ChatDriver, newDriver: @escaping (ConversationSettings) throws -> any ChatDriver = { _ in throw Failed(message: "`new chat` is not available here") }) {
        self.test = test
        self.driver = driver
        self.newDriver = newDriver
        chatSettings = test.settings
    }

    /// Runs every step, stopping at the first difference.
    mutating func run() -> (failure: TestFailure?, rows: [TranscriptRow], transcript: [ChatMessage]) {
        var failure: TestFailure?
        var stepsRun = 0
        for step in test.steps {
            do {
                try perform(step)
                stepsRun += 1
            } catch {
                failure = TestFailure(location: step.location, message: Self.describe(error))
                break
            }
        }
        if failure == nil {
            do {
                try refresh()
                try checkNothingUnexpected(before: "the end of the test")
            } catch {
                failure = TestFailure(location: test.steps.last?.location ?? test.location, message: Self.describe(error))
            }
        }
        if failure != nil {
            showRestAfterFailure(notRun: test.steps.dropFirst(stepsRun + 1))
        }
        driver.finish()
        return (failure, rows, earlierMessages + messages)
    }

    // MARK: Steps

    private mutating func perform(_ step: ConversationStep) throws {
        switch step.kind {
        case .customerSays(let text): try customer(.say(TestVariables.substitute(in: text, captured)), step)
        case .customerTypes: try customer(.startTyping, step)
        case .customerStopsTyping: try customer(.stopTyping, step)
        case .customerCompletes: try customer(.complete, step)
        case .customerNotices(let text): try customer(.notice(TestVariables.substitute(in: text, captured)), step)
        case .customerPushes(let url): try customer(.pushURL(TestVariables.substitute(in: url, captured)), step)
        case .customerChangesNickname(let nickname): try customer(.changeNickname(TestVariables.substitute(in: nickname, captured)), step)
        case .notice(let expectation):
            let resolved = expectation.resolving(captured)
            try expect(.notice, step, describing: "a notice with \(resolved.explanation)") { resolved.isMet(by: $0.text ?? "") }
        case .agentTransfers(let name, let back):
            try expect(.agentLeft, step, describing: "the agent to leave, transferring the chat to \(name)")
            if back {
                try expect(.teamJoined, step, describing: "\(name) to rejoin as the agent") {
                    $0.from.nickname == name && $0.from.kind == .agent && $0.kind == .participantRejoined
                }
            } else {
                try expect(.teamJoined, step, describing: "\(name) to join as the agent") { $0.from.nickname == name && $0.from.kind == .agent }
            }
        case .transcriptSaved:
            try expect(.transcriptSaved, step, describing: "the transcript to be saved (TranscriptSaveDone, which a server posts with `serve --transcript-save-done`)")
        case .agentInvites(let name):
            try expect(.teamJoined, step, describing: "\(name) to join") { $0.from.nickname == name }
        case .agentPushes(let expectation):
            let resolved = expectation.resolving(captured)
            try expect(.agentPush, step, describing: "the agent to push \(resolved.explanation)") { resolved.isMet(by: $0.text ?? "") }
        case .after(let duration):
            try driver.pass(duration)
            try refresh()
            rows.append(TranscriptRow(time: driver.elapsed, expected: step.source, actual: "", mark: .same))
        case .agentText(let expectation):
            let resolved = expectation.resolving(captured)
            lastAgentText = try expect(.agentText, step, describing: resolved.explanation) { resolved.isMet(by: $0.text ?? "") }
            capture(resolved, from: lastAgentText)
        case .systemText(let expectation):
            let resolved = expectation.resolving(captured)
            let message = try expect(.systemText, step, describing: "a system message with \(resolved.explanation)") { resolved.isMet(by: $0.text ?? "") }
            capture(resolved, from: message)
        case .newChat(let nickname, let userData):
            try startNewChat(nickname: nickname, userData: userData, step)
        case .answeredBy(let target):
            try checkAnsweredBy(target, step)
        case .variable(let name, let expected):
            let expected = TestVariables.substitute(in: expected, captured)
            let memory = try botMemory(for: step)
            let actual = RuleBotState(memory: memory).variable(name) ?? ""
            rows.append(TranscriptRow(time: driver.elapsed, expected: step.source, actual: "variable \(name) = \(actual)", mark: actual == expected ? .same : .different))
            if actual != expected { throw Failed(message: "expected the bot's variable \(name) to be \(expected.isEmpty ? "not set" : quoted(expected)), but it is \(actual.isEmpty ? "not set" : quoted(actual))") }
        case .topic(let expected):
            let memory = try botMemory(for: step)
            let actual = RuleBotState(memory: memory).topic
            rows.append(TranscriptRow(time: driver.elapsed, expected: step.source, actual: "topic \(actual ?? "none")", mark: actual == expected ? .same : .different))
            if actual != expected { throw Failed(message: "expected the chat to be in topic \(expected ?? "none"), but it is in \(actual.map { "topic \($0)" } ?? "no topic")") }
        case .agentJoins: try expect(.agentJoined, step, describing: "the agent to join")
        case .agentLeaves: try expect(.agentLeft, step, describing: "the agent to leave")
        case .agentTypes: try expect(.agentTypingStarted, step, describing: "the agent to start typing")
        case .agentStopsTyping: try expect(.agentTypingStopped, step, describing: "the agent to stop typing")
        case .noReply(let window):
            let window = window ?? test.settings.timeout
            let limit = driver.elapsed + window
            if try waitFor(.agentText, until: limit) {
                let reply = try take(.agentText)
                rows.append(row(for: reply, expected: step.source, mark: .different))
                throw Failed(message: "expected no reply for \(DurationGrammar.format(window)), but the agent said \(quoted(reply.text ?? ""))")
            }
            rows.append(TranscriptRow(time: driver.elapsed, expected: step.source, actual: "(no reply)", mark: .same))
        case .state(let expected):
            let (state, _) = try driver.state()
            let same = state == expected
            rows.append(TranscriptRow(time: driver.elapsed, expected: step.source, actual: "state \(state.rawValue)", mark: same ? .same : .different))
            if !same { throw Failed(message: "expected the chat to be \(expected.rawValue), but it is \(state.rawValue)") }
        case .capabilities(let expected):
            let (_, capabilities) = try driver.state()
            let actual = "capabilities " + Self.describe(capabilities)
            let same = capabilities == expected
            rows.append(TranscriptRow(time: driver.elapsed, expected: step.source, actual: actual, mark: same ? .same : .different))
            if !same { throw Failed(message: "expected capabilities \(Self.describe(expected)), but they are \(Self.describe(capabilities))") }
        case .needsPerson(let expected):
            // A hand-over comes after the bot's last words: wait for it as for a message.
            if expected { _ = try driver.wait(until: driver.elapsed + test.settings.timeout) { driver.needsPerson() != false } }
            guard let actual = driver.needsPerson() else {
                rows.append(TranscriptRow(time: driver.elapsed, expected: step.source, actual: "(not visible)", mark: .different))
                throw Failed(message: "`\(step.source)` reads the chat's hand-over flag, which a live server shows through neither GWS nor GMS; run this test without --url")
            }
            let describe = { (needs: Bool) in needs ? "needs a person" : "needs no person" }
            rows.append(TranscriptRow(time: driver.elapsed, expected: step.source, actual: describe(actual), mark: actual == expected ? .same : .different))
            if actual != expected {
                throw Failed(
                    message: expected
                        ? "expected the chat to need a person (the bot to have handed it over), but it does not"
                        : "expected the chat to need no person, but the bot handed it over and nobody has taken it")
            }
        }
    }

    /// `new chat`: what the agent said so far must have been expected; the customer completes
    /// the chat (if it is still open) and requests another one as the same customer, and the
    /// next steps play in it.
    private mutating func startNewChat(nickname: String?, userData: [String: String], _ step: ConversationStep) throws {
        try refresh()
        try checkNothingUnexpected(before: "`\(step.source)`")
        if let (state, _) = try? driver.state(), state != .idle { try driver.perform(.complete) }
        driver.finish()
        if let nickname { chatSettings.nickname = nickname }
        chatSettings.userData.merge(userData) { $1 }
        chatSettings.variables = [:]
        let next: any ChatDriver
        do {
            next = try newDriver(chatSettings)
        } catch {
            rows.append(TranscriptRow(time: driver.elapsed, expected: step.source, actual: "(refused)", mark: .different))
            throw Failed(message: "the new chat could not be started: \(Self.describe(error))")
        }
        earlierMessages += messages
        earlierDrivers.append(driver)
        driver = next
        messages = []
        cursors = [:]
        customerFloor = 0
        lastAgentText = nil
        rows.append(TranscriptRow(time: driver.elapsed, expected: step.source, actual: "new chat as \(chatSettings.nickname)", mark: .same))
    }

    /// Keeps what a `matches` expectation's named groups captured, for later `{$name}` slots.
    private mutating func capture(_ expectation: TextExpectation, from message: ChatMessage?) {
        guard case .matches(let pattern) = expectation, let text = message?.text else { return }
        captured.merge(pattern.captures(in: text)) { $1 }
    }

    /// The bot's memory now; fails the step when it cannot be seen (a live server).
    private mutating func botMemory(for step: ConversationStep) throws -> ResponderMemory {
        try refresh()
        guard let memory = driver.responderMemory() else {
            rows.append(TranscriptRow(time: driver.elapsed, expected: step.source, actual: "(not visible)", mark: .different))
            throw Failed(message: "`\(step.source)` reads the bot's state, which a live server does not show; run this test without --url")
        }
        return memory
    }

    /// Checks that the agent's latest text came from `target`: a part's name, or its
    /// `file:line` (matched on whole path components from the end, so `support.rules:31`
    /// matches `Bots/support.rules:31`).
    private mutating func checkAnsweredBy(_ target: String, _ step: ConversationStep) throws {
        guard let message = lastAgentText else {
            rows.append(TranscriptRow(time: driver.elapsed, expected: step.source, actual: "(no agent text yet)", mark: .different))
            throw Failed(message: "`answered by` checks the agent text expected just before it; put it after an `agent says` (or another agent text step)")
        }
        guard let origin = message.origin else {
            rows.append(TranscriptRow(time: driver.elapsed, expected: step.source, actual: "answered by (unknown)", mark: .different))
            throw Failed(message: "the agent's message carries no origin (a live server does not say which rule answered); run this test without --url")
        }
        let part = driver.parts.first { $0.origin == origin }
        let shown = part?.name ?? origin
        let byName = part?.name.hasSuffix("(\(target))") == true
        let byPlace = origin == target || origin.hasSuffix("/" + target)
        rows.append(TranscriptRow(time: driver.elapsed, expected: step.source, actual: "answered by \(shown)", mark: byName || byPlace ? .same : .different))
        if !(byName || byPlace) {
            throw Failed(message: "expected the reply to come from \(target), but \(shown) answered")
        }
    }

    private mutating func customer(_ action: CustomerAction, _ step: ConversationStep) throws {
        try refresh()
        let joinedOrOver = { (messages: [ChatMessage]) in
            messages.contains { ($0.from.kind == .agent && $0.kind == .participantJoined) || $0.kind == .participantLeft }
        }
        if !joinedOrOver(messages) {
            let joined = try driver.wait(until: driver.elapsed + test.settings.timeout) {
                try refresh()
                return joinedOrOver(messages)
            }
            if !joined {
                rows.append(TranscriptRow(time: driver.elapsed, expected: step.source, actual: "(the agent has not joined)", mark: .different))
                throw Failed(message: "the agent did not join within \(DurationGrammar.format(test.settings.timeout)); the customer waits for the agent before acting")
            }
        }
        try checkNothingUnexpected(before: "`\(step.source)`")
        let countBefore = messages.count
        do {
            try driver.perform(action)
        } catch {
            rows.append(TranscriptRow(time: driver.elapsed, expected: step.source, actual: "(refused)", mark: .different))
            throw Failed(message: "the chat refused `\(step.source)`: \(Self.describe(error))")
        }
        try refresh()
        let ownIndex = messages[countBefore...].firstIndex { $0.from.kind == .customer }
        let own = ownIndex.map { messages[$0] }
        if let ownIndex { customerFloor = ownIndex + 1 }
        rows.append(
            TranscriptRow(
                time: own.map { time(of: $0) } ?? driver.elapsed, expected: step.source,
                actual: own.map(Self.describe) ?? step.source, mark: .same))
    }

    /// Waits for the next message of `stream` and checks it.
    @discardableResult
    private mutating func expect(
        _ stream: Stream, _ step: ConversationStep, describing expectation: String,
        meets: (ChatMessage) -> Bool = { _ in true }
    ) throws -> ChatMessage {
        let timeout = test.settings.timeout
        guard try waitFor(stream, until: driver.elapsed + timeout) else {
            rows.append(TranscriptRow(time: driver.elapsed, expected: step.source, actual: "(nothing within \(DurationGrammar.format(timeout)))", mark: .different))
            throw Failed(message: "expected \(expectation), but nothing came within \(DurationGrammar.format(timeout))")
        }
        let message = try take(stream)
        let met = meets(message)
        rows.append(row(for: message, expected: step.source, mark: met ? .same : .different))
        if !met {
            throw Failed(message: "expected \(expectation), but got \(quoted(message.text ?? Self.describe(message)))")
        }
        return message
    }

    // MARK: Streams

    private mutating func refresh() throws {
        messages = try driver.messages()
    }

    private func next(_ stream: Stream) -> Int? {
        let start = max(cursors[stream] ?? 0, stream == .agentText ? 0 : customerFloor)
        guard start < messages.count else { return nil }
        return messages[start...].firstIndex { Stream($0) == stream }
    }

    private mutating func waitFor(_ stream: Stream, until limit: Duration) throws -> Bool {
        if next(stream) != nil { return true }
        return try driver.wait(until: limit) {
            try refresh()
            return next(stream) != nil
        }
    }

    private mutating func take(_ stream: Stream) throws -> ChatMessage {
        guard let index = next(stream) else { throw Failed(message: "internal error: no message to take") }
        cursors[stream] = index + 1
        return messages[index]
    }

    /// Fails when the agent said something that no step has expected yet.
    private mutating func checkNothingUnexpected(before what: String) throws {
        guard let index = next(.agentText) else { return }
        let message = messages[index]
        cursors[.agentText] = index + 1
        rows.append(row(for: message, expected: "", mark: .different))
        throw Failed(message: "the agent said \(quoted(message.text ?? "")) before \(what), and no step expects it; add `agent says \(message.text ?? "")` (or `agent replies`) where it belongs")
    }

    /// After a failure: the agent's messages that arrived and were not shown, then the steps not run.
    private mutating func showRestAfterFailure(notRun steps: ArraySlice<ConversationStep>) {
        _ = try? refresh()
        let start = cursors[.agentText] ?? 0
        if start < messages.count {
            for message in messages[start...] where Stream(message) == .agentText || Stream(message) == .agentLeft {
                rows.append(row(for: message, expected: "", mark: .after))
            }
        }
        for step in steps {
            rows.append(TranscriptRow(time: nil, expected: step.source, actual: "", mark: .notRun))
        }
    }

    // MARK: Describing

    private func time(of message: ChatMessage) -> Duration {
        .milliseconds(Int64((message.time.timeIntervalSince(driver.startTime) * 1000).rounded()))
    }

    private func row(for message: ChatMessage, expected: String, mark: TranscriptRow.Mark) -> TranscriptRow {
        TranscriptRow(time: time(of: message), expected: expected, actual: Self.describe(message), origin: message.origin, mark: mark)
    }

    /// A message written as the step that would expect it, such as `agent says Hello`.
    static func describe(_ message: ChatMessage) -> String { message.stepText }

    static func describe(_ operations: Set<ChatOperation>) -> String {
        operations.isEmpty ? "none" : ChatOperation.known.filter(operations.contains).map(\.name).joined(separator: " ")
    }

    static func describe(_ error: any Error) -> String {
        if let failed = error as? Failed { return failed.message }
        if let chatError = error as? ChatError { return chatError.message }
        return "\(error)"
    }
}
