import ChatCore
import Locking
import Testing

/// The core carries out whatever a responder answers: several steps with delays, typing, timers
/// that customer activity cancels, leaving, per-chat memory, farewells.
@Suite struct ResponderSeamTests {
    @Test func multiStepReply_runsStepAfterStep_withItsDelays() throws {
        let responder = ClosureResponder { event, _ in
            guard event.kind == .customerText else { return .none }
            return AgentReply([
                AgentAction(.startTyping),
                AgentAction(.say("one"), delay: .seconds(2), origin: "bot.rules:3"),
                AgentAction(.say("two"), delay: .seconds(1)),
            ])
        }
        let (host, clock) = try makeHost(responder: responder, joinDelay: .zero, replyDelay: .zero)
        let id = try host.requestChat(nickname: "n", subject: "s")
        try host.sendMessage("hi", to: id)
        clock.advance(by: .zero)
        #expect(try host.allMessages(id).last?.kind == .typingStarted)
        clock.advance(by: .seconds(2))
        #expect(try host.texts(id, from: .agent) == ["one"])
        #expect(try host.allMessages(id).last?.origin == "bot.rules:3")
        clock.advance(by: .seconds(1))
        #expect(try host.texts(id, from: .agent) == ["one", "two"])
    }

    /// A bot that nudges a customer who started typing and then said nothing for 10 s.
    private let nudger = ClosureResponder { event, _ in
        switch event.kind {
        case .customerTypingStarted:
            return AgentReply([AgentAction(.startTimer(name: "nudge", after: .seconds(10), cancelledByCustomer: true))])
        case .timerFired where event.timerName == "nudge":
            return AgentReply([.say("Still there?")])
        default:
            return .none
        }
    }

    @Test func timer_firesWhenTheCustomerStaysQuiet() throws {
        let (host, clock) = try makeHost(responder: nudger, joinDelay: .zero)
        let id = try host.requestChat(nickname: "n", subject: "s")
        try host.startTyping(in: id)
        clock.advance(by: .seconds(9))
        #expect(try host.texts(id, from: .agent).isEmpty)
        clock.advance(by: .seconds(1))
        #expect(try host.texts(id, from: .agent) == ["Still there?"])
    }

    @Test func timer_isCancelledByLaterCustomerActivity() throws {
        let (host, clock) = try makeHost(responder: nudger, joinDelay: .zero)
        let id = try host.requestChat(nickname: "n", subject: "s")
        try host.startTyping(in: id)
        clock.advance(by: .seconds(5))
        try host.sendMessage("here it is", to: id)
        clock.advance(by: .seconds(30))
        #expect(try host.texts(id, from: .agent).isEmpty)
    }

    @Test func agentLeaving_endsTheChat() throws {
        let responder = ClosureResponder { event, _ in
            guard event == .customerText("bye") else { return .none }
            return AgentReply([.say("Goodbye!"), AgentAction(.leave), .say("never said")])
        }
        let (host, clock) = try makeHost(responder: responder, joinDelay: .zero, replyDelay: .zero)
        let id = try host.requestChat(nickname: "n", subject: "s")
        try host.sendMessage("bye", to: id)
        clock.advance(by: .zero)
        #expect(try host.chat(id).state == .idle)
        #expect(try host.texts(id, from: .agent) == ["Goodbye!"])
        let last = try host.allMessages(id).last
        #expect(last?.kind == .participantLeft && last?.from.kind == .agent)
        #expect(throws: ChatError.self) { try host.sendMessage("hello?", to: id) }
    }

    @Test func memory_isKeptPerChat() throws {
        let counter = ClosureResponder { event, context in
            guard event.kind == .customerText else { return .none }
            let count = Int(context.memory["count"] ?? "0")! + 1
            context.memory["count"] = String(count)
            return AgentReply([.say("message \(count)")])
        }
        let (host, clock) = try makeHost(responder: counter, joinDelay: .zero, replyDelay: .zero)
        let first = try host.requestChat(nickname: "a", subject: "s")
        let second = try host.requestChat(nickname: "b", subject: "s")
        try host.sendMessage("x", to: first)
        try host.sendMessage("x", to: first)
        try host.sendMessage("x", to: second)
        clock.advance(by: .zero)
        #expect(try host.texts(first, from: .agent) == ["message 1", "message 2"])
        #expect(try host.texts(second, from: .agent) == ["message 1"])
    }

    @Test func farewell_isPostedWhenTheCustomerCompletes_atOnceAndWithoutItsOtherSteps() throws {
        let responder = ClosureResponder { event, _ in
            guard event.kind == .customerLeft else { return .none }
            return AgentReply([.say("Thanks for chatting!", delay: .seconds(3)), AgentAction(.startTyping)])
        }
        let (host, clock) = try makeHost(responder: responder, joinDelay: .zero)
        let id = try host.requestChat(nickname: "n", subject: "s")
        try host.complete(id)
        #expect(try host.chat(id).state == .idle)
        clock.advance(by: .zero)
        let tail = try host.allMessages(id).suffix(2)
        #expect(tail.map(\.kind) == [.participantLeft, .text])
        #expect(tail.last?.text == "Thanks for chatting!")
    }

    @Test func agentReplyFinished_comesAfterTheReplysLastStep_andOnlyWhenNothingElseWaits() throws {
        let events = Locked<[String]>([])
        let responder = ClosureResponder { event, _ in
            events.withLock { $0.append(event.description) }
            guard event.kind == .customerText else { return .none }
            return AgentReply([AgentAction(.startTyping), .say("answer to \(event.text ?? "")", delay: .seconds(2))])
        }
        let (host, clock) = try makeHost(responder: responder, joinDelay: .zero, replyDelay: .zero)
        let id = try host.requestChat(nickname: "n", subject: "s")
        clock.advance(by: .zero)
        try host.sendMessage("one", to: id)
        try host.sendMessage("two", to: id)
        clock.advance(by: .seconds(1))
        // "two" waits behind the reply to "one", which is still typing.
        #expect(events.withLock { $0 } == ["agentJoined", "customerText(one)"])
        clock.advance(by: .seconds(1))
        #expect(events.withLock { $0 } == ["agentJoined", "customerText(one)", "customerText(two)"])
        clock.advance(by: .seconds(2))
        #expect(events.withLock { $0 } == ["agentJoined", "customerText(one)", "customerText(two)", "agentReplyFinished(customerText)"])
        let agent = try host.allMessages(id).filter { $0.from.kind == .agent && $0.kind != .participantJoined }
        #expect(agent.map(\.kind) == [.typingStarted, .text, .typingStarted, .text])
        #expect(agent.compactMap(\.text) == ["answer to one", "answer to two"])
    }

    @Test func slowResponder_doesNotHoldTheChatsLock_whileItThinks() throws {
        let host = Locked<ChatHost?>(nil)
        let seenDuringCall = Locked<ChatState?>(nil)
        let responder = ClosureResponder { event, context in
            guard event.kind == .customerText else { return .none }
            // Reading the same chat from inside the call would deadlock if the lock were held.
            seenDuringCall.withLock { $0 = try? host.withLock { $0 }?.chat(context.chat.id).state }
            return AgentReply([.say("ok")])
        }
        let (made, clock) = try makeHost(responder: responder, joinDelay: .zero, replyDelay: .zero)
        host.withLock { $0 = made }
        defer { host.withLock { $0 = nil } }  // the host holds the responder, which holds the box
        let id = try made.requestChat(nickname: "n", subject: "s")
        try made.sendMessage("hi", to: id)
        clock.advance(by: .zero)
        #expect(seenDuringCall.withLock { $0 } == .chatting)
        #expect(try made.texts(id, from: .agent) == ["ok"])
    }

    @Test func agentIsAnswering_untilItsReplyIsPosted_notWhileOnlyATimerWaits() throws {
        let responder = ClosureResponder { event, _ in
            switch event.kind {
            case .customerText: AgentReply([.say("ok", delay: .seconds(2))])
            case .agentReplyFinished: AgentReply([AgentAction(.startTimer(name: "nudge", after: .seconds(60), cancelledByCustomer: true))])
            default: .none
            }
        }
        let (host, clock) = try makeHost(responder: responder, joinDelay: .zero, replyDelay: .zero)
        let id = try host.requestChat(nickname: "n", subject: "s")
        clock.advance(by: .zero)
        #expect(try host.agentIsAnswering(in: id) == false)
        try host.sendMessage("hi", to: id)
        #expect(try host.agentIsAnswering(in: id))
        clock.advance(by: .seconds(1))
        #expect(try host.agentIsAnswering(in: id))
        clock.advance(by: .seconds(1))
        #expect(try host.agentIsAnswering(in: id) == false)
        #expect(clock.hasPendingWork)  // the nudge timer
    }

    @Test func greeting_isAnsweredWhenTheAgentJoins() throws {
        let responder = ClosureResponder(agentNickname: "Ada") { event, context in
            guard event.kind == .agentJoined else { return .none }
            return AgentReply([.say("Hello \(context.chat.customerNickname), about \(context.chat.subject)?")])
        }
        let (host, clock) = try makeHost(responder: responder, joinDelay: .seconds(2, 2))
        let id = try host.requestChat(nickname: "Chris", subject: "billing")
        clock.advance(by: .seconds(2))
        #expect(try host.texts(id, from: .agent) == ["Hello Chris, about billing?"])
        #expect(try host.chat(id).participants.last?.nickname == "Ada")
    }
}
