import BotCatalog
import BotTesting
import ChatCore
import Foundation
import RuleBot
import Testing

/// The helpers a bot author's Swift tests use: a bot by catalog name, typing, pending timers,
/// the bot's variables and topic, which rule answered, and a printable transcript.
@Suite struct TestChatBotHelpersTests {
    static let bots = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Bots", isDirectory: true)

    static func support(variables: [String: String] = [:]) throws -> TestChat {
        try TestChat(bot: "support", botsDirectory: bots, nickname: "Ann", variables: variables)
    }

    @Test func aBotByItsCatalogName_answersAsTheShippedBot_andSaysWhichRuleAnswered() throws {
        let chat = try Self.support()
        #expect(chat.waitForAgentText() == "Hi Ann, I'm Sam from Northwind Shop. How can I help you today?")
        #expect(chat.lastAnsweringPart?.name.hasSuffix("support.rules:31 (greeting)") == true)
        try chat.say("Where is my order 123456?")
        #expect(chat.waitForAgentText()?.hasPrefix("Order 123456") == true)
        #expect(chat.lastReplyCame(from: "order-number"))
        #expect(chat.lastReplyCame(from: "support.rules:56"))
        #expect(!chat.lastReplyCame(from: "hello"))
        #expect(chat.variable("order") == "123456")
        #expect(throws: (any Error).self) { try TestChat(bot: "no-such-bot", botsDirectory: Self.bots) }
    }

    @Test func variablesSetBeforeTheChat_andTheTopic_areVisible() throws {
        let chat = try Self.support(variables: ["order": "999999"])
        chat.finishAgentReply()
        #expect(chat.variable("order") == "999999")
        try chat.say("where is my parcel?")
        #expect(chat.waitForAgentText()?.contains("Order 999999") == true, "\(chat.printableTranscript)")
        #expect(chat.topic == nil)
        try chat.say("I want a refund")
        chat.finishAgentReply()
        #expect(chat.topic == "refunds")
    }

    @Test func typingAndGoingQuiet_leavesTheIdleTimerPending_untilTimePasses() throws {
        let chat = try Self.support()
        chat.finishAgentReply()
        try chat.typeAndGoQuiet(for: .seconds(10))
        #expect(chat.pendingTimers["idle-30.0"] == .seconds(20), "\(chat.pendingTimers)")
        #expect(chat.pendingAgentSteps.allSatisfy { $0.kind == .timer })
        chat.advance(by: .seconds(20))
        chat.finishAgentReply()
        #expect(chat.lastAgentReply == "Take your time, Ann. I'm here when you're ready.")
        #expect(chat.lastReplyCame(from: "support.rules:34"))
        try chat.type("thanks!")
        #expect(chat.waitForAgentText() != nil)
        #expect(chat.pendingTimers["idle-30.0"] == nil, "a message cancels the idle timer")
    }

    @Test func thePrintableTranscript_showsTimesSpeakersAndRules() throws {
        let chat = try Self.support()
        try chat.say("hello")
        chat.finishAgentReply()
        let lines = chat.printableTranscript.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.contains("\tagent joins") })
        #expect(lines.contains { $0.hasSuffix("customer says hello") })
        #expect(lines.contains { $0.contains("agent says Hello, Ann! What can I do for you?   [") && $0.contains("support.rules:153]") })
        #expect(lines.allSatisfy { $0.hasPrefix("+") })
    }
}

/// The catalog gives rules bots a customer memory on disk when it has a folder for it (the
/// emulator passes its data folder), so `customer.NAME` variables survive a restart.
@Suite struct CatalogCustomerMemoryTests {
    @Test func aRulesBotFromTheCatalog_keepsCustomerVariablesInTheDataFolder() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("catalog-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let bots = folder.appendingPathComponent("Bots")
        try FileManager.default.createDirectory(at: bots, withIntermediateDirectories: true)
        try "option typing off\ngreeting\n  when $customer.seen\n  reply Welcome back!\ngreeting\n  set customer.seen = yes\n  reply Hello!\n"
            .write(to: bots.appendingPathComponent("regulars.rules"), atomically: true, encoding: .utf8)
        let data = folder.appendingPathComponent("data")
        func greeting() throws -> String? {
            let bot = try BotCatalog(botsDirectory: bots, customerMemoryDirectory: data).load("regulars")
            return try TestChat(responder: bot.responder, nickname: "Ann").waitForAgentText()
        }
        #expect(try greeting() == "Hello!")
        #expect(try greeting() == "Welcome back!", "a fresh catalog and bot, as after a restart")
        #expect(FileManager.default.fileExists(atPath: data.appendingPathComponent("customers/regulars.tsv").path))
    }
}
