import ChatCore
@testable import ConversationTests
import Foundation
import LineFormat
import RuleBot
import Testing

/// The `.convo` features past Botium: negative expectations, one rule for letter case, asserting
/// which rule answered and the bot's state, variables set before a test, utterance lists, shared
/// steps, and values captured from a reply and used later.
@Suite struct ConversationFeatureTests {
    static let rules = """
        agent Sam
        option typing off
        greeting
          reply Hello {$nickname}!
        rule order
          match (?<number>\\d{6})
          set order = {number}
          reply Order {number} ships tomorrow. Reference R-{number}.
        rule refund
          match \\brefund\\b
          enter-topic refunds
          reply Was it damaged?
        topic refunds
        rule damaged
          match \\b(yes|damaged)\\b
          leave-topic
          reply Sorry! A label is on its way.
        end topic
        rule known
          when $order
          match \\bstatus\\b
          reply Order {$order} is on its way.
        rule hello
          match ^(hi|hello|hey|good morning)\\b
          reply Hi there!
        fallback
          reply Sorry?
        """

    static func bot() throws -> RuleResponder {
        RuleResponder(book: try RuleBookLoader.compile(text: rules, name: "Bots/sam.rules"))
    }

    static func run(_ text: String) throws -> [TestOutcome] {
        let file = try ConversationParser.parse(text: "bot sam\njoin-delay 0s\nreply-delay 0s\n" + text, path: "t.convo").get()
        let responder = try bot()
        return file.tests.map { ConversationSuite().runTest($0, in: file, with: responder) }
    }

    static func errors(_ text: String) -> [SourceDiagnostic] {
        guard case .failure(let errors) = ConversationParser.parse(text: "bot sam\n" + text, path: "t.convo") else { return [] }
        return errors.diagnostics
    }

    // MARK: Negative expectations

    @Test func doesNotSayContainOrMatch_passWhenTheReplyDiffers_andFailWhenItDoesNot() throws {
        let passing = try Self.run("test t\n  agent does not say Goodbye\n  customer says hi\n  agent does not contain refund\n  customer says x\n  agent does not match ^Hi\n")
        #expect(passing.map(\.passed) == [true], "\(passing.first?.failure?.message ?? "")")
        let failing = try #require(Self.run("test t\n  agent replies\n  customer says hi\n  agent does not contain THERE\n").first)
        #expect(failing.failure?.location.line == 7)
        #expect(failing.failure?.message == "expected anything but text containing \"THERE\" (ignoring case), but got \"Hi there!\"")
    }

    // MARK: Letter case

    @Test func containsAndMatches_ignoreCase_byDefault_andCompareIt_withFlagsCaseSensitive() throws {
        #expect(try Self.run("test t\n  agent replies\n  customer says HI\n  agent contains HI THERE\n  customer says x\n  agent matches ^sorry\n").map(\.passed) == [true])
        let strict = try Self.run("flags case-sensitive\ntest t\n  agent replies\n  customer says hi\n  agent contains HI THERE\n")
        #expect(strict.first?.failure?.message == "expected text containing \"HI THERE\", but got \"Hi there!\"")
        let perTest = try Self.run("test t\n  flags case-sensitive\n  agent replies\n  customer says hi\n  agent matches ^hi\n")
        #expect(perTest.first?.passed == false)
        #expect(try Self.run("test t\n  agent replies\n  customer says hi\n  agent says hi there!\n").first?.passed == false, "says is exact")
    }

    // MARK: Which rule answered, variables, topic

    @Test func answeredBy_acceptsTheRuleName_orItsFileAndLine() throws {
        #expect(try Self.run("test t\n  agent replies\n  answered by sam.rules:3\n  customer says hello\n  agent replies\n  answered by hello\n  answered by Bots/sam.rules:23\n").map(\.passed) == [true])
        let wrong = try #require(Self.run("test t\n  agent replies\n  customer says hello\n  agent replies\n  answered by order\n").first)
        #expect(wrong.failure?.message == "expected the reply to come from order, but Bots/sam.rules:23 (hello) answered")
        let early = try #require(Self.run("test t\n  answered by hello\n").first)
        #expect(early.failure?.message.contains("put it after an `agent says`") == true)
    }

    @Test func variableAndTopic_readTheBotsStateNow() throws {
        let text = """
            test t
              agent replies
              variable order =
              topic none
              customer says my order is 123456
              agent replies
              variable order = 123456
              customer says I want a refund
              agent says Was it damaged?
              topic refunds
              customer says yes
              agent replies
              topic none
            """
        #expect(try Self.run(text).map(\.passed) == [true])
        let wrong = try #require(Self.run("test t\n  agent replies\n  customer says 654321\n  agent replies\n  variable order = 123456\n").first)
        #expect(wrong.failure?.message == "expected the bot's variable order to be \"123456\", but it is \"654321\"")
        let topic = try #require(Self.run("test t\n  agent replies\n  topic refunds\n").first)
        #expect(topic.failure?.message == "expected the chat to be in topic refunds, but it is in no topic")
    }

    @Test func set_givesTheBotVariablesBeforeTheTestStarts() throws {
        let text = "set order = 777777\ntest t\n  agent replies\n  customer says status?\n  agent says Order 777777 is on its way.\ntest u\n  set order = 111111\n  agent replies\n  customer says status\n  agent contains 111111\n"
        #expect(try Self.run(text).map(\.passed) == [true, true])
        #expect(Self.errors("set = 1\ntest t\n  agent replies\n").first?.message.contains("set needs `NAME = VALUE`") == true)
    }

    // MARK: Utterances, shared steps, captures

    @Test func anUtteranceList_runsTheTestOncePerPhrasing_eachNamed() throws {
        let text = "utterances greetings\n  hi\n  Hello there\n  good morning\n  howdy\ntest greets back\n  agent replies\n  customer says @greetings\n  agent says Hi there!\n"
        let outcomes = try Self.run(text)
        #expect(outcomes.map(\.test.name) == ["greets back [hi]", "greets back [Hello there]", "greets back [good morning]", "greets back [howdy]"])
        #expect(outcomes.map(\.passed) == [true, true, true, false], "howdy is not a greeting the bot knows")
        #expect(outcomes.last?.failure?.message == "expected exactly \"Hi there!\", but got \"Sorry?\"")
        #expect(Self.errors("test t\n  customer says @nobody\n").first?.message.contains("no utterances named `nobody`") == true)
        let literal = try ConversationParser.parse(text: "bot sam\ntest t\n  customer says \\@sam hi\n", path: "t.convo").get()
        guard case .customerSays(let said) = literal.tests[0].steps[0].kind else { Issue.record("not a customer line"); return }
        #expect(said == "@sam hi")
    }

    @Test func sharedSteps_areIncludedIntoSeveralTests() throws {
        let text = "steps greeted\n  agent says Hello Customer!\n  customer says hi\n  agent says Hi there!\ntest one\n  include greeted\n  customer says 123456\n  agent contains 123456\ntest two\n  include greeted\n  customer says refund\n  agent says Was it damaged?\n"
        let outcomes = try Self.run(text)
        #expect(outcomes.map(\.passed) == [true, true])
        #expect(outcomes[0].test.steps.count == 5)
        #expect(Self.errors("test t\n  include nothing\n").first?.code == .undefinedName)
    }

    @Test func aCaptureFromAReply_isUsedLaterInTheSameTest() throws {
        let text = "test t\n  agent replies\n  customer says order 424242 please\n  agent matches ships (?<when>\\w+)\\. Reference (?<ref>R-\\d+)\n  customer says is {$when} sure?\n  agent says Sorry?\n  customer says status\n  agent says Order 424242 is on its way.\n  variable order = 424242\n  customer says 135790\n  agent contains {$ref}\n"
        let outcome = try #require(Self.run(text).first)
        #expect(outcome.failure?.location.line == 14)
        #expect(outcome.failure?.message == "expected text containing \"R-424242\" (ignoring case), but got \"Order 135790 ships tomorrow. Reference R-135790.\"")
        #expect(outcome.transcript.contains { $0.text == "is tomorrow sure?" })
        #expect(Self.errors("test t\n  customer says {$ref}\n").first?.message.contains("no earlier `matches` step captures `ref`") == true)
    }

    @Test func sharedStepsAndUtterances_canComeFromAnotherFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("include-\(UUID())")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("shared"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "# shared steps\nsteps greeted\n  agent says Hello Customer!\nutterances hellos\n  hi\n  hey\n".write(to: folder.appendingPathComponent("shared/common.pconvo"), atomically: true, encoding: .utf8)
        try "bot sam\njoin-delay 0s\ninclude shared/common.pconvo\ntest t\n  include greeted\n  customer says @hellos\n  agent says Hi there!\n".write(to: folder.appendingPathComponent("a.convo"), atomically: true, encoding: .utf8)
        let file = try ConversationParser.parse(contentsOf: folder.appendingPathComponent("a.convo").path).get()
        #expect(file.tests.map(\.name) == ["t [hi]", "t [hey]"])
        let responder = try Self.bot()
        #expect(file.tests.map { ConversationSuite().runTest($0, in: file, with: responder).passed } == [true, true])
        #expect(file.tests[0].steps[0].location.file.hasSuffix("shared/common.pconvo"), "a failure points at the shared file")

        try "steps x\n  agent replies\ntest nope\n  agent replies\n".write(to: folder.appendingPathComponent("bad.pconvo"), atomically: true, encoding: .utf8)
        try "bot sam\ninclude bad.pconvo\ninclude missing.pconvo\ninclude b.convo\ntest t\n  agent replies\n".write(to: folder.appendingPathComponent("b.convo"), atomically: true, encoding: .utf8)
        guard case .failure(let errors) = ConversationParser.parse(contentsOf: folder.appendingPathComponent("b.convo").path) else { Issue.record("expected errors"); return }
        let messages = errors.diagnostics.map(\.message)
        #expect(messages.contains { $0.contains("an included file holds only `steps`, `utterances` and `include` lines") })
        #expect(messages.contains { $0.contains("cannot read") && $0.contains("missing.pconvo") })
        #expect(messages.contains { $0.contains("includes itself") })
        #expect(Self.errors("include x.pconvo\ntest t\n  agent replies\n").first?.message.contains("needs the file on disk") == true)
    }
}
