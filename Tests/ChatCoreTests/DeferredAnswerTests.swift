import ChatCore
import Locking
import Testing

/// A bot that takes time (a webhook, a child process) answers later through ``ResponderAnswer``:
/// the chat's queue waits for it in order, a timeout on the host's clock or a failure gives the
/// bot's fallback, and late answers change nothing.
@Suite struct DeferredAnswerTests {
    /// Keeps every question it is asked; the test answers them when it chooses.
    final class LaterBot: Responder {
        let agentNickname = "Later"
        let deferredAnswers: DeferredAnswers?
        let asked = Locked<[(event: ChatEvent, context: ResponderContext, answer: ResponderAnswer)]>([])
        let abandoned = Locked<Int>(0)

        init(timeout: Duration = .seconds(5), fallback: AgentReply = .none) {
            deferredAnswers = DeferredAnswers(timeout: timeout, fallback: fallback)
        }

        func respond(to event: ChatEvent, context: inout ResponderContext) -> AgentReply {
            Issue.record("the host called the synchronous respond of a deferred responder")
            return .none
        }

        func respond(to event: ChatEvent, context: ResponderContext, answer: ResponderAnswer) {
            guard event.kind == .customerText else { return answer.reply(.none, context: context) }
            answer.onAbandon { [abandoned] in abandoned.withLock { $0 += 1 } }
            asked.withLock { $0.append((event, context.withoutTranscript(), answer)) }
        }

        var questions: [String] { asked.withLock { $0.compactMap(\.event.text) } }

        /// Answers question `index` by echoing it (and counting in memory).
        func echo(_ index: Int) {
            let (event, context, answer) = asked.withLock { $0[index] }
            var changed = context
            changed.memory["answered"] = String(Int(changed.memory["answered"] ?? "0")! + 1)
            answer.reply(AgentReply([.say("echo \(event.text ?? "")")]), context: changed)
        }
    }

    @Test func answersLater_inTheChatsOrder_oneQuestionAtATime() throws {
        let bot = LaterBot()
        let (host, clock) = try makeHost(responder: bot, joinDelay: .zero, replyDelay: .zero)
        let id = try host.requestChat(nickname: "n", subject: "s")
        try host.sendMessage("one", to: id)
        try host.sendMessage("two", to: id)
        clock.advance(by: .zero)
        #expect(bot.questions == ["one"])
        #expect(try host.agentIsAnswering(in: id))
        bot.echo(0)
        clock.advance(by: .zero)
        #expect(try host.texts(id, from: .agent) == ["echo one"])
        #expect(bot.questions == ["one", "two"])
        bot.echo(1)
        #expect(try host.texts(id, from: .agent) == ["echo one", "echo two"])
        #expect(bot.asked.withLock { $0[1].context.memory["answered"] } == "1")
        clock.advance(by: .zero)  // the end of the reply, which the bot answers at once
        #expect(try host.agentIsAnswering(in: id) == false)
    }

    @Test func noAnswerInTime_givesTheFallback_thenTheQueueGoesOn_andALateAnswerIsDropped() throws {
        let bot = LaterBot(timeout: .seconds(3), fallback: AgentReply([.say("One moment, please.")]))
        let (host, clock) = try makeHost(responder: bot, joinDelay: .zero, replyDelay: .zero)
        let id = try host.requestChat(nickname: "n", subject: "s")
        try host.sendMessage("one", to: id)
        try host.sendMessage("two", to: id)
        clock.advance(by: .seconds(2))
        #expect(try host.texts(id, from: .agent).isEmpty)
        clock.advance(by: .seconds(1))
        #expect(try host.texts(id, from: .agent) == ["One moment, please."])
        #expect(bot.abandoned.withLock { $0 } == 1)
        #expect(bot.asked.withLock { $0[0].answer.isAbandoned })
        #expect(bot.questions == ["one", "two"])
        bot.echo(0)  // too late
        #expect(try host.texts(id, from: .agent) == ["One moment, please."])
        bot.echo(1)
        #expect(try host.texts(id, from: .agent) == ["One moment, please.", "echo two"])
    }

    @Test func failure_givesTheFallback_withoutFallbackNothing() throws {
        let bot = LaterBot()
        let (host, clock) = try makeHost(responder: bot, joinDelay: .zero, replyDelay: .zero)
        let id = try host.requestChat(nickname: "n", subject: "s")
        try host.sendMessage("one", to: id)
        try host.sendMessage("two", to: id)
        clock.advance(by: .zero)
        bot.asked.withLock { $0[0].answer }.fail("HTTP 500")
        #expect(try host.texts(id, from: .agent).isEmpty)
        clock.advance(by: .zero)
        #expect(bot.questions == ["one", "two"])
        bot.echo(1)
        #expect(try host.texts(id, from: .agent) == ["echo two"])
    }

    @Test func aSlowChat_doesNotHoldUpAnother() throws {
        let bot = LaterBot()
        let (host, clock) = try makeHost(responder: bot, joinDelay: .zero, replyDelay: .zero)
        let slow = try host.requestChat(nickname: "slow", subject: "s")
        let quick = try host.requestChat(nickname: "quick", subject: "s")
        try host.sendMessage("first", to: slow)
        try host.sendMessage("second", to: quick)
        clock.advance(by: .zero)
        #expect(bot.questions == ["first", "second"])
        bot.echo(1)
        #expect(try host.texts(quick, from: .agent) == ["echo second"])
        #expect(try host.texts(slow, from: .agent).isEmpty)
    }

    @Test func theCustomerLeaving_whileAnAnswerIsOwed_stillGetsTheFarewellAsked() throws {
        let bot = LaterBot(timeout: .seconds(3))
        let (host, clock) = try makeHost(responder: bot, joinDelay: .zero, replyDelay: .zero)
        let id = try host.requestChat(nickname: "n", subject: "s")
        try host.sendMessage("one", to: id)
        clock.advance(by: .zero)
        try host.complete(id)
        clock.advance(by: .seconds(3))
        // The owed answer timed out; the queue went on to the customer's leaving.
        #expect(try host.agentIsAnswering(in: id) == false)
    }

    /// Holds every customer text unanswered; says goodbye at once when the customer leaves.
    final class SlowThenFarewellBot: Responder {
        let agentNickname = "Later"
        let deferredAnswers: DeferredAnswers? = DeferredAnswers(timeout: .seconds(5))
        let held = Locked<[(answer: ResponderAnswer, context: ResponderContext)]>([])
        let abandoned = Locked<Int>(0)

        func respond(to event: ChatEvent, context: inout ResponderContext) -> AgentReply { .none }

        func respond(to event: ChatEvent, context: ResponderContext, answer: ResponderAnswer) {
            switch event.kind {
            case .customerText:
                answer.onAbandon { [abandoned] in abandoned.withLock { $0 += 1 } }
                held.withLock { $0.append((answer, context.withoutTranscript())) }
            case .customerLeft: answer.reply(AgentReply([.say("Goodbye!")]), context: context)
            default: answer.reply(.none, context: context)
            }
        }
    }

    /// A chat whose customer said one thing the bot has not answered yet, then left.
    private func aChatLeftWhileAnAnswerIsOwed() throws -> (SlowThenFarewellBot, ChatHost, ManualClock, ChatID) {
        let bot = SlowThenFarewellBot()
        let (host, clock) = try makeHost(responder: bot, joinDelay: .zero, replyDelay: .zero)
        let id = try host.requestChat(nickname: "n", subject: "s")
        try host.sendMessage("one", to: id)
        clock.advance(by: .zero)
        #expect(bot.held.withLock { $0.count } == 1)
        try host.complete(id)
        return (bot, host, clock, id)
    }

    @Test func theCustomerLeaving_whileAnAnswerIsOwed_getsTheFarewellAtOnce_andTheLateAnswerIsDropped() throws {
        let (bot, host, clock, id) = try aChatLeftWhileAnAnswerIsOwed()
        clock.advance(by: .zero)
        #expect(try host.texts(id, from: .agent) == ["Goodbye!"], "the farewell waited for the owed answer")
        let late = bot.held.withLock { $0[0] }
        late.answer.reply(AgentReply([.say("too late")]), context: late.context)
        clock.advance(by: .seconds(5))
        #expect(try host.texts(id, from: .agent) == ["Goodbye!"])
        #expect(try host.agentIsAnswering(in: id) == false)
    }

    @Test func anOwedAnswer_givenUp_whenTheCustomerLeft_stillTimesOut_soAStuckBotIsAbandoned() throws {
        let (bot, host, clock, id) = try aChatLeftWhileAnAnswerIsOwed()
        clock.advance(by: .seconds(4))
        #expect(bot.abandoned.withLock { $0 } == 0)
        clock.advance(by: .seconds(1))
        #expect(bot.abandoned.withLock { $0 } == 1)
        #expect(try host.texts(id, from: .agent) == ["Goodbye!"])
    }

    @Test func shutdown_abandonsTheAnswersOwed() throws {
        let bot = LaterBot()
        let (host, clock) = try makeHost(responder: bot, joinDelay: .zero, replyDelay: .zero)
        let id = try host.requestChat(nickname: "n", subject: "s")
        try host.sendMessage("one", to: id)
        clock.advance(by: .zero)
        #expect(host.hasDeferredAnswersInFlight)
        host.shutdown()
        #expect(bot.abandoned.withLock { $0 } == 1)
        #expect(!host.hasDeferredAnswersInFlight)
        bot.echo(0)
        #expect(try host.texts(id, from: .agent).isEmpty)
    }

    @Test func respondWaiting_givesTheAnswerToATool() throws {
        let bot = ClosureResponder { event, _ in AgentReply([.say("sync \(event.text ?? "")")]) }
        let (host, _) = try makeHost(responder: bot, joinDelay: .zero, replyDelay: .zero)
        let id = try host.requestChat(nickname: "n", subject: "s")
        var context = ResponderContext(chat: try host.view(of: id), random: ChatRandom(seed: 1), now: ManualClock.defaultStart)
        #expect(bot.respondWaiting(to: .customerText("x"), context: &context).actions == [.say("sync x")])
    }
}
