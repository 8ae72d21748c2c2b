import ChatCore
import Foundation
@testable import RuleBot

/// Drives one chat with a rule responder directly, keeping the chat's memory and random
/// generator between events as the host would.
struct ChatDriver {
    let responder: RuleResponder
    var memory = ResponderMemory()
    var random: ChatRandom
    var customerNickname = "Alice"
    var subject = "Help"
    var userData: [String: String] = [:]
    var lastReply = AgentReply.none

    init(_ responder: RuleResponder, seed: UInt64 = 1) {
        self.responder = responder
        random = ChatRandom(seed: seed)
    }

    init(rules text: String, seed: UInt64 = 1) throws {
        self.init(RuleResponder(book: try RuleBookLoader.compile(text: text, name: "test.rules")), seed: seed)
    }

    /// Sends `event` and returns the texts the agent says.
    @discardableResult
    mutating func send(_ event: ChatEvent) -> [String] {
        let chat = ChatView(
            id: ChatID(UUID(uuidString: "00000000-0000-0000-0000-000000000001")!), state: .chatting,
            customerNickname: customerNickname, subject: subject, userData: userData,
            agentNickname: responder.agentNickname, messages: [])
        var context = ResponderContext(chat: chat, memory: memory, random: random, now: Date(timeIntervalSince1970: 0))
        lastReply = responder.respond(to: event, context: &context)
        memory = context.memory
        random = context.random
        return lastReply.actions.compactMap { $0.kind.code == .say ? $0.kind.text : nil }
    }

    /// Sends a customer message; returns the agent's messages joined by " | ".
    mutating func say(_ text: String) -> String {
        send(.customerText(text)).joined(separator: " | ")
    }
}

enum BotFiles {
    /// The repository's `Bots` folder.
    static var directory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Bots")
    }

    static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// The CACM 1966 ELIZA conversation, shipped in `Tests/RuleBotTests/Fixtures/`.
    static var cacmConversation: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/cacm-1966-conversation.json")
    }
}
