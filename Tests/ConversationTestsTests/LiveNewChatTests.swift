import ChatCore
@testable import ConversationTests
import EmulatorKit
import Foundation
import RuleBot
import Testing

/// `new chat` against a live server: the same customer comes back to the server's own customer
/// memory; `set customer.NAME`, which needs the bot in process, fails and says so.
@Suite struct LiveNewChatTests {
    static let rules = """
        option typing off
        greeting
          when $customer.last_order
          reply Welcome back! Another {$customer.last_order}?
        greeting
          reply Hello, what would you like?
        rule order
          match \\b(?<pizza>margherita|funghi)\\b
          set customer.last_order = {pizza|lower}
          reply One {pizza|lower}, coming up.
        """

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
        let responder = RuleResponder(book: try RuleBookLoader.compile(text: Self.rules, name: "pia.rules"))
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
