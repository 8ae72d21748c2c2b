import ChatCore
@testable import ConversationTests
import EmulatorKit
import Foundation
import RuleBot
import Testing

/// `new chat` against a live server: the same customer comes back to the server's own customer
/// memory; `set customer.NAME`, which needs the bot in process, fails and says so.
@Suite struct LiveNewChatTests {
    /// Tests/Fixtures/pia.rules, which BotTestingTests' ReturningCustomerChatTests shares.
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/pia.rules")

    static let convo = """
        bot pia
        nickname Robin
        timeout 3s

        test the customer comes back in a new chat
          agent says Hello, what would you like?
          customer says funghi
          agent says One funghi, coming up.
          new chat
          agent says Welcome back! Another funghi?

        test presetting the customer needs the bot in process
          set customer.last_order = funghi
          agent replies
        """

    @Test func newChat_reachesTheServersCustomerMemory_andSetCustomerIsRefused() throws {
        let rules = try String(contentsOf: Self.fixture, encoding: .utf8)
        let responder = RuleResponder(book: try RuleBookLoader.compile(text: rules, name: "pia.rules"))
        var configuration = EmulatorConfiguration(bot: .responder(responder))
        configuration.chatHost.agentJoinDelay = .zero
        configuration.chatHost.replyDelay = .zero
        configuration.chatHost.systemMessageInterval = .zero
        let server = Emulator(configuration)
        let baseURL = try server.start()
        defer { server.stop() }
        let file = try ConversationParser.parse(text: Self.convo, path: "live.convo").get()
        let suite = ConversationSuite(target: .live(LiveServer(baseURL: baseURL)))
        let outcomes = file.tests.map { suite.runTest($0, in: file, with: responder) }
        #expect(outcomes[0].passed, "\(FailureReport.render(outcomes[0]))")
        #expect(outcomes[1].failure?.message.contains("`set customer.NAME` needs the bot in process") == true)
    }
}
