import ChatCore
import Foundation
import Testing

/// Transfer and conference: the agent hands the chat to another agent (a bot by name, or a
/// person), or invites a second agent or a supervisor, who can leave again.
@Suite struct TransferTests {
    /// Transfers on "billing" (to the billing bot) and "pat" (to a person); invites on "help".
    static let frontDesk = ClosureResponder(agentNickname: "Fay") { event, _ in
        switch (event.kind, event.text) {
        case (.customerText, "billing"?): AgentReply([.say("Passing you to billing."), AgentAction(.transfer(to: "billing"), origin: "desk:3")])
        case (.customerText, "pat"?): AgentReply([AgentAction(.transfer(to: "Pat"))])
        case (.customerText, "help"?): AgentReply([AgentAction(.invite("Dana", supervisor: true)), .say("Dana is here too.")])
        case (.customerText, let text?): AgentReply([.say("Fay: \(text)")])
        default: .none
        }
    }
    static let billing = ClosureResponder(agentNickname: "Bill") { event, _ in
        switch event.kind {
        case .agentJoined: AgentReply([.say("Billing here.")])
        case .customerText: AgentReply([.say("Bill: \(event.text ?? "")")])
        default: .none
        }
    }

    private func host(store: (any ChatStore)? = nil, clock: ManualClock) throws -> ChatHost {
        var configuration = ChatHostConfiguration.instant()
        configuration.selectableBots = NamedBots(responders: ["billing": Self.billing])
        return try ChatHost(configuration: configuration, responder: Self.frontDesk, clock: clock, store: store)
    }

    @Test func aTransferToABot_theAgentLeaves_theBotJoinsUnderItsNickname_andAnswers() throws {
        let clock = ManualClock()
        let host = try host(clock: clock)
        let id = try host.requestChat(nickname: "Ann", subject: "s")
        try host.customerSays("billing", "my invoice", in: id, running: clock)
        #expect(try host.staffEvents(id) == ["ParticipantJoined Fay 3 Agent", "ParticipantLeft Fay 3 Agent", "ParticipantJoined Bill 4 Agent"])
        #expect(try host.texts(id, from: .agent) == ["Passing you to billing.", "Billing here.", "Bill: my invoice"])
        #expect(try host.chat(id).state == .chatting, "the chat goes on")
        #expect(try host.view(of: id).agentNickname == "Bill")
        #expect(try host.responder(of: id).agentNickname == "Bill")
        #expect(try host.chat(id).bot == "billing", "the agent console names the bot that answers now")
    }

    @Test func aTransferToAPerson_waitsForThemInTheConsole_whoAnswersUnderTheirName() throws {
        let clock = ManualClock()
        let host = try host(clock: clock)
        let id = try host.requestChat(nickname: "Ann", subject: "s")
        try host.customerSays("pat", in: id, running: clock)
        #expect(try host.chat(id).needsPerson)
        try host.sendMessage("hello?", to: id)
        clock.advance(by: .seconds(10))
        #expect(try host.texts(id, from: .agent) == [], "nobody answers until Pat takes the chat")
        try host.takeOver(id)
        try host.agentSays("Pat here.", in: id)
        #expect(try host.allMessages(id).last?.from == Participant(id: "4", nickname: "Pat", kind: .agent))
    }

    @Test func anInvitedSupervisor_joins_andCanLeaveAgain() throws {
        let clock = ManualClock()
        let host = try host(clock: clock)
        let id = try host.requestChat(nickname: "Ann", subject: "s")
        try host.customerSays("help", "help", in: id, running: clock)
        #expect(try host.staffEvents(id) == ["ParticipantJoined Fay 3 Agent", "ParticipantJoined Dana 4 Supervisor"], "invited once")
        #expect(try host.chat(id).participants.map(\.nickname) == ["Ann", "system", "Fay", "Dana"])
        try host.dismiss("Dana", from: id)
        #expect(throws: ChatError(.invalidParameter, "Nobody called 'Dana' was invited into chat \(id) and is still there.")) { try host.dismiss("Dana", from: id) }
        try host.invite("Lee", into: id)
        #expect(try host.staffEvents(id).suffix(2) == ["ParticipantLeft Dana 4 Supervisor", "ParticipantJoined Lee 5 Agent"])
        try host.customerSays("still Fay?", in: id, running: clock)
        #expect(try host.texts(id, from: .agent).last == "Fay: still Fay?", "the chat's agent stays")
    }

    @Test func aTransfer_survivesARestart() throws {
        let store = InMemoryChatStore()
        let clock = ManualClock()
        let id: ChatID
        do {
            let first = try host(store: store, clock: clock)
            id = try first.requestChat(nickname: "Ann", subject: "s")
            try first.customerSays("billing", in: id, running: clock)
            first.shutdown()
        }
        let restartClock = ManualClock(start: clock.now())
        let restarted = try host(store: store, clock: restartClock)
        try restarted.customerSays("after the restart", in: id, running: restartClock)
        #expect(try restarted.texts(id, from: .agent).last == "Bill: after the restart")
        #expect(try restarted.allMessages(id).last?.from.id == "4")
    }

    @Test func theConsole_transfers_andTheFault_too() throws {
        let clock = ManualClock()
        let host = try host(clock: clock)
        let id = try host.requestChat(nickname: "Ann", subject: "s")
        try host.transfer(id, to: "billing")
        clock.advance(by: .zero)
        #expect(try host.texts(id, from: .agent) == ["Billing here."])
        #expect(throws: ChatError(.invalidParameter, "Parameter 'to' must not be empty.")) { try host.transfer(id, to: "") }
        let other = try host.requestChat(nickname: "Bo", subject: "s")
        try host.inject(.transfer(to: "billing"), into: other)
        clock.advance(by: .zero)
        #expect(try host.texts(other, from: .agent) == ["Billing here."])
    }
}
