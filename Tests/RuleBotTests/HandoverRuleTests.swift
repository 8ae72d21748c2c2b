import BotTesting
import ChatCore
import LineFormat
import Testing
@testable import RuleBot

/// `=> handover [TEXT]`: a rule hands the chat over to a person.
@Suite struct HandoverRuleTests {
    static let rules = """
        option typing off
        rule
          match \\b(human|person)\\b
          reply => handover Let me find a person for you, {$nickname}.
        rule
          match ^quiet handover$
          reply => handover
        fallback
          reply You said {$message}.

        """

    private func chat() throws -> TestChat {
        try TestChat.rules(Self.rules)
    }

    @Test func handover_saysItsText_flagsTheChat_andTheBotFallsSilent() throws {
        let chat = try chat()
        try chat.say("can I talk to a human?")
        chat.runUntilIdle()
        #expect(chat.allAgentReplies == ["Let me find a person for you, Ann."])
        #expect(chat.snapshot.needsPerson)
        #expect(chat.transcript.last?.origin == "t.rules:2")
        try chat.say("hello?")
        chat.runUntilIdle()
        #expect(chat.allAgentReplies == ["Let me find a person for you, Ann."])
    }

    @Test func handover_withoutText_saysNothing() throws {
        let chat = try chat()
        try chat.say("quiet handover")
        chat.runUntilIdle()
        #expect(chat.allAgentReplies.isEmpty)
        #expect(chat.snapshot.needsPerson)
    }

    /// A bot that answers being handed back and a hand-over nobody took.
    static let eventRules = """
        option typing off
        rule
          match \\bhuman\\b
          reply => handover Let me find a person for you.
        handed-back
          when $nickname = Bob
          reply Welcome back, Bob.
        handed-back
          reply I am back, {$nickname}. Anything else?
        handover-timed-out
          reply Sorry, nobody is free right now. Goodbye!
          leave
        fallback
          reply You said {$message}.

        """

    private func eventChat(nickname: String = "Ann", handoverTimeout: Duration? = nil) throws -> TestChat {
        try TestChat.rules(Self.eventRules, name: "e.rules", nickname: nickname, handoverTimeout: handoverTimeout)
    }

    @Test func aHandedBackBlock_answersWhenAPersonHandsTheChatBack() throws {
        let chat = try eventChat()
        try chat.say("a human please")
        chat.runUntilIdle()
        #expect(chat.needsPerson)
        try chat.host.takeOver(chat.id)
        #expect(!chat.needsPerson)
        try chat.host.handBack(chat.id)
        chat.runUntilIdle()
        #expect(chat.allAgentReplies == ["Let me find a person for you.", "I am back, Ann. Anything else?"])
        #expect(chat.transcript.last?.origin == "e.rules:8")
        try chat.say("thanks")
        chat.runUntilIdle()
        #expect(chat.allAgentReplies.last == "You said thanks.")
    }

    @Test func handedBackBlocks_areTriedInOrder_withTheirConditions() throws {
        let chat = try eventChat(nickname: "Bob")
        try chat.say("a human please")
        chat.runUntilIdle()
        try chat.host.takeOver(chat.id)
        try chat.host.handBack(chat.id)
        chat.runUntilIdle()
        #expect(chat.allAgentReplies.last == "Welcome back, Bob.")
    }

    @Test func aHandoverTimedOutBlock_answersWhenNobodyTakesTheChat() throws {
        let chat = try eventChat(handoverTimeout: .seconds(120))
        try chat.say("a human please")
        chat.advance(by: .seconds(1))
        #expect(chat.needsPerson)
        chat.advance(by: .seconds(118))
        #expect(chat.allAgentReplies == ["Let me find a person for you."])
        chat.advance(by: .seconds(1))
        chat.runUntilIdle()
        #expect(chat.allAgentReplies == ["Let me find a person for you.", "Sorry, nobody is free right now. Goodbye!"])
        #expect(!chat.needsPerson)
        #expect(chat.state == .idle)
    }

    @Test func eventBlocks_answerEvents_notMessages() {
        for block in ["handed-back", "handover-timed-out"] {
            #expect(compileError("\(block)\n  match hello\n  reply Hi\n").contains("a \(block) answers an event, not a message"))
        }
    }

    @Test func anUnknownAction_namesHandoverAmongTheChoices() {
        #expect(compileError("rule\n  match x\n  reply => handoff\n").contains("`=> handover [TEXT]`"))
    }
}
