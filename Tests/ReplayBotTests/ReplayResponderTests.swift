import BotTesting
import ChatCore
import Foundation
import LineFormat
@testable import ReplayBot
import Testing

@Suite struct ReplayResponderTests {
    static func script(_ text: String, file: String = "demo.replay") throws(SourceDiagnostics) -> ReplayScript {
        try ReplayScriptParser.parse(text, file: file) { path, _, origin throws(SourceDiagnostic) in
            throw SourceDiagnostic(.unreadable, at: origin, "no recordings in this test (\(path))")
        }
    }

    static let orderScript = """
        agent Sam
        greeting
          say Hello!
        step
          when (?i)order
          typing 2s
          say Which order?
        step
          when \\d+
          delay 1s
          say Found it.
          say Anything else?
        step
          say Bye.
          leave
        """

    static func chat(_ text: String) throws -> TestChat {
        try TestChat(responder: ReplayResponder(script: script(text)))
    }

    @Test func theScript_isPlayedInOrder_withTypingDelaysAndLeaving() throws {
        let chat = try Self.chat(Self.orderScript)
        #expect(chat.waitForAgentText() == "Hello!")
        try chat.say("Where is my order?")
        chat.runUntilIdle()
        #expect(chat.agentReplies == ["Which order?"])
        let typing = chat.transcript.filter { $0.from.kind == .agent && $0.kind == .typingStarted }
        #expect(typing.count == 1)
        try chat.say("12345")
        chat.runUntilIdle()
        #expect(chat.agentReplies == ["Found it.", "Anything else?"])
        try chat.say("no")
        chat.runUntilIdle()
        #expect(chat.agentReplies == ["Bye."])
        #expect(chat.state == .idle)
        #expect(chat.transcript.last(where: { $0.from.kind == .agent })?.origin == "demo.replay:15")
    }

    @Test func offScript_saysTheDefaultLine_tracesTheMiss_andWaitsAtTheSameStep() throws {
        let chat = try Self.chat(Self.orderScript)
        try chat.say("Do you sell hats?")
        chat.runUntilIdle()
        #expect(chat.agentReplies == [OffScriptPolicy.defaultLine])
        #expect(chat.responderTrace.last?.lines.first?.contains("off script at step 1 (demo.replay:4)") == true)
        try chat.say("my order")
        chat.runUntilIdle()
        #expect(chat.agentReplies == ["Which order?"])
    }

    @Test func offScriptSkip_jumpsToTheFirstLaterStepThatFits() throws {
        let chat = try Self.chat("off-script skip\n" + Self.orderScript)
        try chat.say("It is 12345")
        chat.runUntilIdle()
        #expect(chat.agentReplies == ["Found it.", "Anything else?"])
    }

    @Test func offScriptEnd_saysItsLineAndLeaves() throws {
        let chat = try Self.chat("off-script end Sorry, I must go.\n" + Self.orderScript)
        try chat.say("hats?")
        chat.runUntilIdle()
        #expect(chat.agentReplies == ["Sorry, I must go."])
        #expect(chat.state == .idle)
    }

    @Test func theStepPosition_isPerChat_soOneResponderServesManyChats() throws {
        let responder = ReplayResponder(script: try Self.script(Self.orderScript))
        let first = try TestChat(responder: responder), second = try TestChat(responder: responder, seed: 2)
        try first.say("order")
        first.runUntilIdle()
        try second.say("order")
        second.runUntilIdle()
        #expect(first.agentReplies == ["Which order?"])
        #expect(second.agentReplies == ["Which order?"])
    }

    @Test func afterTheLastStep_theAgentSaysNothing() throws {
        let chat = try Self.chat("step\n  say Only line.\n")
        try chat.say("a")
        chat.runUntilIdle()
        try chat.say("b")
        chat.runUntilIdle()
        #expect(chat.agentReplies.isEmpty)
    }

    @Test(arguments: [
        ("step\n  when ab)c\n  say x\n", "demo.replay:2:10:", "unmatched closing parenthesis; fix the regular expression"),
        ("step\n  dance\n", "demo.replay:2:3:", "unknown line `dance` in a step"),
        ("  say x\n", "demo.replay:1:3:", "indented line outside a block"),
        ("greeting\n  when x\n  say hi\n", "demo.replay:2:3:", "`when` guards a step"),
        ("step\n  typing soon\n  say x\n", "demo.replay:2:10:", "typing needs a duration"),
        ("off-script maybe\nstep\n  say x\n", "demo.replay:1:12:", "off-script must be"),
        ("guards fuzzy\nstep\n  say x\n", "demo.replay:1:8:", "guards must be exact, caseless or off"),
        ("agent Sam\n", "demo.replay:1:1:", "the script has nothing to say"),
        ("from missing.json\n", "demo.replay:1:6:", "no recordings in this test"),
        ("hello\n", "demo.replay:1:1:", "unknown line `hello`"),
    ])
    func malformedScripts_sayWhereAndWhat(text: String, position: String, message: String) {
        do throws(SourceDiagnostics) {
            _ = try Self.script(text)
            Issue.record("expected an error for \(text.debugDescription)")
        } catch {
            let first = error.errors.first?.description ?? ""
            #expect(first.hasPrefix(position), "\(first)")
            #expect(first.contains(message), "\(first)")
        }
    }
}
