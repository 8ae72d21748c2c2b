import ChatCore
import Foundation
import Logging
import Testing

/// A bot hands a chat over to a person: the chat waits flagged, a person takes it, handing it
/// back tells the bot; with a hand-over timeout the bot hears when nobody came.
@Suite struct HandoverTests {
    /// Hands over on "human"; answers "back" to being handed back, "sorry" to the timeout,
    /// and echoes other texts.
    static let bot = ClosureResponder(agentNickname: "Hana") { event, _ in
        switch event.kind {
        case .customerText where event.text == "human":
            return AgentReply([AgentAction(.handover("A person will be with you shortly."), origin: "bot:7"), .say("never said")])
        case .customerText: return AgentReply([.say("echo \(event.text ?? "")")])
        case .handedBack: return AgentReply([.say("I am back.")])
        case .handoverTimedOut: return AgentReply([.say("Sorry, nobody is free.")])
        default: return .none
        }
    }

    private func host(timeout: Duration? = nil, store: (any ChatStore)? = nil, clock: ManualClock = ManualClock()) throws -> ChatHost {
        var configuration = ChatHostConfiguration()
        configuration.agentJoinDelay = .zero
        configuration.replyDelay = .zero
        configuration.systemMessageInterval = .zero
        configuration.seed = 3
        configuration.handoverTimeout = timeout
        return try ChatHost(configuration: configuration, responder: Self.bot, clock: clock, store: store)
    }

    @Test func handover_flagsTheChat_andTheBotStopsAnswering() throws {
        let clock = ManualClock()
        let host = try host(clock: clock)
        let id = try host.requestChat(nickname: "Ann", subject: "s")
        try host.sendMessage("human", to: id)
        clock.advance(by: .seconds(1))
        #expect(try host.texts(id, from: .agent) == ["A person will be with you shortly."])
        #expect(try host.chat(id).needsPerson)
        #expect(try host.allMessages(id).last?.origin == "bot:7")
        try host.sendMessage("hello?", to: id)
        clock.advance(by: .seconds(60))
        #expect(try host.texts(id, from: .agent) == ["A person will be with you shortly."])
    }

    @Test func aPersonTakesIt_thenHandsBack_andTheBotIsTold() throws {
        let clock = ManualClock()
        let host = try host(clock: clock)
        let id = try host.requestChat(nickname: "Ann", subject: "s")
        try host.sendMessage("human", to: id)
        clock.advance(by: .zero)
        try host.takeOver(id)
        #expect(try host.chat(id).needsPerson == false)
        #expect(try host.chat(id).isTakenOver)
        try host.agentSays("Hi, I am Pat.", in: id)
        try host.handBack(id)
        clock.advance(by: .zero)
        #expect(try host.texts(id, from: .agent) == ["A person will be with you shortly.", "Hi, I am Pat.", "I am back."])
        try host.sendMessage("thanks", to: id)
        clock.advance(by: .zero)
        #expect(try host.texts(id, from: .agent).last == "echo thanks")
    }

    @Test func handoverTimeout_tellsTheBot_whenNobodyCame() throws {
        let clock = ManualClock()
        let host = try host(timeout: .seconds(30), clock: clock)
        let id = try host.requestChat(nickname: "Ann", subject: "s")
        try host.sendMessage("human", to: id)
        clock.advance(by: .seconds(29))
        #expect(try host.chat(id).needsPerson)
        clock.advance(by: .seconds(1))
        #expect(try host.texts(id, from: .agent).last == "Sorry, nobody is free.")
        #expect(try host.chat(id).needsPerson == false)
    }

    @Test func handoverTimeout_isCancelledByATakeOver() throws {
        let clock = ManualClock()
        let host = try host(timeout: .seconds(30), clock: clock)
        let id = try host.requestChat(nickname: "Ann", subject: "s")
        try host.sendMessage("human", to: id)
        clock.advance(by: .seconds(10))
        try host.takeOver(id)
        clock.advance(by: .seconds(60))
        #expect(try host.texts(id, from: .agent) == ["A person will be with you shortly."])
    }

    @Test func theFlag_survivesARestart() throws {
        let store = InMemoryChatStore()
        let clock = ManualClock()
        let id: ChatID
        do {
            let first = try host(store: store, clock: clock)
            id = try first.requestChat(nickname: "Ann", subject: "s")
            try first.sendMessage("human", to: id)
            clock.advance(by: .zero)
            first.shutdown()
        }
        let restarted = try host(store: store, clock: ManualClock(start: clock.now()))
        #expect(try restarted.chat(id).needsPerson)
    }
}
