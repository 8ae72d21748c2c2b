import ChatCore
import Testing
@testable import RuleBot

@Suite struct SupportBotTests {
    static func chat() throws -> ChatDriver {
        ChatDriver(try RuleResponder(path: BotFiles.path("support.rules")))
    }

    @Test func supportRules_loadWithoutWarnings() throws {
        let book = try RuleBookLoader.load(path: BotFiles.path("support.rules"))
        #expect(book.warnings.isEmpty, "\(book.warnings)")
        #expect(book.agentNickname == "Sam")
    }

    @Test func support_greetsTheCustomerByNickname() throws {
        var chat = try Self.chat()
        #expect(chat.send(.agentJoined) == ["Hi Alice, I'm Sam from Northwind Shop. How can I help you today?"])
    }

    @Test func support_asksForTheOrderNumber_thenRemembersIt() throws {
        var chat = try Self.chat()
        #expect(chat.say("Where is my order?").contains("What is your order number?"))
        let answer = chat.say("It's 123456")
        #expect(answer.contains("Order 123456"))
        #expect(chat.memory["var.order"] == "123456")
        #expect(chat.say("and when will it arrive?").contains("Order 123456 is with the courier"))
    }

    @Test func support_refundTopic_asksWhy_thenHandlesDamagedItems() throws {
        var chat = try Self.chat()
        _ = chat.say("my order 654321 hasn't come")
        #expect(chat.say("I want a refund").contains("damaged or faulty, or did you change your mind"))
        #expect(chat.memory["topic"] == "refunds")
        let answer = chat.say("It arrived broken")
        #expect(answer.contains("refund 654321 in full"))
        #expect(chat.memory["topic"] == nil)
        #expect(chat.memory["var.refund_reason"] == "damaged")
    }

    @Test func support_refundTopic_repeatsTheQuestion_whenTheAnswerIsUnclear() throws {
        var chat = try Self.chat()
        _ = chat.say("Can I get my money back?")
        #expect(chat.say("hmm, purple").contains("Did the item arrive damaged, or did you change your mind?"))
        #expect(chat.say("never mind").contains("no refund then"))
        #expect(chat.memory["topic"] == nil)
    }

    @Test func support_escalatesAtAnyPoint_evenInsideTheRefundTopic() throws {
        var chat = try Self.chat()
        _ = chat.say("I want to return this")
        #expect(chat.say("This is ridiculous, let me talk to a manager").contains("opened a ticket"))
        #expect(chat.memory["var.escalated"] == "yes")
    }

    @Test func support_answersOpeningHours_withNormalisedInput() throws {
        var chat = try Self.chat()
        #expect(chat.say("what's your opening hours?").contains("Monday to Friday"))
    }

    @Test func support_goodbyeEndsTheChat() throws {
        var chat = try Self.chat()
        #expect(chat.say("ok bye").contains("Have a great day"))
        #expect(chat.lastReply.actions.last?.kind == .leave)
    }

    @Test func support_noAfterAnythingElse_endsTheChat_butNoOnItsOwnDoesNot() throws {
        var chat = try Self.chat()
        #expect(!chat.say("no").contains("Goodbye"))
        _ = chat.say("thanks")
        #expect(chat.say("no thanks").contains("Goodbye"))
        #expect(chat.lastReply.actions.last?.kind == .leave)
    }

    @Test func support_fallbackRotates() throws {
        var chat = try Self.chat()
        let first = chat.say("purple elephants")
        let second = chat.say("purple elephants")
        #expect(first.contains("I'm not sure I understood"))
        #expect(second.contains("Could you put it another way?"))
    }

    @Test func support_nudgesACustomerWhoTypesButSendsNothing() throws {
        var chat = try Self.chat()
        _ = chat.send(.customerTypingStarted)
        #expect(chat.lastReply.actions.map(\.kind) == [.startTimer(name: "idle-30.0", after: .seconds(30), cancelledByCustomer: true)])
        #expect(chat.send(.timerFired(name: "idle-30.0")) == ["Take your time, Alice. I'm here when you're ready."])
    }

    @Test func support_sayFarewell_whenTheCustomerLeaves() throws {
        var chat = try Self.chat()
        #expect(chat.send(.customerLeft) == ["Thanks for chatting with Northwind Shop. Goodbye!"])
    }

    @Test func support_showsTypingBeforeEachMessage_forATimeProportionalToItsLength() throws {
        var chat = try Self.chat()
        _ = chat.say("123456")
        let actions = chat.lastReply.actions
        #expect(actions.count == 4)
        #expect(actions[0].kind == .startTyping)
        guard actions[1].kind.code == .say, let first = actions[1].kind.text else { Issue.record("expected a message"); return }
        // 40 characters per second, at most 3 seconds.
        #expect(actions[1].delay == .milliseconds(Int64((min(Double(first.count) / 40, 3) * 1000).rounded())))
        #expect(actions[2].delay == .milliseconds(500))
        #expect(actions[1].origin?.hasPrefix("support.rules:") == true || actions[1].origin?.contains("support.rules:") == true)
    }
}
