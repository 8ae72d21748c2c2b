import ChatCore
import Foundation
import Testing
@testable import RuleBot

@Suite struct ElizaConversationTests {
    /// Capitals, letters, digits and apostrophes only, single spaces: how the article is compared.
    static func normalised(_ text: String) -> String {
        String(text.uppercased().filter { $0 != "'" }.map { $0.isLetter || $0.isNumber ? $0 : " " })
            .split(separator: " ").joined(separator: " ")
    }

    @Test func eliza_reproducesTheCACM1966Conversation_inOneChat() throws {
        let data = try Data(contentsOf: BotFiles.cacmConversation)
        let exchanges = try JSONDecoder().decode([[String]].self, from: data)
        #expect(exchanges.count == 15)
        var chat = ChatDriver(try RuleResponder(path: BotFiles.path("eliza.rules")))
        let greeting = chat.send(.agentJoined)
        #expect(greeting == ["HOW DO YOU DO.  PLEASE TELL ME YOUR PROBLEM"])
        for (number, exchange) in exchanges.enumerated() {
            let reply = chat.say(exchange[0])
            #expect(Self.normalised(reply) == Self.normalised(exchange[1]), "exchange \(number + 1): \(exchange[0])\n\(chat.lastReply.trace.joined(separator: "\n"))")
        }
    }
}
