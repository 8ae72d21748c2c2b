import ChatCore
import EmulatorKit
import Foundation
import GWSChatClient
import Testing

/// The emulator in process on a free port, with the support bot, driven over HTTP by the GWS
/// client on a virtual clock: the agent's 1-3 s join and typing delays cost no wall time.
@Suite struct SupportAgentOverHTTPTests {
    static let bots = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Bots")

    @Test func greetsTheCustomer_thenFindsTheOrder() async throws {
        var configuration = EmulatorConfiguration(bot: .named("support"))
        configuration.botsDirectory = Self.bots
        configuration.chatHost.seed = 7
        try await withEmulator(configuration) { running in  // stopped when the closure ends
            let client = GWSClient(baseURL: running.baseURL)  // http://127.0.0.1:PORT/api
            let clock = running.clock  // the chats' virtual clock

            let chat = try await client.requestChat(nickname: "Chris", subject: "Where is my order?")
            #expect(try await client.chat(chat.id).state == .waitingForAgent)
            clock.advance(by: .seconds(3))  // the agent joins within 1-3 s
            clock.advance(by: .seconds(10))  // ... and greets, typing first
            #expect(
                try await agentTexts(client.transcript(of: chat.id)) == [
                    "Hi Chris, I'm Sam from Northwind Shop. How can I help you today?"
                ])

            try await client.sendMessage("Where is my order 123456?", in: chat.id)
            clock.advance(by: .seconds(10))  // its answer, not yet its nudge
            let answer = agentTexts(try await client.transcript(of: chat.id))
            #expect(answer.first?.hasPrefix("Order 123456 left our warehouse yesterday") == true)

            try await client.complete(chat.id)
            #expect(try await client.chat(chat.id).state == .idle)
            let refused = try await #require(throws: GWSClientError.self) { try await client.sendMessage("Hello?", in: chat.id) }
            #expect(refused.httpStatus == 400 && refused.statusCode == 2)
        }
    }

    func agentTexts(_ messages: [GWSMessage]) -> [String] {
        messages.filter { $0.from.kind == .agent && $0.kind == .text }.compactMap(\.text)
    }
}
