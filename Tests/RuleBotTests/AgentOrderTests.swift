import BotTesting
import ChatCore
import Testing
@testable import RuleBot

/// Issue 7 §2: the agent's messages come out in order, whatever the seed (the random join, reply
/// and typing delays): one reply starts after the previous one's last step.
@Suite struct AgentOrderTests {
    static let seeds: [UInt64] = Array(1...50)

    static func supportChat(seed: UInt64) throws -> TestChat {
        try TestChat(responder: RuleResponder(path: BotFiles.path("support.rules")), nickname: "Alice", seed: seed)
    }

    /// The agent's messages as `Kind` or text, to check typing pairs up.
    static func agentSteps(_ chat: TestChat) -> [ChatMessage] {
        chat.transcript.filter { $0.from.kind == .agent && $0.kind != .participantJoined }
    }

    static func typingPairsUp(_ steps: [ChatMessage]) -> Bool {
        var typing = false
        for step in steps {
            switch step.kind {
            case .typingStarted:
                if typing { return false }
                typing = true
            case .typingStopped, .text: typing = false
            default: break
            }
        }
        return true
    }

    @Test(arguments: seeds)
    func greeting_comesBeforeTheAnswerToALineSentRightAfterTheJoin(seed: UInt64) throws {
        let chat = try Self.supportChat(seed: seed)
        try chat.say("Hello")  // waits for the join, not for the greeting; a short answer
        chat.runUntilIdle()
        let texts = Self.agentSteps(chat).filter { $0.kind == .text }.compactMap(\.text)
        #expect(texts.first?.hasPrefix("Hi Alice, I'm Sam") == true, "seed \(seed): \(texts)")
        #expect(texts.dropFirst().first == "Hello, Alice! What can I do for you?", "seed \(seed): \(texts)")
        #expect(Self.typingPairsUp(Self.agentSteps(chat)), "seed \(seed)")
    }

    @Test(arguments: seeds)
    func twoQuickQuestions_areAnsweredInTheOrderAsked(seed: UInt64) throws {
        let chat = try Self.supportChat(seed: seed)
        _ = chat.waitForAgentText(within: .seconds(30))
        chat.runUntilIdle()
        try chat.say("I want to return this, I changed my mind")  // a long answer: long typing
        chat.advance(by: .milliseconds(300))
        try chat.say("How much is shipping?")  // a short one
        chat.runUntilIdle()
        let texts = Self.agentSteps(chat).filter { $0.kind == .text }.compactMap(\.text)
        let refund = texts.firstIndex { $0.contains("help with that") }
        let shipping = texts.firstIndex { $0.contains("Shipping is free") }
        #expect(refund != nil && shipping != nil && refund! < shipping!, "seed \(seed): \(texts)")
        #expect(Self.typingPairsUp(Self.agentSteps(chat)), "seed \(seed)")
    }
}
