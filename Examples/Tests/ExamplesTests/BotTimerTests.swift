import BotTesting
import Foundation
import Testing

/// A rules bot's own timer (its `idle 30` nudge), tested offline on the virtual clock.
@Test func nudgesAQuietCustomer() throws {
    let bots = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Bots")
    let chat = try TestChat(bot: "support", botsDirectory: bots, nickname: "Ann")  // Bots/support.rules
    chat.finishAgentReply()
    try chat.typeAndGoQuiet(for: .seconds(10))
    #expect(chat.pendingTimers["idle-30.0"] == .seconds(20))  // the bot's `idle 30` timer
    chat.advance(by: .seconds(20))  // the nudge starts: typing, then the text
    chat.finishAgentReply()
    #expect(chat.lastAgentReply == "Take your time, Ann. I'm here when you're ready.", "\(chat.printableTranscript)")
    #expect(chat.lastReplyCame(from: "support.rules:34"))
}
