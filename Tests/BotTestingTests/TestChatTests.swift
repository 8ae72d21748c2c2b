import BotTesting
import ChatCore
import Foundation
import LastCharacterBot
import Testing

@Suite struct TestChatTests {
    /// A bot that greets, answers after five seconds of typing, and nudges a quiet customer.
    static let slowBot = ClosureResponder(agentNickname: "Slow") { event, _ in
        switch event.kind {
        case .agentJoined:
            return AgentReply([.say("Hello!")])
        case .customerText:
            let text = event.text ?? ""
            return AgentReply([
                AgentAction(.startTyping),
                AgentAction(.stopTyping, delay: .seconds(5)),
                .say("You said: \(text)"),
                AgentAction(.startTimer(name: "nudge", after: .seconds(60), cancelledByCustomer: true)),
            ])
        case .timerFired where event.timerName == "nudge":
            return AgentReply([.say("Still there?")])
        case .customerLeft:
            return AgentReply([.say("Bye.")])
        default:
            return .none
        }
    }

    @Test func say_waitsForTheAgentToJoin_thenGetsTheLastCharacterAnswer() throws {
        let chat = try TestChat(responder: LastCharacterResponder())
        #expect(chat.state == .waitingForAgent)
        try chat.say("Is anyone there?")
        #expect(chat.state == .chatting)
        chat.runUntilIdle()
        #expect(chat.agentReplies == ["Good question..."])
    }

    @Test func agentReplies_holdOnlyTheRepliesSinceTheCustomersLastAction() throws {
        let chat = try TestChat(responder: LastCharacterResponder())
        try chat.say("Hello!")
        chat.runUntilIdle()
        try chat.say("Fine.")
        chat.runUntilIdle()
        #expect(chat.agentReplies == ["Ok."])
        #expect(chat.allAgentReplies == ["Neat.", "Ok."])
        #expect(chat.lastAgentReply == "Ok.")
    }

    @Test func aConversationWithFiveSecondDelays_takesVirtualTimeNotWallTime() throws {
        let wallStart = Date()
        let chat = try TestChat(responder: Self.slowBot)
        for turn in 1...20 {
            try chat.say("message \(turn)")
            #expect(chat.waitForAgentText(within: .seconds(10)) == "You said: message \(turn)")
        }
        #expect(chat.elapsed >= .seconds(100))
        #expect(Date().timeIntervalSince(wallStart) < 1)
    }

    @Test func advance_stopsShortOfABotTimer_andRunUntilIdleFiresIt() throws {
        let chat = try TestChat(responder: Self.slowBot)
        try chat.say("hi")
        #expect(chat.waitForAgentText() == "You said: hi")
        chat.advance(by: .seconds(59))
        #expect(chat.agentReplies == ["You said: hi"])
        chat.advance(by: .seconds(1))
        #expect(chat.lastAgentReply == "Still there?")
    }

    @Test func waitForAgentText_returnsNil_whenTheBotStaysSilent() throws {
        let chat = try TestChat(responder: ClosureResponder { _, _ in .none })
        try chat.say("hello")
        #expect(chat.waitForAgentText(within: .seconds(5)) == nil)
        #expect(chat.elapsed >= .seconds(5))
    }

    @Test func complete_endsTheChat_withFarewellAndNoCapabilities() throws {
        let chat = try TestChat(responder: Self.slowBot)
        try chat.complete()
        #expect(chat.state == .idle)
        #expect(chat.capabilities.isEmpty)
        #expect(chat.agentReplies == ["Bye."])
        #expect(throws: ChatError.self) { try chat.say("anyone?") }
    }

    @Test func typing_appearsInTheTranscriptFromTheCustomer() throws {
        let chat = try TestChat(responder: LastCharacterResponder(), nickname: "Chris")
        try chat.startTyping()
        try chat.stopTyping()
        let kinds = chat.transcript.filter { $0.from.kind == .customer }.map(\.kind)
        #expect(kinds == [.participantJoined, .typingStarted, .typingStopped])
        #expect(chat.transcript.first?.from.nickname == "Chris")
    }

    @Test func theSameSeed_givesTheSameTranscript_andAnotherSeedAnotherTiming() throws {
        func run(seed: UInt64) throws -> [ChatMessage] {
            let chat = try TestChat(responder: LastCharacterResponder(), seed: seed)
            for text in ["Hi!", "How are you?", "Good."] {
                try chat.say(text)
                chat.runUntilIdle()
            }
            return chat.transcript
        }
        #expect(try run(seed: 7) == run(seed: 7))
        #expect(try run(seed: 7).map(\.time) != run(seed: 8).map(\.time))
    }

    @Test func systemMessages_arriveEveryTwentySeconds_whileTimeIsAdvanced() throws {
        let chat = try TestChat(responder: LastCharacterResponder())
        chat.advance(by: .seconds(61))
        let system = chat.transcript.filter { $0.from.kind == .external && $0.kind == .text }
        #expect(system.count == 3)
        #expect(system.first?.text?.hasPrefix("Current Time: ") == true)
    }

    @Test func responderTrace_recordsWhatTheBotExplained() throws {
        let bot = ClosureResponder { event, _ in
            guard event.kind == .customerText else { return .none }
            return AgentReply([.say("ok", origin: "test.rules:3")], trace: ["matched rule at test.rules:3"])
        }
        let chat = try TestChat(responder: bot)
        try chat.say("x")
        chat.runUntilIdle()
        #expect(chat.responderTrace.map(\.lines) == [["matched rule at test.rules:3"]])
        #expect(chat.transcript.last?.origin == "test.rules:3")
    }
}
