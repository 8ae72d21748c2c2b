import BotTesting
import ChatCore
import Foundation
import Testing

/// BotTesting's side of deterministic customer memory: each `TestChat(bot:)` starts with an
/// empty one (or the `customer` preset), and `newChat()` brings the same customer back.
@Suite struct ReturningCustomerChatTests {
    /// Tests/Fixtures/pia.rules, which LiveNewChatTests shares.
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/pia.rules")

    static func withBot(_ body: (URL) throws -> Void) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("testchat-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(at: fixture, to: folder.appendingPathComponent("pia.rules"))
        try body(folder)
    }

    @Test func newChat_isTheSameCustomerComingBack_andAnotherTestChatStartsEmpty() throws {
        try Self.withBot { folder in
            let first = try TestChat(bot: "pia", botsDirectory: folder, nickname: "Robin")
            #expect(first.waitForAgentText() == "Hello, what would you like?")
            try first.say("funghi")
            #expect(first.waitForAgentText() == "One funghi, coming up.")
            let second = try first.newChat()
            #expect(first.state == .idle, "the customer left the first chat")
            #expect(second.waitForAgentText() == "Welcome back! Another funghi?")
            let other = try first.newChat(nickname: "Kim")
            #expect(other.waitForAgentText() == "Hello, what would you like?", "another nickname is another customer")
            let fresh = try TestChat(bot: "pia", botsDirectory: folder, nickname: "Robin")
            #expect(fresh.waitForAgentText() == "Hello, what would you like?", "a new TestChat starts with an empty memory")
        }
    }

    @Test func customer_presetsTheMemory() throws {
        try Self.withBot { folder in
            let chat = try TestChat(bot: "pia", botsDirectory: folder, nickname: "Robin", customer: ["last_order": "margherita"])
            #expect(chat.waitForAgentText() == "Welcome back! Another margherita?")
            #expect(throws: TestChatSetupError.self) { try TestChat(bot: "last-character", customer: ["visits": "1"]) }
        }
    }
}
