import ChatCore
@testable import ConversationTests
import Foundation
import LastCharacterBot
import Testing
import LineFormat

@Suite struct ConversationRunnerTests {
    /// Runs every test of `text` against `responder`, offline.
    static func run(_ text: String, with responder: any Responder = LastCharacterResponder()) throws -> [TestOutcome] {
        let file = try ConversationParser.parse(text: "bot last-character\n" + text, path: "t.convo").get()
        return file.tests.map { ConversationSuite().runTest($0, in: file, with: responder) }
    }

    static let greeter = ClosureResponder(agentNickname: "Greta") { event, _ in
        switch event.kind {
        case .agentJoined: AgentReply([.say("Welcome!", origin: "greeter.rules:1")])
        case .customerText:
            AgentReply([
                AgentAction(.startTyping), AgentAction(.stopTyping, delay: .seconds(5)), .say("You said \(event.text ?? "")", origin: "greeter.rules:5"),
                AgentAction(.startTimer(name: "nudge", after: .seconds(30), cancelledByCustomer: true)),
            ])
        case .timerFired: AgentReply([.say("Still there?", origin: "greeter.rules:9"), AgentAction(.leave, delay: .seconds(1))])
        default: .none
        }
    }

    @Test func aMatchingConversation_passes() throws {
        let outcomes = try Self.run("test t\n  customer says Hi!\n  agent says Neat.\n  customer says Why?\n  agent contains question\n")
        #expect(outcomes.map(\.passed) == [true])
    }

    @Test func aWrongReply_fails_withTheFirstDifferenceMarked_andItsLine() throws {
        let outcome = try #require(Self.run("test t\n  customer says Hi!\n  agent says Ok.\n  customer says more\n").first)
        let failure = try #require(outcome.failure)
        #expect(failure.location.line == 4)
        #expect(failure.message == "expected exactly \"Ok.\", but got \"Neat.\"")
        let report = FailureReport.render(outcome)
        #expect(report.contains("  >> "))
        #expect(report.contains("agent says Ok.") && report.contains("agent says Neat."))
        #expect(report.contains("[last-character]"), "the rule behind each reply is shown")
        #expect(report.contains("customer says more") && report.contains("(not run)"))
    }

    @Test func anUnexpectedReply_failsBeforeTheCustomersNextLine() throws {
        let outcome = try #require(Self.run("test t\n  customer says Hi!\n  after 3s\n  customer says Hello?\n  agent says Good question...\n").first)
        #expect(outcome.failure?.location.line == 5)
        #expect(outcome.failure?.message.contains("the agent said \"Neat.\" before `customer says Hello?`") == true)
    }

    @Test func anUnexpectedReply_atTheEnd_fails() throws {
        let outcome = try #require(Self.run("test t\n  customer says Hi!\n  after 3s\n").first)
        #expect(outcome.failure?.message.contains("before the end of the test") == true)
    }

    @Test func noReply_fails_whenTheAgentAnswers() throws {
        let outcome = try #require(Self.run("test t\n  customer says Hi!\n  no reply\n").first)
        #expect(outcome.failure?.message == "expected no reply for 10s, but the agent said \"Neat.\"")
    }

    @Test func anExpectation_fails_whenNothingComesWithinTheTimeout() throws {
        let silent = ClosureResponder { _, _ in .none }
        let outcome = try #require(Self.run("timeout 3s\ntest t\n  customer says Hi!\n  agent replies\n", with: silent).first)
        #expect(outcome.failure?.message == "expected any text, but nothing came within 3s")
    }

    @Test func greetingTypingTimersAndLeaving_areCheckedOnlyWhenAsked() throws {
        let outcomes = try Self.run(
            """
            test greets, answers after typing, nudges, leaves
              agent says Welcome!
              customer says Hello
              agent types
              agent stops typing
              agent says You said Hello
              no reply for 29s
              after 1s
              agent says Still there?
              agent leaves
              state Idle
            test typing is ignored unless asked
              agent replies
              customer says Hello
              agent says You said Hello
            """, with: Self.greeter)
        #expect(outcomes.map(\.passed) == [true, true], "\(outcomes.map { FailureReport.render($0) })")
    }

    @Test func agentTypes_meansTypingAfterTheCustomersLatestLine() throws {
        let typist = ClosureResponder { event, _ in
            switch event.kind {
            case .agentJoined: AgentReply([AgentAction(.startTyping), AgentAction(.stopTyping, delay: .seconds(1)), .say("Hi")])
            case .customerText: .none
            default: .none
            }
        }
        let outcome = try #require(Self.run("timeout 3s\njoin-delay 0s\ntest t\n  agent says Hi\n  customer says hello\n  agent types\n", with: typist).first)
        #expect(outcome.failure?.message == "expected the agent to start typing, but nothing came within 3s")
    }

    @Test func customerLines_waitForTheAgentToJoin_andFailWhenItNeverDoes() throws {
        let outcome = try #require(Self.run("join-delay 60s\ntest t\n  customer says Hi!\n").first)
        #expect(outcome.failure?.message.hasPrefix("the agent did not join within 10s") == true)
    }

    @Test func aStepAfterComplete_failsWithTheChatsRefusal() throws {
        let outcome = try #require(Self.run("test t\n  customer completes\n  customer says Hi\n").first)
        #expect(outcome.failure?.message == "the chat refused `customer says Hi`: SendMessage is not valid in state Idle.")
    }

    @Test func stateAndCapabilities_failWithWhatTheyAre() throws {
        let outcome = try #require(Self.run("test t\n  agent joins\n  capabilities none\n").first)
        #expect(outcome.failure?.message == "expected capabilities none, but they are SendMessage SendStartTypingNotification SendStopTypingNotification Complete")
    }

    /// Hands the chat over when the customer says `human`, with a word first.
    static let handingOver = ClosureResponder { event, _ in
        guard event.kind == .customerText else { return .none }
        return event.text == "human" ? AgentReply([.say("One moment."), AgentAction(.handover(nil))]) : AgentReply([.say("Ok.")])
    }

    @Test func needsAPerson_passesOnceTheBotHandedOver_andFailsBefore() throws {
        let handedOver = try Self.run(
            "test t\n  customer says hi\n  agent says Ok.\n  needs no person\n  customer says human\n  agent says One moment.\n  needs a person\n",
            with: Self.handingOver)
        #expect(handedOver.map(\.passed) == [true])

        let notYet = try #require(Self.run("join-delay 0s\ntimeout 2s\ntest t\n  customer says hi\n  agent says Ok.\n  needs a person\n", with: Self.handingOver).first)
        #expect(notYet.failure?.message == "expected the chat to need a person (the bot to have handed it over), but it does not")
        #expect(notYet.failure?.location.line == 7)

        let already = try #require(Self.run("test t\n  customer says human\n  agent says One moment.\n  needs no person\n", with: Self.handingOver).first)
        #expect(already.failure?.message == "expected the chat to need no person, but the bot handed it over and nobody has taken it")
    }

    @Test func needs_takesAPersonOrNoPerson() {
        guard case .failure(let errors) = ConversationParser.parse(text: "bot last-character\ntest t\n  needs help\n", path: "t.convo") else {
            Issue.record("parsed")
            return
        }
        #expect(errors.description.contains("`needs` is `needs a person`"))
    }

    @Test func theSameSeed_givesTheSameTranscriptByteForByte_onEveryRun() throws {
        let text = "seed 99\ntest t\n  customer says Hi!\n  agent replies\n  customer says What?\n  agent replies\n  after 45s\n  system posts\n"
        func transcript() throws -> String {
            let outcome = try #require(Self.run(text).first)
            return outcome.transcript.map { "\($0.index) \($0.time.timeIntervalSince1970) \($0.from.id) \($0.kind.name) \($0.text ?? "")" }.joined(separator: "\n")
        }
        let first = try transcript()
        #expect(try transcript() == first)
        #expect(first.contains("Current Time:"))
    }

    /// Speed is measured by bench/convo.sh on the release build, not here: a wall-clock bound in a
    /// unit test fails under sanitizers and on a loaded machine.
    @Test func aThousandTurns_allPass() throws {
        var text = "test long\n"
        for turn in 1...1000 { text += "  customer says turn \(turn)?\n  agent says Good question...\n" }
        let outcome = try #require(Self.run(text).first)
        #expect(outcome.passed)
        #expect(outcome.transcript.filter { $0.text?.hasPrefix("turn ") == true }.count == 1000)
    }
}
