import ChatCore
import Foundation
import LastCharacterBot
import Testing

@Suite struct ChatLifecycleTests {
    @Test func requestChat_addsCustomerAndSystem_andWaitsForAgent() throws {
        let (host, _) = try makeHost()
        let id = try host.requestChat(nickname: "James", subject: "Question about relativity")
        let chat = try host.chat(id)
        #expect(chat.state == .waitingForAgent)
        #expect(chat.capabilities == [.sendMessage, .sendStartTypingNotification, .sendStopTypingNotification, .complete])
        #expect(chat.participants.map(\.id) == ["1", "2"])
        #expect(chat.participants.map(\.kind) == [.customer, .external])
        #expect(chat.participants.map(\.nickname) == ["James", "system"])
        let messages = try host.allMessages(id)
        #expect(messages.map(\.index) == [1, 2])
        #expect(messages.allSatisfy { $0.kind == .participantJoined })
    }

    @Test func agentJoins_withinTheJoinDelay_andChatStartsChatting() throws {
        let (host, clock) = try makeHost(joinDelay: .seconds(1, 3))
        let id = try host.requestChat(nickname: "James", subject: "s")
        clock.advance(by: .milliseconds(999))
        #expect(try host.chat(id).state == .waitingForAgent)
        clock.advance(by: .milliseconds(2001))
        let chat = try host.chat(id)
        #expect(chat.state == .chatting)
        #expect(chat.participants.last == Participant(id: "3", nickname: "Roboto", kind: .agent))
        let joined = try host.allMessages(id).last
        #expect(joined?.kind == .participantJoined && joined?.from.kind == .agent && joined?.index == 3)
    }

    @Test(arguments: [
        ("Are you there?", "Good question..."),
        ("Great!", "Neat."),
        ("I see.", "Ok."),
        ("  hello  ", "hello to you too!"),
    ])
    func agent_answersByTheLastCharacter_afterTheReplyDelay(message: String, answer: String) throws {
        let (host, clock) = try makeHost(joinDelay: .zero, replyDelay: .seconds(0.5, 2))
        let id = try host.requestChat(nickname: "Chris", subject: "s")
        try host.sendMessage(message, to: id)
        #expect(try host.texts(id, from: .agent).isEmpty)
        clock.advance(by: .seconds(2))
        #expect(try host.texts(id, from: .agent) == [answer])
        #expect(try host.allMessages(id).last?.from.nickname == "Roboto")
    }

    @Test func zeroReplyDelay_answersAsSoonAsTheClockRuns_notInsideSendMessage() throws {
        let (host, clock) = try makeHost(joinDelay: .zero, replyDelay: .zero)
        let id = try host.requestChat(nickname: "Chris", subject: "s")
        try host.sendMessage("Hi!", to: id)
        #expect(try host.texts(id, from: .agent).isEmpty)
        clock.advance(by: .zero)
        #expect(try host.texts(id, from: .agent) == ["Neat."])
    }

    @Test func customerMessages_beforeTheAgentJoins_areAnsweredInOrder_afterTheJoin() throws {
        let (host, clock) = try makeHost(joinDelay: .seconds(3, 3), replyDelay: .seconds(1, 1))
        let id = try host.requestChat(nickname: "Chris", subject: "s")
        try host.sendMessage("Anyone?", to: id)
        try host.sendMessage("   ", to: id)
        try host.sendMessage("Hello!", to: id)
        clock.advance(by: .seconds(2))
        #expect(try host.texts(id, from: .agent).isEmpty)
        clock.advance(by: .seconds(10))
        #expect(try host.chat(id).state == .chatting)
        let messages = try host.allMessages(id)
        let joined = try #require(messages.firstIndex { $0.kind == .participantJoined && $0.from.kind == .agent })
        let answers = messages.filter { $0.kind == .text && $0.from.kind == .agent }
        #expect(answers.map(\.text) == ["Good question...", "Neat."])
        #expect(answers.allSatisfy { $0.index > messages[joined].index })
    }

    @Test func greetingBot_greetsFirst_thenAnswersWhatWasSaidWhileWaiting() throws {
        let greeter = ClosureResponder { event, _ in
            switch event.kind {
            case .agentJoined: AgentReply([AgentAction(.startTyping), .say("Hi, I'm here.", delay: .seconds(2))])
            case .customerText: AgentReply([.say("About \"\(event.text ?? "")\": sure.")])
            default: .none
            }
        }
        let (host, clock) = try makeHost(responder: greeter, joinDelay: .seconds(3, 3), replyDelay: .zero)
        let id = try host.requestChat(nickname: "Chris", subject: "s")
        try host.sendMessage("Are you there?", to: id)
        try host.sendMessage("I need help", to: id)
        clock.runUntilIdle()
        #expect(try host.texts(id, from: .agent) == ["Hi, I'm here.", "About \"Are you there?\": sure.", "About \"I need help\": sure."])
    }

    @Test func emptyAndBlankTexts_areStored_butNotAnswered() throws {
        let (host, clock) = try makeHost(joinDelay: .zero, replyDelay: .zero)
        let id = try host.requestChat(nickname: "Chris", subject: "s")
        try host.sendMessage("", to: id)
        try host.sendMessage(" \n\t", to: id)
        clock.runUntilIdle()
        #expect(try host.texts(id, from: .customer) == ["", " \n\t"])
        #expect(try host.texts(id, from: .agent).isEmpty)
    }

    @Test func typingNotifications_appendTypingMessagesFromTheCustomer() throws {
        let (host, _) = try makeHost(joinDelay: .zero)
        let id = try host.requestChat(nickname: "Chris", subject: "s")
        try host.startTyping(in: id)
        try host.stopTyping(in: id)
        let tail = try host.allMessages(id).suffix(2)
        #expect(tail.map(\.kind) == [.typingStarted, .typingStopped])
        #expect(tail.allSatisfy { $0.from.id == "1" })
    }

    @Test func complete_endsTheChat_andRefusesEveryLaterOperation() throws {
        let (host, clock) = try makeHost(joinDelay: .zero, replyDelay: .seconds(1, 1))
        let id = try host.requestChat(nickname: "Chris", subject: "s")
        try host.sendMessage("Bye.", to: id)
        try host.complete(id)
        let chat = try host.chat(id)
        #expect(chat.state == .idle)
        #expect(chat.capabilities.isEmpty)
        #expect(try host.allMessages(id).last?.kind == .participantLeft)
        for operation in [
            { try host.sendMessage("again", to: id) }, { try host.startTyping(in: id) },
            { try host.stopTyping(in: id) }, { try host.complete(id) },
        ] as [() throws -> Void] {
            #expect(throws: ChatError.self) { try operation() }
            do { try operation() } catch let error as ChatError { #expect(error.code == .invalidState) } catch {}
        }
        // The reply that was still pending is cancelled, and so are the system messages.
        clock.advance(by: .seconds(60))
        #expect(try host.texts(id, from: .agent).isEmpty)
        #expect(try host.texts(id, from: .external).isEmpty)
    }

    @Test func unknownChat_isNotFound_andEmptyNicknameOrSubjectIsInvalid() throws {
        let (host, _) = try makeHost()
        let unknown = ChatID(UUID())
        #expect(throws: ChatError(.notFound, "Chat \(unknown) does not exist.")) { try host.chat(unknown) }
        #expect(throws: ChatError(.invalidParameter, "Parameter 'nickname' must not be empty.")) {
            try host.requestChat(nickname: "", subject: "s")
        }
        #expect(throws: ChatError(.invalidParameter, "Parameter 'subject' must not be empty.")) {
            try host.requestChat(nickname: "n", subject: "")
        }
    }

    @Test func systemParticipant_postsTheTimeEveryInterval_untilComplete() throws {
        let (host, clock) = try makeHost(joinDelay: .zero, systemInterval: .seconds(20))
        let id = try host.requestChat(nickname: "n", subject: "s")
        clock.advance(by: .seconds(19))
        #expect(try host.texts(id, from: .external).isEmpty)
        clock.advance(by: .seconds(41))
        let texts = try host.texts(id, from: .external)
        #expect(texts.count == 3)
        #expect(texts.first == "Current Time: Thu Jan 01 2026 00:00:20 GMT+0000 (Coordinated Universal Time)")
        try host.complete(id)
        clock.advance(by: .seconds(100))
        #expect(try host.texts(id, from: .external).count == 3)
    }

    @Test(arguments: [
        ("America/Los_Angeles", "Wed Dec 31 2025 16:00:20 GMT-0800 (Pacific Standard Time)"),
        ("Europe/Berlin", "Thu Jan 01 2026 01:00:20 GMT+0100 (Central European Standard Time)"),
        ("Asia/Kolkata", "Thu Jan 01 2026 05:30:20 GMT+0530 (India Standard Time)"),
    ])
    func systemParticipant_printsTheTimeInTheServersTimeZone(zone: String, expected: String) throws {
        let (host, clock) = try makeHost(joinDelay: .zero, systemInterval: .seconds(20), timeZone: try #require(TimeZone(identifier: zone)))
        let id = try host.requestChat(nickname: "n", subject: "s")
        clock.advance(by: .seconds(20))
        #expect(try host.texts(id, from: .external) == ["Current Time: \(expected)"])
    }

    @Test func zeroSystemInterval_disablesSystemMessages() throws {
        let (host, clock) = try makeHost(joinDelay: .zero, systemInterval: .zero)
        let id = try host.requestChat(nickname: "n", subject: "s")
        clock.advance(by: .seconds(120))
        #expect(try host.texts(id, from: .external).isEmpty)
    }

    @Test func runUntilIdle_finishesTheConversation_withoutWaitingForSystemMessages() throws {
        let (host, clock) = try makeHost(joinDelay: .seconds(5, 5), replyDelay: .seconds(5, 5))
        let id = try host.requestChat(nickname: "n", subject: "s")
        clock.runUntilIdle()
        try host.sendMessage("Hello?", to: id)
        let elapsed = clock.runUntilIdle()
        #expect(elapsed == .seconds(5))
        #expect(try host.texts(id, from: .agent) == ["Good question..."])
    }
}
