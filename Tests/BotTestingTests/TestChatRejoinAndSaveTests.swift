import BotTesting
import ChatCore
import Testing

/// What a bot's Swift test reads of a rejoin and of the transcript's save.
@Suite struct TestChatRejoinAndSaveTests {
    /// Hands the chat to "Pat" and, on "back", to itself again (a person of its own name).
    static let bot = ClosureResponder(agentNickname: "Fay") { event, _ in
        switch (event.kind, event.text) {
        case (.customerText, "again"?): AgentReply([AgentAction(.transfer(to: "Fay"))])
        default: .none
        }
    }

    @Test func rejoins_andTranscriptSaved_sayWhatHappened() throws {
        var configuration = ChatHostConfiguration()
        configuration.announcesTranscriptSave = true
        let chat = try TestChat(responder: Self.bot, configuration: configuration)
        try chat.say("again")
        chat.runUntilIdle()
        #expect(chat.rejoins == [Participant(id: "3", nickname: "Fay", kind: .agent)])
        #expect(chat.laterJoins == chat.rejoins, "a rejoin is a later join too")
        #expect(!chat.transcriptSaved, "not before the chat ends")
        try chat.complete()
        chat.runUntilIdle()
        #expect(chat.transcriptSaved)
    }

    @Test func byDefault_theTranscriptIsNotAnnounced() throws {
        let chat = try TestChat(responder: Self.bot)
        try chat.complete()
        chat.runUntilIdle()
        #expect(!chat.transcriptSaved)
    }
}
