import BotTesting
import ChatCore
import LineFormat
import ReplayBot
import Testing

/// `ReplayScript` as outside code uses it: built in Swift, or parsed from a string, without
/// `@testable`.
@Suite struct ReplayScriptAPITests {
    @Test func aScriptBuiltInCode_playsLikeAParsedOne() throws {
        let script = ReplayScript(
            agentNickname: "Sam", greeting: [.say("Hello!")],
            steps: [
                ReplayStep(guardPattern: try PatternGuard("(?i)order"), actions: [.typing(.seconds(2)), .say("Which order?")]),
                ReplayStep(actions: [.say("Bye."), .leave]),
            ], offScript: .say("Orders only, please.", origin: nil))
        let chat = try TestChat(responder: ReplayResponder(script: script))
        #expect(chat.waitForAgentText() == "Hello!")
        try chat.say("hi")
        #expect(chat.waitForAgentText() == "Orders only, please.")
        try chat.say("My ORDER is late")
        #expect(chat.waitForAgentText() == "Which order?")
        try chat.say("thanks")
        #expect(chat.waitForAgentText() == "Bye.")
        chat.runUntilIdle()
        #expect(chat.state == .idle)
    }

    @Test func parsingAString_givesTheStepsWithTheirOrigins() throws {
        let script = try ReplayScript(parsing: "agent Sam\ngreeting\n  say Hi\nstep\n  when \\d+\n  delay 1.5s\n  say Found it.\n", file: "inline.replay")
        #expect(script.agentNickname == "Sam")
        #expect(script.greeting == [ReplayAction(kind: .say("Hi"), origin: "inline.replay:3")])
        #expect(script.steps.count == 1)
        #expect(script.steps[0].origin == "inline.replay:4")
        #expect(script.steps[0].actions.map(\.kind) == [.delay(.milliseconds(1500)), .say("Found it.")])
        #expect(script.steps[0].guardPattern?.admits("order 42") == true)
        #expect(script.steps[0].guardPattern?.admits("no number") == false)
    }

    @Test func parsingAString_reportsEveryProblem_withFileLineColumn() {
        #expect(throws: SourceDiagnostics.self) { try ReplayScript(parsing: "step\n  typing 1s5\n  say x\n  bogus\n", file: "bad.replay") }
        do {
            _ = try ReplayScript(parsing: "step\n  typing 1s5\n  say x\n  bogus\n", file: "bad.replay")
        } catch {
            #expect(error.diagnostics.map { $0.location.fileAndLine } == ["bad.replay:2", "bad.replay:4"])
            #expect(error.diagnostics.first?.message.contains("not `1s5`") == true)
        }
    }

    @Test func whenGuards_ignoreCase_byDefault_likeRulesAndConvo_andCompareIt_withFlagsCaseSensitive() throws {
        let caseless = try ReplayScript(parsing: "step\n  when ^order\n  say ok\n")
        #expect(caseless.steps[0].guardPattern?.admits("ORDER 42") == true)
        let strict = try ReplayScript(parsing: "flags case-sensitive\nstep\n  when ^order\n  say ok\n")
        #expect(strict.steps[0].guardPattern?.admits("ORDER 42") == false)
        #expect(strict.steps[0].guardPattern?.admits("order 42") == true)
        #expect(throws: SourceDiagnostics.self) { try ReplayScript(parsing: "step\n  when x\n  say ok\nflags case-sensitive\n") }
    }
}
