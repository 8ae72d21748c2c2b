import ChatCore
import Foundation
import LastCharacterBot
import Testing

/// What the emulator as a test double needs of the core: typing off, a reset to a clean slate,
/// and the chat faults (agent never joins, agent leaves, bot silent, chat ended by the server).
@Suite struct TestDoubleCoreTests {
    /// Types for 2 s before each of two messages, with a 1 s pause between them.
    struct TypingResponder: Responder {
        var agentNickname: String { "Typist" }
        func respond(to event: ChatEvent, context: inout ResponderContext) -> AgentReply {
            guard event.kind == .customerText else { return .none }
            return AgentReply([
                AgentAction(.startTyping), .say("one", delay: .seconds(2)),
                AgentAction(.startTyping, delay: .seconds(1)), .say("two", delay: .seconds(2)),
            ])
        }
    }

    @Test func typingOff_leavesOutTypingNotificationsAndTypingTime_keepsPauses() throws {
        let (host, clock) = try makeHost(responder: TypingResponder(), joinDelay: .zero, replyDelay: .zero, systemInterval: .zero, showsTyping: false)
        let id = try host.requestChat(nickname: "Ann", subject: "s")
        try host.sendMessage("hi", to: id)
        clock.advance(by: .zero)
        #expect(try host.texts(id, from: .agent) == ["one"])
        clock.advance(by: .seconds(1))
        #expect(try host.texts(id, from: .agent) == ["one", "two"])
        #expect(try !host.allMessages(id).contains { $0.kind == .typingStarted || $0.kind == .typingStopped })

        let (typing, typingClock) = try makeHost(responder: TypingResponder(), joinDelay: .zero, replyDelay: .zero, systemInterval: .zero)
        let shown = try typing.requestChat(nickname: "Ann", subject: "s")
        try typing.sendMessage("hi", to: shown)
        typingClock.advance(by: .seconds(1))
        #expect(try typing.texts(shown, from: .agent) == [])
        typingClock.advance(by: .seconds(4))
        #expect(try typing.texts(shown, from: .agent) == ["one", "two"])
    }

    @Test func reset_forgetsEveryChatAndTimer_andStartsIDsAgainFromTheSeed() throws {
        let store = InMemoryChatStore()
        let (host, clock) = try makeHost(joinDelay: .seconds(1, 1), seed: 5, store: store)
        let first = try host.requestChat(nickname: "Ann", subject: "s")
        try host.reset()
        #expect(host.chatCount == 0)
        #expect(store.records(of: first).isEmpty)
        #expect(!clock.hasPendingWork)  // its join timer is gone
        #expect(try host.requestChat(nickname: "Bob", subject: "s") == first)  // the configured seed again
        try host.reset(seed: 6)
        #expect(try host.requestChat(nickname: "Bob", subject: "s") != first)
        #expect(throws: ChatError.self) { try host.chat(first) }
    }

    @Test func faults_agentNeverJoins_agentLeaves_botSilent_endedByServer() throws {
        let (host, clock) = try makeHost(joinDelay: .seconds(1, 1), replyDelay: .zero, systemInterval: .zero)
        let waiting = try host.requestChat(nickname: "Ann", subject: "s", faults: [.agentNeverJoins])
        clock.advance(by: .seconds(60))
        #expect(try host.chat(waiting).state == .waitingForAgent)

        let leaving = try host.requestChat(nickname: "Bob", subject: "s", faults: [.agentLeaves(afterCustomerMessages: 2)])
        clock.advance(by: .seconds(1))
        try host.sendMessage("one", to: leaving)
        clock.advance(by: .zero)
        #expect(try host.chat(leaving).state == .chatting)
        try host.sendMessage("two", to: leaving)
        #expect(try host.chat(leaving).state == .idle)
        #expect(try host.allMessages(leaving).last?.kind == .participantLeft)
        #expect(try host.allMessages(leaving).last?.from.kind == .agent)

        let silent = try host.requestChat(nickname: "Cy", subject: "s")
        clock.advance(by: .seconds(1))
        let greeted = try host.texts(silent, from: .agent).count
        try host.inject(.botStopsAnswering, into: silent)
        try host.sendMessage("anyone?", to: silent)
        clock.runUntilIdle()
        #expect(try host.texts(silent, from: .agent).count == greeted)
        #expect(try host.chat(silent).state == .chatting)

        let ended = try host.requestChat(nickname: "Di", subject: "s")
        try host.inject(.chatEndedByServer, into: ended)
        #expect(try host.chat(ended).state == .idle)
    }
}
