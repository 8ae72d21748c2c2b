import BotTesting
import ChatCore
import LineFormat
import Testing
@testable import RuleBot

/// `=> transfer to NAME` and `=> invite [supervisor] NAME`.
@Suite struct TransferRuleTests {
    static let rules = """
        option typing off
        rule
          match \\bbilling\\b
          reply => transfer to Pat
        rule
          match \\bmanager\\b
          reply => invite supervisor Dana
        rule
          match \\bcolleague\\b
          reply => invite {$userdata.colleague}
        fallback
          reply You said {$message}.

        """

    private func chat() throws -> TestChat {
        try TestChat.rules(Self.rules, userData: ["colleague": "Lee"])
    }

    @Test func transfer_theAgentLeaves_andThePersonNamedJoins() throws {
        let chat = try chat()
        try chat.say("billing please")
        chat.runUntilIdle()
        #expect(chat.laterJoins == [Participant(id: "4", nickname: "Pat", kind: .agent)])
        #expect(chat.transcript.contains { $0.kind == .participantLeft && $0.from.id == "3" && $0.origin == "t.rules:2" })
        #expect(chat.snapshot.needsPerson, "Pat is a person: the chat waits for one")
    }

    @Test func invite_addsASupervisor_orAnAgentNamedByATemplate() throws {
        let chat = try chat()
        try chat.say("manager!")
        try chat.say("a colleague?")
        chat.runUntilIdle()
        #expect(chat.laterJoins.map(\.nickname) == ["Dana", "Lee"])
        #expect(chat.laterJoins.map(\.kind) == [.supervisor, .agent])
        try chat.say("hi")
        chat.runUntilIdle()
        #expect(chat.lastAgentReply == "You said hi.", "the agent stays and answers")
    }

    @Test(arguments: [
        ("rule\n  match x\n  reply => transfer Pat\n", "`=> transfer` needs `to` and the agent's name"),
        ("rule\n  match x\n  reply => invite\n", "`=> invite` needs the name of who joins"),
    ])
    func check_refusesMalformedTransfersAndInvitations(text: String, expected: String) {
        let error = compileError(text)
        #expect(error.contains(expected), "\(error)")
    }
}
