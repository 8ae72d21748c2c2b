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
        var configuration = ChatHostConfiguration()
        configuration.agentJoinDelay = .zero
        configuration.replyDelay = .zero
        return try TestChat(
            responder: RuleResponder(book: try RuleBookLoader.compile(text: Self.rules, name: "t.rules")), nickname: "Ann",
            configuration: configuration)
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

    @Test func anUnknownAction_namesHandoverAmongTheChoices() {
        do {
            _ = try RuleBookLoader.compile(text: "rule\n  match x\n  reply => handoff\n", name: "t.rules")
            Issue.record("compiled")
        } catch {
            #expect(error.description.contains("`=> handover [TEXT]`"))
        }
    }
}
