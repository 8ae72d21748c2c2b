import ChatCore
@testable import ConversationTests
import Foundation
import LineFormat
import RuleBot
import Testing

/// Bot tests stay deterministic with customer memory: every test starts with an empty one,
/// whatever ran before or runs beside it; `set customer.NAME` presets it; `new chat` brings the
/// same customer back within one test.
@Suite struct ReturningCustomerTests {
    static let rules = """
        agent Pia
        option typing off
        option customer-key userdata.email
        greeting
          when $customer.last_order
          reply Welcome back, {$nickname}! Another {$customer.last_order}?
        greeting
          reply Hello {$nickname}, what would you like?
        rule order
          match \\b(?<pizza>margherita|funghi)\\b
          set customer.last_order = {pizza|lower}
          reply One {pizza|lower}, coming up.
        """

    static func writeBot(in folder: URL) throws {
        try rules.write(to: folder.appendingPathComponent("pia.rules"), atomically: true, encoding: .utf8)
    }

    static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("returning-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// A first-time customer's test after one that left a customer behind (same nickname, same
    /// email): it must meet an empty memory, in file order on one thread and in parallel.
    static let convo = """
        bot pia
        join-delay 0s
        reply-delay 0s
        nickname Robin
        userdata email = robin@example.com

        test an order is remembered for next time
          agent says Hello Robin, what would you like?
          customer says A Margherita please
          agent says One margherita, coming up.

        test a new customer is greeted as new
          agent says Hello Robin, what would you like?

        test a returning customer is welcomed back
          set customer.last_order = funghi
          agent says Welcome back, Robin! Another funghi?

        test the same customer comes back in a new chat, under another nickname
          agent says Hello Robin, what would you like?
          customer says funghi
          agent says One funghi, coming up.
          new chat nickname Bob
          agent says Welcome back, Bob! Another funghi?
          customer says margherita then
          agent says One margherita, coming up.
          new chat
          agent says Welcome back, Bob! Another margherita?

        test another email is another customer
          set customer.last_order = funghi
          agent says Welcome back, Robin! Another funghi?
          new chat userdata email = kim@example.com
          agent says Hello Robin, what would you like?
        """

    @Test(arguments: [1, 8])
    func everyTestStartsWithAnEmptyCustomerMemory(parallelism: Int) throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.writeBot(in: folder)
        let path = folder.appendingPathComponent("pia.convo").path
        try Self.convo.write(toFile: path, atomically: true, encoding: .utf8)
        for _ in 0..<5 {
            let result = ConversationSuite(parallelism: parallelism).run(files: [path])
            #expect(result.fileErrors.isEmpty)
            #expect(
                result.outcomes.map(\.passed) == [true, true, true, true, true],
                "\(result.outcomes.compactMap { $0.failure.map { "\($0.location): \($0.message)" } })")
        }
    }

    @Test func aNewChat_isReportedAsARow_andItsTranscriptFollowsTheFirst() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.writeBot(in: folder)
        let path = folder.appendingPathComponent("pia.convo").path
        try Self.convo.write(toFile: path, atomically: true, encoding: .utf8)
        let outcome = try #require(ConversationSuite(parallelism: 1).run(files: [path]).outcomes.first { $0.test.name.hasPrefix("the same customer") })
        #expect(outcome.rows.map(\.actual).contains("new chat as Bob"))
        let texts = outcome.transcript.filter { $0.kind == .text && $0.from.kind == .agent }.compactMap(\.text)
        #expect(
            texts == [
                "Hello Robin, what would you like?", "One funghi, coming up.", "Welcome back, Bob! Another funghi?",
                "One margherita, coming up.", "Welcome back, Bob! Another margherita?",
            ])
        #expect(outcome.responderTrace.contains { $0.contains("set $customer.last_order = \"margherita\"") })
    }

    @Test func anUnexpectedReplyBeforeANewChat_failsThere() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.writeBot(in: folder)
        let path = folder.appendingPathComponent("pia.convo").path
        try "bot pia\njoin-delay 0s\nreply-delay 0s\ntest t\n  agent replies\n  customer says funghi\n  new chat\n  agent replies\n".write(toFile: path, atomically: true, encoding: .utf8)
        let outcome = try #require(ConversationSuite(parallelism: 1).run(files: [path]).outcomes.first)
        #expect(outcome.failure?.location.line == 7)
        #expect(outcome.failure?.message.contains("before `new chat`") == true)
    }

    @Test func setCustomer_needsACustomer_andARulesBot() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.writeBot(in: folder)
        let path = folder.appendingPathComponent("t.convo").path
        // No email: the bot knows customers by userdata.email.
        try "bot pia\ntest t\n  set customer.last_order = funghi\n  agent replies\n".write(toFile: path, atomically: true, encoding: .utf8)
        let noKey = try #require(ConversationSuite(parallelism: 1).run(files: [path]).outcomes.first)
        #expect(noKey.failure?.message.contains("needs a customer") == true)
        try "bot last-character\ntest t\n  set customer.visits = 2\n  agent joins\n".write(toFile: path, atomically: true, encoding: .utf8)
        let notRules = try #require(ConversationSuite(parallelism: 1).run(files: [path]).outcomes.first)
        #expect(notRules.failure?.message.contains("this bot keeps none") == true)
    }

    // MARK: The file format

    static func errors(_ text: String) -> [String] {
        guard case .failure(let errors) = ConversationParser.parse(text: "bot pia\n" + text, path: "t.convo") else { return [] }
        return errors.diagnostics.map { "\($0.location.line):\($0.location.column): \($0.message)" }
    }

    @Test func newChatAndSetCustomer_parse_andMistakesSayWhatToWrite() throws {
        let file = try ConversationParser.parse(text: "bot pia\nset customer.visits = 3\ntest t\n  new chat nickname Bob\n  new chat userdata email = b@example.com\n  new chat\n", path: "t.convo").get()
        #expect(file.tests[0].settings.customerVariables == ["visits": "3"])
        #expect(file.tests[0].settings.variables.isEmpty)
        let kinds = file.tests[0].steps.map { step -> String in
            guard case .newChat(let nickname, let userData) = step.kind else { return "other" }
            return "\(nickname ?? "-") \(userData)"
        }
        #expect(kinds == ["Bob [:]", "- [\"email\": \"b@example.com\"]", "- [:]"])
        #expect(Self.errors("test t\n  new chat as Bob\n").first == "3:12: after `new chat` write nothing, `nickname NAME` or `userdata KEY = VALUE`, not `as Bob`; such as `new chat` (the same customer comes back), `new chat nickname Robin` or `new chat userdata email = robin@example.com`")
        #expect(Self.errors("test t\n  new customer\n").first?.contains("did you mean `new chat`") == true)
        #expect(Self.errors("test t\n  set customer. = 1\n").first?.contains("set customer.last_order = margherita") == true)
    }

    @Test func chatCommandsWrittenAsSteps_hintAtTheConvoStep() {
        #expect(Self.errors("test t\n  /wait 30s\n").first == "3:3: unknown step `/wait 30s`; time passes with `after 30s` (what `/wait 30s` does in `gws-emulator chat`)")
        #expect(Self.errors("test t\n  wait 2m\n").first?.contains("`after 2m`") == true)
        #expect(Self.errors("test t\n  /typing\n").first?.contains("`customer types`") == true)
        #expect(Self.errors("test t\n  /stop\n").first?.contains("`customer stops typing`") == true)
        #expect(Self.errors("test t\n  /quit\n").first?.contains("`customer completes`") == true)
        #expect(Self.errors("test t\n  /frobnicate\n").first?.contains("have no `/`") == true)
    }
}
