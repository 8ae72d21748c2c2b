import BotTesting
import ChatCore
import LastCharacterBot
import Testing

/// A bot unit-tested offline with BotTesting: a chat on a virtual clock, no server.
@Test func answersQuestionsAndEndsCleanly() throws {
    let chat = try TestChat(responder: LastCharacterResponder(), nickname: "Chris", seed: 42)

    try chat.say("Is anyone there?")
    chat.runUntilIdle()  // replies, typing, timers: no sleeping
    #expect(chat.agentReplies == ["Good question..."])

    try chat.say("Hello!")
    #expect(chat.waitForAgentText(within: .seconds(5)) == "Neat.")

    chat.advance(by: .seconds(60))  // the system participant posts every 20 s
    #expect(chat.transcript.filter { $0.from.kind == .external && $0.kind == .text }.count == 3)

    try chat.complete()
    #expect(chat.state == .idle)
    #expect(chat.capabilities.isEmpty)
    #expect(chat.elapsed >= .seconds(60))  // virtual time; the test took microseconds
}
