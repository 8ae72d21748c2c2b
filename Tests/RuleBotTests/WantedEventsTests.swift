import ChatCore
import RuleBot
import Testing

/// A rules bot asks to hear about typing, the end of its replies and the customer leaving only
/// when a block of its file answers them, so the agent's queue skips them otherwise.
@Suite struct WantedEventsTests {
    static func responder(_ text: String) throws -> RuleResponder {
        RuleResponder(book: try RuleBookLoader.compile(text: text, name: "t.rules"))
    }

    static let plain = "rule\n  match .\n  reply Hm.\n"

    @Test func aBotWithoutIdleOrFarewellBlocks_wantsTextsAndItsJoinOnly() throws {
        let bot = try Self.responder("greeting\n  reply Hi.\n\n" + Self.plain)
        #expect(bot.wantsEvents(of: .customerText))
        #expect(bot.wantsEvents(of: .agentJoined))
        #expect(!bot.wantsEvents(of: .customerTypingStarted))
        #expect(!bot.wantsEvents(of: .customerTypingStopped))
        #expect(!bot.wantsEvents(of: .agentReplyFinished))
        #expect(!bot.wantsEvents(of: .customerLeft))
    }

    @Test func eachBlock_asksForTheEventsItAnswers() throws {
        let idle = try Self.responder("idle 30\n  reply Still there?\n\n" + Self.plain)
        #expect(idle.wantsEvents(of: .customerTypingStarted))
        #expect(idle.wantsEvents(of: .customerTypingStopped))
        #expect(!idle.wantsEvents(of: .agentReplyFinished))

        let afterReply = try Self.responder("idle 30 after reply\n  reply Anything else?\n\n" + Self.plain)
        #expect(afterReply.wantsEvents(of: .agentReplyFinished))
        #expect(!afterReply.wantsEvents(of: .customerTypingStarted))

        let farewell = try Self.responder("farewell\n  reply Bye.\n\n" + Self.plain)
        #expect(farewell.wantsEvents(of: .customerLeft))
    }
}
