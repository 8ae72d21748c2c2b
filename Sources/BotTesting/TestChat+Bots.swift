import BotCatalog
public import ChatCore
public import Foundation
import LineFormat
import RuleBot

extension TestChat {
    /// A chat with the bot the catalog calls `name`: `last-character`, `NAME` for
    /// `NAME.rules` in `botsDirectory`, a `.rules` path, or `replay:PATH`, as `--bot` takes.
    ///
    /// ```swift
    /// Every chat made this way starts with an empty customer memory (a rules bot's
    /// `customer.NAME` variables), whatever other tests run beside it; `customer` presets it, as
    /// the customer's earlier chats would have (``newChat(nickname:subject:userData:seed:)`` keeps it).
    ///
    /// ```swift
    /// let chat = try TestChat(bot: "support", botsDirectory: URL(fileURLWithPath: "Bots"))
    /// #expect(chat.waitForAgentText() == "Hi Customer, I'm Sam from Northwind Shop. How can I help you today?")
    /// ```
    public convenience init(
        bot name: String, botsDirectory: URL = URL(fileURLWithPath: "Bots", isDirectory: true),
        nickname: String = "Customer", subject: String = "Test", userData: [String: String] = [:], seed: UInt64 = 1,
        configuration: ChatHostConfiguration = ChatHostConfiguration(), variables: [String: String] = [:],
        customer: [String: String] = [:]
    ) throws {
        let loaded = try BotCatalog(botsDirectory: botsDirectory).load(name)
        var responder = loaded.responder
        if let rules = responder as? any RuleBookResponder {
            // A customer memory of this chat's own, empty but for `customer`: whatever else runs.
            let customers = InMemoryCustomerMemory()
            let isolated = rules.withCustomerMemory(customers)
            if !customer.isEmpty {
                guard let key = isolated.customerKey(nickname: nickname, userData: userData) else {
                    throw TestChatSetupError(message: "customer variables need a customer, but the nickname (or the userData of the bot's `option customer-key`) is empty")
                }
                try customers.update(customer.mapValues { Optional($0) }, for: key)
            }
            responder = isolated
        } else if !customer.isEmpty {
            throw TestChatSetupError(message: "customer variables are a rules bot's; \(name) keeps none")
        }
        var state = RuleBotState()
        for (variable, value) in variables { state.setVariable(variable, value) }
        try self.init(
            responder: responder, nickname: nickname, subject: subject, userData: userData, seed: seed,
            configuration: configuration, memory: state.memory)
    }

    // MARK: A returning customer

    /// The customer comes back: completes this chat if it is still open, and returns a new chat
    /// with the same bot (so a rules bot still knows the customer's `customer.NAME` variables),
    /// as the same customer unless `nickname` or `userData` say otherwise.
    ///
    /// ```swift
    /// let first = try TestChat(bot: "pizza")
    /// try first.say("a large margherita")
    /// let second = try first.newChat()
    /// #expect(second.waitForAgentText()?.contains("margherita") == true)
    /// ```
    /// - Parameter userData: entries added to (or replacing) those of this chat.
    public func newChat(nickname: String? = nil, subject: String? = nil, userData: [String: String] = [:], seed: UInt64? = nil) throws -> TestChat {
        if state != .idle { try complete() }
        runUntilIdle()
        return try TestChat(
            responder: responder, nickname: nickname ?? request.nickname, subject: subject ?? request.subject,
            userData: request.userData.merging(userData) { $1 }, seed: seed ?? request.seed,
            configuration: request.configuration)
    }

    // MARK: Typing

    /// The customer types for `duration` and then sends `text`, as a person would.
    public func type(_ text: String, taking duration: Duration = .seconds(1)) throws(ChatError) {
        try startTyping()
        advance(by: duration)
        try say(text)
    }

    /// The customer starts typing and then sends nothing for `duration`: what `idle` rules answer.
    public func typeAndGoQuiet(for duration: Duration) throws(ChatError) {
        try startTyping()
        advance(by: duration)
    }

    // MARK: The bot

    /// The agent's steps still to come (join, reply steps, the bot's timers), earliest first.
    public var pendingAgentSteps: [PendingAgentStep] { (try? host.pendingAgentSteps(of: id)) ?? [] }

    /// The bot's pending timers by name, with the time left until each fires.
    public var pendingTimers: [String: Duration] {
        let now = clock.now()
        var timers: [String: Duration] = [:]
        for step in pendingAgentSteps where step.kind == .timer {
            timers[step.detail ?? ""] = .milliseconds(Int64((step.due.timeIntervalSince(now) * 1000).rounded()))
        }
        return timers
    }

    /// Waits for the agent to join, then runs its reply to its end (typing, messages, leaving),
    /// leaving the bot's timers pending, so a test can look at them or let them fire with ``advance(by:)``.
    public func finishAgentReply() {
        waitForAgentToJoin(within: joinTimeout)
        while (try? host.agentIsAnswering(in: id)) == true, let next = clock.nextDeadline { clock.advance(to: next) }
    }

    /// A rules bot's variable now (`nil` when it is not set).
    public func variable(_ name: String) -> String? { RuleBotState(memory: responderMemory).variable(name) }

    /// A rules bot's topic now (`nil` outside topics).
    public var topic: String? { RuleBotState(memory: responderMemory).topic }

    /// The agent's latest text message, with its origin.
    public var lastAgentMessage: ChatMessage? {
        transcript.last { $0.kind == .text && $0.from.kind == .agent }
    }

    /// The part of the bot (a rule) that sent the agent's latest text: its `ResponderPart.name`
    /// reads `support.rules:12 (order-status)`; `nil` if the bot does not say.
    public var lastAnsweringPart: ResponderPart? {
        guard let origin = lastAgentMessage?.origin else { return nil }
        return responderParts.first { $0.origin == origin } ?? ResponderPart(origin: origin, name: origin)
    }

    /// Whether the agent's latest text came from the rule called `rule`, or written at `rule`
    /// (`file:line`, the path shortened from the left if you like).
    public func lastReplyCame(from rule: String) -> Bool {
        guard let part = lastAnsweringPart else { return false }
        return part.name.hasSuffix("(\(rule))") || part.origin == rule || part.origin.hasSuffix("/" + rule)
    }

    // MARK: Printing

    /// The conversation so far, one message per line with its virtual time and origin, to attach
    /// to a failing expectation: `#expect(chat.lastAgentReply == "…", "\(chat.printableTranscript)")`.
    public var printableTranscript: String {
        transcript.map { message in
            let time = DurationGrammar.format(.milliseconds(Int64((message.time.timeIntervalSince(startTime) * 1000).rounded())))
            return "+\(time)\t\(message.stepText)" + (message.origin.map { "   [\($0)]" } ?? "")
        }.joined(separator: "\n")
    }
}
