import ChatCore
import Foundation
import LastCharacterBot
import Locking
import Testing

/// A person in the agent's place (take-over), and the bot chosen per chat.
@Suite struct AgentConsoleTests {
    /// A bot that types for 2 s before each answer, so a take-over can land mid-reply.
    static let typingBot = ClosureResponder(agentNickname: "Tina") { event, _ in
        guard event.kind == .customerText else { return .none }
        return AgentReply([AgentAction(.startTyping), .say("Typed answer", delay: .seconds(2))])
    }

    @Test func takeOver_stopsTheBot_andThePersonSpeaksAsParticipant3() throws {
        let (host, clock) = try makeHost(joinDelay: .zero, replyDelay: .zero)
        let id = try host.requestChat(nickname: "Ann", subject: "s")
        try host.takeOver(id)
        try host.sendMessage("Are you there?", to: id)
        clock.advance(by: .seconds(10))
        #expect(try host.texts(id, from: .agent) == [])

        try host.agentTyping(started: true, in: id)
        try host.agentTyping(started: true, in: id)  // pairs up: no second TypingStarted
        try host.agentSays("A person here.", in: id)
        let agentMessages = try host.allMessages(id).filter { $0.from.kind == .agent }
        #expect(agentMessages.map(\.kind) == [.participantJoined, .typingStarted, .text])
        #expect(agentMessages.allSatisfy { $0.from.id == "3" && $0.from.nickname == "Roboto" })
        #expect(agentMessages.last?.origin == nil)
        #expect(try host.chat(id).isTakenOver)
    }

    @Test func takeOver_cancelsTheBotsReplyInProgress_andStopsItsTyping() throws {
        let (host, clock) = try makeHost(responder: Self.typingBot, joinDelay: .zero, replyDelay: .zero)
        let id = try host.requestChat(nickname: "Ann", subject: "s")
        try host.sendMessage("Hello", to: id)
        clock.advance(by: .seconds(1))
        try host.takeOver(id)
        clock.advance(by: .seconds(5))
        let agentKinds = try host.allMessages(id).filter { $0.from.kind == .agent }.map(\.kind)
        #expect(agentKinds == [.participantJoined, .typingStarted, .typingStopped])
    }

    @Test func handBack_letsTheBotAnswerTheNextMessage() throws {
        let (host, clock) = try makeHost(joinDelay: .zero, replyDelay: .zero)
        let id = try host.requestChat(nickname: "Ann", subject: "s")
        try host.takeOver(id)
        try host.sendMessage("Missed?", to: id)
        try host.handBack(id)
        try host.sendMessage("Back!", to: id)
        clock.advance(by: .seconds(1))
        #expect(try host.texts(id, from: .agent) == ["Neat."])
        #expect(try !host.chat(id).isTakenOver)
    }

    @Test func takeOverBeforeTheAgentJoins_joinsAtOnce_withoutTheBotsGreeting() throws {
        let greeter = ClosureResponder(agentNickname: "Gus") { event, _ in
            event.kind == .agentJoined ? AgentReply([.say("Hi from the bot")]) : .none
        }
        let (host, clock) = try makeHost(responder: greeter, joinDelay: .seconds(3, 3))
        let id = try host.requestChat(nickname: "Ann", subject: "s")
        try host.takeOver(id)
        #expect(try host.chat(id).state == .chatting)
        clock.advance(by: .seconds(5))
        #expect(try host.texts(id, from: .agent) == [])
        #expect(try host.allMessages(id).filter { $0.kind == .participantJoined && $0.from.kind == .agent }.count == 1)
    }

    @Test func agentOperations_needATakeOver_andAnOpenChat() throws {
        let (host, _) = try makeHost(joinDelay: .zero, replyDelay: .zero)
        let id = try host.requestChat(nickname: "Ann", subject: "s")
        #expect(throws: ChatError.self) { try host.agentSays("Not yet", in: id) }
        try host.agentEndsChat(id)
        let last = try host.allMessages(id).last
        #expect(last?.kind == .participantLeft && last?.from.kind == .agent)
        #expect(try host.chat(id).state == .idle)
        #expect(throws: ChatError.self) { try host.takeOver(id) }
        #expect(throws: ChatError.self) { try host.agentEndsChat(id) }
    }

    /// Keeps records as journal lines, so a restart reads them back through the line format.
    final class LineStore: ChatStore {
        private let lines = Locked<[ChatID: [[UInt8]]]>([:])
        func append(_ records: [JournalRecord], to chat: ChatID) throws {
            let encoded = records.map { record -> [UInt8] in
                var line: [UInt8] = []
                record.appendLine(to: &line)
                return Array(line.dropLast())  // the newline
            }
            lines.withLock { $0[chat, default: []].append(contentsOf: encoded) }
        }
        func recover(_ restore: (StoredChat) -> Void) throws {
            for (id, chatLines) in lines.withLock({ $0 }) {
                restore(StoredChat(id: id, records: try chatLines.map { try JournalRecord(line: $0) }))
            }
        }
        var text: String { lines.withLock { $0.values.flatMap { $0 }.map { String(decoding: $0, as: UTF8.self) }.joined(separator: "\n") } }
    }

    @Test func takeOver_survivesARestart() throws {
        let store = LineStore()
        let clock = ManualClock()
        let id: ChatID
        do {
            let (host, _) = try makeHost(joinDelay: .zero, replyDelay: .zero, clock: clock, store: store)
            id = try host.requestChat(nickname: "Ann", subject: "s")
            try host.takeOver(id)
            host.shutdown()
        }
        #expect(store.text.contains(#"{"e":"control","person":true}"#))
        let (host, restartedClock) = try makeHost(joinDelay: .zero, replyDelay: .zero, clock: ManualClock(start: clock.now()), store: store)
        #expect(try host.chat(id).isTakenOver)
        try host.sendMessage("Still a person?", to: id)
        restartedClock.advance(by: .seconds(5))
        #expect(try host.texts(id, from: .agent) == [])
        try host.agentSays("Yes.", in: id)
        #expect(try host.texts(id, from: .agent) == ["Yes."])
    }

    // MARK: The bot chosen per chat

    static func hostWithBots(store: (any ChatStore)? = nil, clock: ManualClock = ManualClock()) throws -> ChatHost {
        var configuration = ChatHostConfiguration.instant(seed: 1)
        configuration.selectableBots = NamedBots(responders: ["typist": typingBot, "last-character": LastCharacterResponder()])
        return try ChatHost(configuration: configuration, responder: LastCharacterResponder(agentNickname: "Default"), clock: clock, store: store)
    }

    @Test func userDataBot_choosesTheChatsBot_andTheDefaultServesTheRest() throws {
        let clock = ManualClock()
        let host = try Self.hostWithBots(clock: clock)
        let chosen = try host.requestChat(nickname: "Ann", subject: "s", userData: ["bot": "typist"])
        let plain = try host.requestChat(nickname: "Bob", subject: "s")
        try host.sendMessage("Hello", to: chosen)
        try host.sendMessage("Hello", to: plain)
        clock.advance(by: .seconds(3))
        #expect(try host.texts(chosen, from: .agent) == ["Typed answer"])
        #expect(try host.allMessages(chosen).last?.from.nickname == "Tina")
        #expect(try host.texts(plain, from: .agent) == ["Hello to you too!"])
        #expect(try host.allMessages(plain).last?.from.nickname == "Default")
        #expect(try host.chat(chosen).bot == "typist")
        #expect(try host.chat(plain).bot == nil)
    }

    @Test func unknownBot_isRefused_withTheAvailableNames() throws {
        let host = try Self.hostWithBots()
        #expect(throws: ChatError(.invalidParameter, "Unknown bot 'nobody' in userData.bot; the available bots are last-character, typist.")) {
            try host.requestChat(nickname: "Ann", subject: "s", userData: ["bot": "nobody"])
        }
        #expect(host.chatIDs.isEmpty)
    }

    @Test func chosenBot_survivesARestart() throws {
        let store = LineStore()
        let id: ChatID
        do {
            let host = try Self.hostWithBots(store: store)
            id = try host.requestChat(nickname: "Ann", subject: "s", userData: ["bot": "typist"])
            host.shutdown()
        }
        let clock = ManualClock()
        #expect(store.text.contains(#""bot":"typist""#))
        let host = try Self.hostWithBots(store: store, clock: clock)
        #expect(try host.chat(id).bot == "typist")
        try host.sendMessage("Hello", to: id)
        clock.advance(by: .seconds(3))
        #expect(try host.texts(id, from: .agent) == ["Typed answer"])
    }
}
