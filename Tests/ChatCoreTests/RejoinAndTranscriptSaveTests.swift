import ChatCore
import Foundation
import Testing

/// `ParticipantRejoined` (someone who left comes back under their participant id) and
/// `TranscriptSaveDone` (the ended chat's transcript is complete), as docs/chat-vocabulary.md
/// says the emulator posts them.
@Suite struct RejoinAndTranscriptSaveTests {
    /// Fay transfers on "billing"; Bill transfers back on "back"; both say goodbye when the
    /// customer leaves.
    static let frontDesk = ClosureResponder(agentNickname: "Fay") { event, _ in
        switch (event.kind, event.text) {
        case (.customerText, "billing"?): AgentReply([AgentAction(.transfer(to: "billing"))])
        case (.customerText, "help"?): AgentReply([AgentAction(.invite("Dana", supervisor: true))])
        case (.agentJoined, _): AgentReply([.say("Fay here.")])
        case (.customerLeft, _): AgentReply([.say("Bye from Fay.")])
        default: .none
        }
    }
    static let billing = ClosureResponder(agentNickname: "Bill") { event, _ in
        switch (event.kind, event.text) {
        case (.customerText, "back"?): AgentReply([AgentAction(.transfer(to: "front"))])
        default: .none
        }
    }

    private func host(store: (any ChatStore)? = nil, clock: ManualClock, announces: Bool = false) throws -> ChatHost {
        var configuration = ChatHostConfiguration.instant()
        configuration.selectableBots = NamedBots(responders: ["billing": Self.billing, "front": Self.frontDesk])
        configuration.announcesTranscriptSave = announces
        return try ChatHost(configuration: configuration, responder: Self.frontDesk, clock: clock, store: store)
    }

    // MARK: ParticipantRejoined

    @Test func aTransferBack_isARejoin_underTheFirstAgentsID() throws {
        let clock = ManualClock()
        let host = try host(clock: clock)
        let id = try host.requestChat(nickname: "Ann", subject: "s")
        try host.customerSays("billing", "back", in: id, running: clock)
        #expect(
            try host.staffEvents(id) == [
                "ParticipantJoined Fay 3 Agent", "ParticipantLeft Fay 3 Agent", "ParticipantJoined Bill 4 Agent", "ParticipantLeft Bill 4 Agent",
                "ParticipantRejoined Fay 3 Agent",
            ])
        #expect(try host.texts(id, from: .agent) == ["Fay here.", "Fay here."], "the bot greets on rejoining as on joining")
        #expect(try host.chat(id).participants.map(\.id) == ["1", "2", "3", "4"], "nobody new: the same participant is back")
        #expect(try host.view(of: id).agentNickname == "Fay")
    }

    @Test func anInviteeInvitedAgain_rejoins_inTheRoleAskedFor() throws {
        let clock = ManualClock()
        let host = try host(clock: clock)
        let id = try host.requestChat(nickname: "Ann", subject: "s")
        try host.invite("Dana", as: .supervisor, into: id)
        try host.dismiss("Dana", from: id)
        try host.invite("Dana", into: id)
        #expect(
            try host.staffEvents(id).suffix(3) == [
                "ParticipantJoined Dana 4 Supervisor", "ParticipantLeft Dana 4 Supervisor", "ParticipantRejoined Dana 4 Agent",
            ])
        #expect(try host.chat(id).participants.last == Participant(id: "4", nickname: "Dana", kind: .agent))
        try host.invite("Dana", into: id)
        #expect(try host.staffEvents(id).count == 4, "someone in the chat is not invited again")
        try host.dismiss("Dana", from: id)
        try host.invite("Lee", into: id)
        #expect(try host.staffEvents(id).last == "ParticipantJoined Lee 5 Agent", "a newcomer still gets the next id")
    }

    @Test func aRejoin_survivesARestart_andARestartedChatStillKnowsWhoLeft() throws {
        let store = InMemoryChatStore()
        let clock = ManualClock()
        let id: ChatID
        do {
            let first = try host(store: store, clock: clock)
            id = try first.requestChat(nickname: "Ann", subject: "s")
            try first.customerSays("billing", "back", in: id, running: clock)
            first.shutdown()
        }
        let restartClock = ManualClock(start: clock.now())
        let restarted = try host(store: store, clock: restartClock)
        #expect(try restarted.staffEvents(id).last == "ParticipantRejoined Fay 3 Agent")
        try restarted.customerSays("billing", in: id, running: restartClock)
        #expect(try restarted.staffEvents(id).suffix(2) == ["ParticipantLeft Fay 3 Agent", "ParticipantRejoined Bill 4 Agent"])
    }

    // MARK: TranscriptSaveDone

    @Test func byDefault_noTranscriptSaveDone_theChatEndsWithItsLeaving() throws {
        let clock = ManualClock()
        let host = try host(clock: clock)
        let id = try host.requestChat(nickname: "Ann", subject: "s")
        clock.advance(by: .zero)
        try host.complete(id)
        clock.advance(by: .seconds(5))
        #expect(try host.allMessages(id).map(\.kind).contains(.transcriptSaveDone) == false)
    }

    @Test func theCustomerLeaving_savesTheTranscript_afterTheBotsFarewell() throws {
        let clock = ManualClock()
        let host = try host(clock: clock, announces: true)
        let id = try host.requestChat(nickname: "Ann", subject: "s")
        clock.advance(by: .zero)
        try host.complete(id)
        clock.advance(by: .zero)
        let tail = try host.allMessages(id).suffix(3).map { "\($0.kind.name) \($0.from.id) \($0.text ?? "")" }
        #expect(tail == ["ParticipantLeft 1 ", "Text 3 Bye from Fay.", "TranscriptSaveDone 2 "])
        clock.advance(by: .seconds(60))
        #expect(try host.allMessages(id).filter { $0.kind == .transcriptSaveDone }.count == 1, "once")
    }

    @Test func theAgentLeaving_orIdleClose_orALeavingBeforeTheAgent_savesItAtOnce() throws {
        let clock = ManualClock()
        var configuration = ChatHostConfiguration.instant()
        configuration.announcesTranscriptSave = true
        configuration.idleControl = IdleControl(alertAfter: .seconds(10), closeAfter: .seconds(5))
        configuration.agentJoinDelay = .seconds(30, 30)
        let host = try ChatHost(configuration: configuration, responder: Self.frontDesk, clock: clock)
        let early = try host.requestChat(nickname: "Ann", subject: "s")
        try host.complete(early)
        #expect(try host.allMessages(early).suffix(2).map(\.kind) == [.participantLeft, .transcriptSaveDone])
        let idle = try host.requestChat(nickname: "Bo", subject: "s")
        clock.advance(by: .seconds(16))
        #expect(try host.allMessages(idle).suffix(2).map(\.kind) == [.idleClose, .transcriptSaveDone])
        let left = try host.requestChat(nickname: "Cy", subject: "s")
        try host.agentEndsChat(left)
        #expect(try host.allMessages(left).suffix(2).map(\.kind) == [.participantLeft, .transcriptSaveDone])
        #expect(try host.allMessages(left).last?.from == Participant(id: "2", nickname: "system", kind: .external))
    }

    @Test func aFarewellStillOwed_atARestart_comesFirst_thenTheSave() throws {
        let store = InMemoryChatStore()
        let clock = ManualClock()
        let id: ChatID
        do {
            let first = try host(store: store, clock: clock, announces: true)
            id = try first.requestChat(nickname: "Ann", subject: "s")
            clock.advance(by: .zero)
            try first.complete(id)
            // The farewell is asked when the clock runs: shut down before it does.
            first.shutdown()
        }
        #expect(store.records(of: id).contains { $0.message?.kind == .transcriptSaveDone } == false)
        let restartClock = ManualClock(start: clock.now())
        let restarted = try host(store: store, clock: restartClock, announces: true)
        restartClock.advance(by: .zero)
        #expect(try restarted.allMessages(id).suffix(2).map(\.kind) == [.text, .transcriptSaveDone])
        restarted.shutdown()
        let again = try host(store: store, clock: ManualClock(start: restartClock.now()), announces: true)
        #expect(try again.allMessages(id).filter { $0.kind == .transcriptSaveDone }.count == 1, "journaled once, not posted again")
    }

    @Test func theSave_fitsEvenAtTheTranscriptLimit() throws {
        let clock = ManualClock()
        var configuration = ChatHostConfiguration.instant()
        configuration.announcesTranscriptSave = true
        configuration.maxTranscriptBytes = 2_000
        let host = try ChatHost(configuration: configuration, responder: Self.billing, clock: clock)
        let id = try host.requestChat(nickname: "Ann", subject: "s")
        clock.advance(by: .zero)
        #expect(throws: ChatError.self) { try host.sendMessage(String(repeating: "x", count: 3_000), to: id) }
        #expect(try host.chat(id).state == .idle)
        #expect(try host.allMessages(id).last?.kind == .transcriptSaveDone)
    }
}
