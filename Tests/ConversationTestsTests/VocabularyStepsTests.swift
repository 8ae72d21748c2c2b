import ChatCore
@testable import ConversationTests
import LineFormat
import Testing

/// The `.convo` steps of the chat vocabulary: `notice TEXT`, `agent pushes URL`, and the
/// customer's `notices`, `pushes` and `changes nickname to`.
@Suite struct VocabularyStepsTests {
    /// Posts a notice and pushes a page for "ship"; echoes the customer's notice, page and nickname.
    static let bot = ClosureResponder(agentNickname: "Nia") { event, context in
        switch event.kind {
        case .customerText where event.text == "transfer": AgentReply([AgentAction(.transfer(to: "Pat"))])
        case .customerText where event.text == "again": AgentReply([AgentAction(.transfer(to: "Nia"))])
        case .customerText where event.text == "invite": AgentReply([AgentAction(.invite("Dana", supervisor: true))])
        case .customerText where event.text == "ship":
            AgentReply([AgentAction(.notice("Order shipped")), AgentAction(.pushURL("https://shop.example/track"))])
        case .customerNotice: AgentReply([.say("noted \(event.text ?? "")")])
        case .customerPushedURL: AgentReply([.say("seen \(event.text ?? "")")])
        case .customerNicknameChanged: AgentReply([.say("hi \(context.chat.customerNickname)")])
        default: .none
        }
    }

    /// Every step of the vocabulary, as ``bot`` answers them (also run live, through GMS).
    static let vocabulary = """
        test vocabulary
          customer says ship
          notice Order shipped
          agent pushes https://shop.example/track
          customer notices card declined
          agent says noted card declined
          customer pushes https://shop.example/cart
          agent says seen https://shop.example/cart
          customer changes nickname to Annie
          agent says hi Annie

        """

    @Test func theNewSteps_passWhenTheBotDoesIt() throws {
        let outcomes = try ConversationRunnerTests.run(Self.vocabulary, with: Self.bot)
        #expect(outcomes.map(\.passed) == [true], "\(outcomes.first?.failure?.message ?? "")")
    }

    @Test func transfers_andInvitations_areSteps() throws {
        let outcomes = try ConversationRunnerTests.run(
            """
            test conference
              customer says invite
              agent invites Dana
              customer says transfer
              agent transfers to Pat

            """, with: Self.bot)
        #expect(outcomes.map(\.passed) == [true], "\(outcomes.first?.failure?.message ?? "")")
        let wrong = try #require(ConversationRunnerTests.run("test t\n  customer says transfer\n  agent transfers to Sam\n", with: Self.bot).first?.failure)
        #expect(wrong.message == "expected Sam to join as the agent, but got \"agent joins\"")
    }

    @Test func aTransferBack_isARejoin_andTheEndedChatsTranscriptIsSaved() throws {
        let outcomes = try ConversationRunnerTests.run(
            """
            test back
              customer says again
              agent transfers back to Nia
              customer completes
              transcript saved

            """, with: Self.bot)
        #expect(outcomes.map(\.passed) == [true], "\(outcomes.first?.failure?.message ?? "")")
        let notBack = try #require(ConversationRunnerTests.run("test t\n  customer says transfer\n  agent transfers back to Pat\n", with: Self.bot).first?.failure)
        #expect(notBack.message == "expected Pat to rejoin as the agent, but got \"agent joins\"")
        let open = try #require(ConversationRunnerTests.run("test t\n  customer says hello\n  transcript saved\n", with: Self.bot).first?.failure)
        #expect(open.message.hasPrefix("expected the transcript to be saved (TranscriptSaveDone, which a server posts with `serve --transcript-save-done`), but nothing came within"))
        let typo = ConversationParser.parse(text: "bot last-character\ntest t\n  transcript done\n", path: "t.convo")
        guard case .failure(let errors) = typo else { Issue.record("parsed"); return }
        #expect(errors.description.contains("did you mean `transcript saved`"), "\(errors.description)")
    }

    @Test func aWrongNotice_orPage_fails_sayingWhatCame() throws {
        let notice = try #require(ConversationRunnerTests.run("test t\n  customer says ship\n  notice Order lost\n", with: Self.bot).first?.failure)
        #expect(notice.message == "expected a notice with exactly \"Order lost\", but got \"Order shipped\"")
        let push = try #require(ConversationRunnerTests.run("test t\n  customer says ship\n  agent pushes https://x.example\n", with: Self.bot).first?.failure)
        #expect(push.message == "expected the agent to push exactly \"https://x.example\", but got \"https://shop.example/track\"")
    }

    @Test(arguments: [
        ("  notice\n", "notice Your order has shipped."),
        ("  agent pushes\n", "agent pushes https://shop.example/track"),
        ("  customer changes nickname to\n", "customer changes nickname to Annie"),
    ])
    func aStepWithoutItsValue_isRefused_withAnExample(step: String, example: String) {
        let result = ConversationParser.parse(text: "bot last-character\ntest t\n" + step, path: "t.convo")
        guard case .failure(let errors) = result else { Issue.record("parsed"); return }
        #expect(errors.description.contains(example), "\(errors.description)")
    }
}
