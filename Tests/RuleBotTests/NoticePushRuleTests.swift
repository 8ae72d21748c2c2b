import BotTesting
import ChatCore
import LineFormat
import Testing
@testable import RuleBot

/// `=> notice TEXT`, `=> push URL` and the `on EVENT` blocks: a rules bot posts notices and
/// pushes pages, and answers what the customer does besides writing.
@Suite struct NoticePushRuleTests {
    static let rules = """
        option typing off
        rule
          match \\bshipped\\b
          reply => notice Order {$userdata.order} has shipped.
        rule
          match \\btrack\\b
          reply => push https://shop.example/track
        on notice
          reply Noted: {$message}
        on push
          reply I see you are on {$message}.
        on nickname
          reply Nice to meet you, {$nickname}.
        on data
          reply Your plan is {$userdata.plan} now.
        fallback
          reply You said {$message}.

        """

    private func chat() throws -> TestChat {
        try TestChat.rules(Self.rules, userData: ["order": "A-7"])
    }

    @Test func notice_andPush_postTheirOwnTypes() throws {
        let chat = try chat()
        try chat.say("has it shipped?")
        try chat.say("where can I track it?")
        chat.runUntilIdle()
        #expect(chat.agentNotices == ["Order A-7 has shipped."])
        #expect(chat.agentPushedURLs == ["https://shop.example/track"])
        #expect(chat.allAgentReplies.isEmpty, "neither is a Text")
        #expect(chat.transcript.last?.origin == "t.rules:5")
    }

    @Test func onBlocks_answerTheCustomersNotices_pages_nickname_andData() throws {
        let chat = try chat()
        try chat.sendNotice("card declined")
        try chat.pushURL("https://shop.example/cart")
        try chat.changeNickname(to: "Annie")
        try chat.updateData(["plan": "gold"])
        chat.runUntilIdle()
        #expect(
            chat.allAgentReplies == [
                "Noted: card declined", "I see you are on https://shop.example/cart.", "Nice to meet you, Annie.", "Your plan is gold now.",
            ])
    }

    @Test(arguments: [
        ("rule\n  match x\n  reply => push\n", "`=> push` needs one URL without spaces"),
        ("rule\n  match x\n  reply => push shop.example/help\n", "`shop.example/help` is not a web address"),
        ("rule\n  match x\n  reply => notice\n", "`=> notice` needs the notice's text"),
        ("on shout\n  reply x\n", "`on` needs one of notice, push, nickname, data"),
        ("on notice\n  match x\n  reply y\n", "an on notice answers an event, not a message"),
    ])
    func check_refusesMalformedActionsAndBlocks(text: String, expected: String) {
        let error = compileError(text)
        #expect(error.contains(expected), "\(error)")
    }
}
