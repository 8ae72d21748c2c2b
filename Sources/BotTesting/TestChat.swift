public import ChatCore
public import Foundation
public import Logging

/// One chat with a bot, in process, on a virtual clock: the customer's side of a conversation
/// for unit tests of any `Responder`.
///
/// Nothing sleeps. Time moves only when the test moves it (``advance(by:)``,
/// ``runUntilIdle()``, ``waitForAgentText(within:)``), and the agent's delays (joining,
/// replying, typing, timers) happen in virtual time, so a conversation with 5-second delays
/// runs in microseconds. The same seed gives the same transcript, message for message.
///
/// ```swift
/// let chat = try TestChat(responder: LastCharacterResponder())
/// try chat.say("Is anyone there?")
/// chat.runUntilIdle()
/// #expect(chat.agentReplies == ["Good question..."])
/// ```
///
/// - Important: Customer actions first wait (in virtual time) for the agent to join, as a
///   person at a chat window would; a bot that never joins fails the wait after
///   ``joinTimeout`` and the action goes ahead in `WaitingForAgent`.
///
/// A `TestChat` belongs to one test: it is not `Sendable`.
public final class TestChat {
    /// The host running the chat; its other operations are open to the test too.
    public let host: ChatHost
    /// The virtual clock of the chat.
    public let clock: ManualClock
    /// The chat's id.
    public let id: ChatID
    /// When the chat was requested, on ``clock``.
    public let startTime: Date
    /// How long a customer action waits for the agent to join before going ahead anyway.
    public var joinTimeout: Duration = .seconds(30)
    /// The bot under test, as given (``newChat(nickname:subject:userData:seed:)`` talks to it again).
    public let responder: any Responder
    /// The RequestChat parameters and timings this chat was started with.
    let request: (nickname: String, subject: String, userData: [String: String], seed: UInt64, configuration: ChatHostConfiguration)

    /// Every message so far, in order (refreshed from the host on each read).
    public var transcript: [ChatMessage] {
        refresh()
        return messages
    }

    private var messages: [ChatMessage] = []
    private var lastSnapshot: ChatSnapshot
    /// How many messages there were when the customer last did something.
    private var countAtLastCustomerAction = 0
    private let traces: TraceRecorder
    private let tap: MemoryTap

    /// Requests a chat from a fresh host that uses `responder` as its agent.
    /// - Parameters:
    ///   - responder: the bot under test.
    ///   - nickname: the customer's nickname (RequestChat's `nickname`).
    ///   - subject: RequestChat's `subject`.
    ///   - userData: RequestChat's `userData`.
    ///   - seed: seeds every random choice (delays, the bot's picks, the chat id).
    ///   - configuration: timings of the host (its `seed` and `observer` are replaced); the
    ///     original emulator's by default: agent joins after 1–3 s, replies after 0–2 s.
    ///   - memory: the bot's memory when the chat starts (for a rules bot, variables set before
    ///     the test: `RuleBotState` builds it).
    ///   - logger: the host's log; silent by default.
    public init(
        responder: any Responder,
        nickname: String = "Customer",
        subject: String = "Test",
        userData: [String: String] = [:],
        seed: UInt64 = 1,
        configuration: ChatHostConfiguration = ChatHostConfiguration(),
        memory: ResponderMemory = ResponderMemory(),
        logger: Logger = Logger(label: "test-chat", factory: { _ in SwiftLogNoOpLogHandler() })
    ) throws {
        self.responder = responder
        request = (nickname, subject, userData, seed, configuration)
        let tap = MemoryTap(responder, initialMemory: memory)
        self.tap = tap
        let responder: any Responder = tap
        var configuration = configuration
        configuration.seed = seed
        traces = TraceRecorder()
        configuration.observer = traces
        clock = ManualClock()
        host = try ChatHost(configuration: configuration, responder: responder, clock: clock, logger: logger)
        // A bot that answers in real time (a webhook, a process): virtual time waits for it.
        clock.afterEachStep { [weak host] in host?.settleDeferredAnswers() }
        startTime = clock.now()
        id = try host.requestChat(nickname: nickname, subject: subject, userData: userData)
        lastSnapshot = try host.chat(id)
    }

    // MARK: The customer

    /// SendMessage: the customer says `text` (after waiting for the agent to join).
    public func say(_ text: String) throws(ChatError) {
        try customerAction { () throws(ChatError) in try host.sendMessage(text, to: id) }
    }

    /// SendStartTypingNotification.
    public func startTyping() throws(ChatError) {
        try customerAction { () throws(ChatError) in try host.startTyping(in: id) }
    }

    /// SendStopTypingNotification.
    public func stopTyping() throws(ChatError) {
        try customerAction { () throws(ChatError) in try host.stopTyping(in: id) }
    }

    /// Complete: the customer leaves; the chat becomes `Idle`.
    public func complete() throws(ChatError) {
        try customerAction { () throws(ChatError) in try host.complete(id) }
    }

    /// Runs one customer action, then what falls due at that same instant (the bot's answer to it
    /// with no delay, a farewell): the host asks its bot off the request, on the clock.
    func customerAction(_ action: () throws(ChatError) -> Void) throws(ChatError) {
        waitForAgentToJoin(within: joinTimeout)
        refresh()
        countAtLastCustomerAction = messages.count
        try action()
        clock.advance(by: .zero)
    }

    // MARK: Time

    /// Virtual time since the chat was requested.
    public var elapsed: Duration {
        .milliseconds(Int64((clock.now().timeIntervalSince(startTime) * 1000).rounded()))
    }

    /// Moves virtual time forward, running everything that falls due on the way (replies,
    /// timers, the system participant's messages).
    public func advance(by duration: Duration) {
        clock.advance(by: duration)
    }

    /// Runs everything scheduled until nothing is left but the system participant's periodic
    /// messages, moving time as far as needed.
    /// - Important: A bot's timers run too: a bot that nudges a quiet customer after a minute
    ///   has nudged when this returns. Use ``advance(by:)`` to stop short of them.
    /// - Returns: how far time moved.
    @discardableResult
    public func runUntilIdle() -> Duration {
        clock.runUntilIdle()
    }

    /// Moves time to each pending deadline in turn until `condition` holds or `timeout` has
    /// passed; time ends at the moment the condition became true, or at the timeout.
    /// - Returns: whether the condition holds.
    @discardableResult
    public func wait(within timeout: Duration, until condition: (TestChat) -> Bool) -> Bool {
        let limit = clock.now().addingTimeInterval(timeout.timeInterval)
        while !condition(self) {
            guard let next = clock.nextDeadline, next <= limit else {
                clock.advance(to: limit)
                return condition(self)
            }
            clock.advance(to: next)
        }
        return true
    }

    /// Waits until the agent has joined.
    /// - Returns: whether it has.
    @discardableResult
    public func waitForAgentToJoin(within timeout: Duration = .seconds(30)) -> Bool {
        wait(within: timeout) { $0.agentHasJoined }
    }

    /// Waits for the next agent text after those already counted in ``agentReplies``, and
    /// returns it; `nil` when none came within `timeout`.
    public func waitForAgentText(within timeout: Duration = .seconds(10)) -> String? {
        let before = agentReplies.count
        guard wait(within: timeout, until: { $0.agentReplies.count > before }) else { return nil }
        return agentReplies[before]
    }

    // MARK: Reading

    /// The agent's text messages since the customer's last action (or since the start).
    public var agentReplies: [String] {
        refresh()
        return messages[countAtLastCustomerAction...].compactMap(Self.agentText)
    }

    /// Every text message of the agent so far.
    public var allAgentReplies: [String] {
        refresh()
        return messages.compactMap(Self.agentText)
    }

    /// The agent's latest text message.
    public var lastAgentReply: String? {
        refresh()
        return messages.last(where: { Self.agentText($0) != nil })?.text
    }

    /// The chat as GetChat shows it.
    public var snapshot: ChatSnapshot {
        // The host never forgets a chat, so the lookup cannot fail; keep the last one anyway.
        if let current = try? host.chat(id) { lastSnapshot = current }
        return lastSnapshot
    }

    /// `WaitingForAgent`, `Chatting` or `Idle`.
    public var state: ChatState { snapshot.state }

    /// The operations the customer may use now (none once `Idle`).
    public var capabilities: [ChatOperation] { snapshot.capabilities }

    /// Whether the bot handed the chat over and no person has taken it yet (the agent console's
    /// "Needs a person"; `.convo`'s `needs a person`).
    public var needsPerson: Bool { snapshot.needsPerson }

    /// Whether the agent has joined.
    public var agentHasJoined: Bool { snapshot.participants.contains { $0.kind == .agent } }

    /// The bot's memory for this chat as it left it after its latest event: for a rules bot,
    /// read it with `RuleBotState(memory: chat.responderMemory)` (variables, topic).
    public var responderMemory: ResponderMemory { tap.latest }

    /// The bot's parts (a rules bot's rules), to name the one that answered.
    public var responderParts: [ResponderPart] { tap.parts }

    /// What the bot said about how it decided, event by event (its `AgentReply.trace`).
    public var responderTrace: [ResponderTraceEntry] { traces.entries }

    /// Fetches the messages added since the last read (only the new ones are copied).
    private func refresh() {
        guard let new = try? host.transcript(of: id, from: messages.count + 1, markingReceived: false), !new.isEmpty else { return }
        messages.append(contentsOf: new)
    }

    private static func agentText(_ message: ChatMessage) -> String? {
        message.kind == .text && message.from.kind == .agent ? message.text : nil
    }
}
