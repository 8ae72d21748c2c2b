public import ChatCore
import Foundation
public import LineFormat
public import Logging

/// A `Responder` that answers from a compiled rule file.
///
/// Holds nothing per chat: variables, topic, rotations and memories live in the chat's
/// `ResponderMemory`; randomness comes from the chat's seeded generator.
public struct RuleResponder: RuleBookResponder {
    public let book: RuleBook
    let logger: Logger?
    /// Where `customer.NAME` variables are kept across chats.
    public let customers: any CustomerMemoryStore
    /// The bots that answer the book's functions (`function NAME = exec:COMMAND`), by name.
    public let functions: [String: any Responder]

    public var agentNickname: String { book.agentNickname }

    /// - Parameter customers: where `customer.NAME` variables live across chats; in memory for
    ///   as long as the responder lives by default (``FileCustomerMemory`` keeps them on disk).
    /// - Parameter functions: the bots that answer `{call: NAME …}`, by function name (see
    ///   ``RuleBook/functions``); a call of a function with no bot here is empty.
    public init(
        book: RuleBook, logger: Logger? = nil, customers: any CustomerMemoryStore = InMemoryCustomerMemory(),
        functions: [String: any Responder] = [:]
    ) {
        self.book = book
        self.logger = logger
        self.customers = customers
        self.functions = functions
    }

    /// Loads and compiles `path` (and its includes).
    public init(path: String, logger: Logger? = nil, customers: any CustomerMemoryStore = InMemoryCustomerMemory()) throws(SourceDiagnostics) {
        self.init(book: try RuleBookLoader.load(path: path), logger: logger, customers: customers)
    }

    /// Who the chat's customer is for `customer.NAME` variables; `nil` when the key is empty.
    func customerKey(of chat: ChatView) -> String? {
        customerKey(nickname: chat.customerNickname, userData: chat.userData)
    }

    /// Who a chat requested with `nickname` and `userData` is, for `customer.NAME` variables
    /// (`option customer-key`); `nil` when the key is empty. Tests use it to preset a customer.
    package func customerKey(nickname: String, userData: [String: String]) -> String? {
        let key: String? =
            switch book.options.customerKey {
            case .nickname: nickname
            case .userData(let name): userData[name]
            }
        return key.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The name of the timer that nudges a customer who typed but sent nothing for `seconds`, or
    /// (`afterReply`) who said nothing for `seconds` after the agent's reply.
    static func idleTimerName(_ seconds: Double, afterReply: Bool = false) -> String {
        afterReply ? "idle-after-reply-\(seconds)" : "idle-\(seconds)"
    }

    /// Typing and the end of a reply matter only to `idle` blocks, the customer leaving only to
    /// `farewell` blocks.
    public func forgetCustomers() throws { try customers.removeAll() }

    public func wantsEvents(of kind: ChatEvent.Kind) -> Bool {
        switch kind {
        case .customerTypingStarted, .customerTypingStopped: book.hasIdleBlocks(afterReply: false)
        case .agentReplyFinished: book.hasIdleBlocks(afterReply: true)
        case .customerLeft: !book.farewells.isEmpty
        // Told whether or not a block answers them (the host journals the turn either way).
        case .handedBack, .handoverTimedOut: true
        case _ where RuleFileSyntax.EventBlock.all.contains { $0.event == kind }: book.eventBlocks[kind.name] != nil
        default: true
        }
    }

    public func respond(to event: ChatEvent, context: inout ResponderContext) -> AgentReply {
        guard book.functions.isEmpty else { return respondWaiting(to: event, context: &context) }
        return evaluate(event, context: &context).reply
    }

    /// A bot with functions answers later: its calls go to other bots (see `FunctionCalls`).
    public var deferredAnswers: DeferredAnswers? {
        book.functions.isEmpty ? nil : DeferredAnswers(timeout: FunctionCalls.timeout * (FunctionCalls.maximumRounds + 1))
    }

    public func respond(to event: ChatEvent, context: ResponderContext, answer: ResponderAnswer) {
        FunctionCalls(responder: self).answer(event, context: context, results: [:], round: 0, answer: answer)
    }

    /// One pass over `event` with the calls' results known so far: the reply, the context after
    /// it, and the calls it still needs (then nothing it changed is kept, customers included).
    func evaluate(_ event: ChatEvent, context: ResponderContext, callResults: [FunctionCall: String]) -> (AgentReply, ResponderContext, [FunctionCall]) {
        var changed = context
        let (reply, _, needed) = evaluate(event, context: &changed, callResults: callResults)
        return (reply, changed, needed)
    }

    public func respond(to event: ChatEvent, context: inout ResponderContext, firedRules: inout Set<String>) -> AgentReply {
        let (reply, fired) = evaluate(event, context: &context)
        for index in fired { firedRules.insert(book.rules[index].location.fileAndLine) }
        return reply
    }

    /// The reply to `event`, and the indices of the rules that fired. A customer's turn holds
    /// that customer's memory from reading it to keeping what it changed, so concurrent chats of
    /// one customer never lose each other's updates; when the change cannot be kept, the turn
    /// fails (``AgentReply/failed(_:)``) and the chat's memory is left as it was.
    private func evaluate(_ event: ChatEvent, context: inout ResponderContext) -> (reply: AgentReply, firedRules: [Int]) {
        let (reply, fired, _) = evaluate(event, context: &context, callResults: [:])
        return (reply, fired)
    }

    private func evaluate(_ event: ChatEvent, context: inout ResponderContext, callResults: [FunctionCall: String]) -> (reply: AgentReply, firedRules: [Int], neededCalls: [FunctionCall]) {
        var engine = RuleEngine(book: book, chat: context.chat, memory: context.memory, random: context.random, logger: logger)
        engine.callResults = callResults
        let actions: [AgentAction]
        if let customer = customerKey(of: context.chat) {
            do {
                actions = try customers.withCustomer(customer) { values in
                    engine.customerValues = values
                    let actions = self.actions(answering: event, with: &engine)
                    // A pass that still needs calls is answered again: it keeps nothing.
                    return (actions, engine.neededCalls.isEmpty ? engine.customerChanges : [:])
                }
            } catch {
                return (.failed("\(error)"), [], [])
            }
        } else {
            actions = self.actions(answering: event, with: &engine)
        }
        context.memory = engine.memory
        context.random = engine.random
        if let text = actions.last(where: { $0.kind.code == .say })?.kind.text {
            context.memory.previousReply = text
        }
        let fired = engine.firedRules.map { book.rules[$0].location.fileAndLine }
        return (AgentReply(actions, trace: engine.trace, fired: fired), engine.firedRules, engine.neededCalls)
    }

    private func actions(answering event: ChatEvent, with engine: inout RuleEngine) -> [AgentAction] {
        switch event.kind {
        case .agentJoined:
            if let answer = engine.firstAnswer(among: book.greetings) { return actions(for: answer) }
        case .customerText:
            if let answer = engine.answer(message: event.text ?? "") { return actions(for: answer) }
        case .customerTypingStarted, .customerTypingStopped:
            return idleTimers(afterReply: false)
        case .agentReplyFinished where event.answered != .timerFired:
            // A nudge is a reply too: only replies to the customer (or the greeting) start the
            // after-reply timers, so a quiet customer is nudged once per silence.
            return idleTimers(afterReply: true)
        case .customerLeft:
            if let answer = engine.firstAnswer(among: book.farewells) {
                return answer.messages.map { .say($0, origin: answer.rule.location.fileAndLine) }
            }
        case _ where book.eventBlocks[event.kind.name] != nil:
            let blocks = book.eventBlocks[event.kind.name] ?? []
            let carriesText = RuleFileSyntax.EventBlock.all.contains { $0.event == event.kind && $0.carriesText }
            let answer = carriesText ? engine.firstAnswer(among: blocks, eventText: event.text ?? "") : engine.firstAnswer(among: blocks)
            if let answer { return actions(for: answer) }
        case .timerFired:
            let name = event.timerName ?? ""
            let matching = book.idles.filter {
                if case .idle(let seconds, let afterReply) = book.rules[$0].kind { Self.idleTimerName(seconds, afterReply: afterReply) == name } else { false }
            }
            if let answer = engine.firstAnswer(among: matching) { return actions(for: answer) }
        default:
            break
        }
        return []
    }

    /// One timer for each distinct delay of the `idle` blocks of one flavour, restarted by customer
    /// activity.
    private func idleTimers(afterReply wanted: Bool) -> [AgentAction] {
        var seen: Set<Double> = []
        var actions: [AgentAction] = []
        for index in book.idles {
            guard case .idle(let seconds, let afterReply) = book.rules[index].kind, afterReply == wanted, seen.insert(seconds).inserted else { continue }
            actions.append(
                AgentAction(
                    .startTimer(name: Self.idleTimerName(seconds, afterReply: afterReply), after: .milliseconds(Int64(seconds * 1000)), cancelledByCustomer: true),
                    origin: book.rules[index].location.fileAndLine))
        }
        return actions
    }

    /// The steps of an answer: typing for a time proportional to each message, the message, and
    /// leaving the chat if the rule says so.
    func actions(for answer: RuleEngine.Answer) -> [AgentAction] {
        let options = book.options
        let origin = answer.rule.location.fileAndLine
        var actions: [AgentAction] = []
        for (index, message) in answer.messages.enumerated() {
            let pause: Duration = index == 0 ? .zero : Self.duration(options.pauseBetweenMessagesSeconds)
            if options.typingCharactersPerSecond > 0 {
                let typing = min(Double(message.count) / options.typingCharactersPerSecond, options.typingMaximumSeconds)
                actions.append(AgentAction(.startTyping, delay: pause, origin: origin))
                actions.append(.say(message, delay: Self.duration(typing), origin: origin))
            } else {
                actions.append(.say(message, delay: pause, origin: origin))
            }
        }
        for (index, followUp) in answer.followUps.enumerated() {
            let pause: Duration = index == 0 && answer.messages.isEmpty ? .zero : Self.duration(options.pauseBetweenMessagesSeconds)
            actions.append(AgentAction(followUp, delay: pause, origin: origin))
        }
        if let text = answer.handover {
            actions.append(AgentAction(.handover(text.isEmpty ? nil : text), origin: origin))
        }
        if answer.leavesChat {
            actions.append(AgentAction(.leave, delay: answer.messages.isEmpty ? .zero : Self.duration(options.pauseBetweenMessagesSeconds), origin: origin))
        }
        return actions
    }

    static func duration(_ seconds: Double) -> Duration { .milliseconds(Int64((seconds * 1000).rounded())) }
}
