@testable import BotCatalog
import ChatCore
@testable import ConversationTests
import Testing

/// Coverage reads the Responder seam (`parts`, `AgentReply.fired`), so a bot that is not a rules
/// bot gets coverage too: nothing downcasts to RuleBot's types.
@Suite struct CoverageSeamTests {
    /// A hand-written bot with two parts; only "greet" ever fires.
    struct TwoPartBot: Responder {
        var agentNickname: String { "Duo" }
        var parts: [ResponderPart] {
            [ResponderPart(origin: "duo:1", name: "duo:1 (greet)"), ResponderPart(origin: "duo:2", name: "duo:2 (answer)")]
        }

        func respond(to event: ChatEvent, context: inout ResponderContext) -> AgentReply {
            event.kind == .agentJoined ? AgentReply([.say("Hi", origin: "duo:1")], fired: ["duo:1"]) : .none
        }
    }

    @Test func aBotThatIsNotARulesBot_getsCoverage_fromItsPartsAndFiredRecord() throws {
        let file = try ConversationParser.parse(text: "bot duo\ntest t\n  agent says Hi\n", path: "duo.convo").get()
        var result = SuiteResult()
        result.outcomes = file.tests.map { ConversationSuite().runTest($0, in: file, with: TwoPartBot()) }
        result.bots = [SuiteResult.ExercisedBot(name: "duo", loaded: BotCatalog.LoadedBot(responder: TwoPartBot(), sourceFiles: []))]
        #expect(result.outcomes.map(\.passed) == [true])
        #expect(CoverageReport.render(result) == "coverage of duo: 1 of 2 rules fired\n  never fired: duo:2 (answer)\n")
    }
}
