import ChatCore
@testable import ConversationTests
import LineFormat
import Testing

@Suite struct ConversationParserTests {
    static func parse(_ text: String) -> Result<ConversationFile, SourceDiagnostics> {
        ConversationParser.parse(text: text, path: "t.convo")
    }

    @Test func parse_readsWindowsLineEndings_withTheSameLinesAndColumns() throws {
        let file = try Self.parse("bot last-character\r\n\r\ntest t\r\n  customer says Hi\r\n  agent says i\r\n").get()
        #expect(file.bot == "last-character")
        #expect(file.tests.map(\.steps.count) == [2])
        #expect(file.tests.first?.steps.last?.location == ConversationLocation(file: "t.convo", line: 5, column: 3))
        #expect(file.tests.first?.steps.last?.source == "agent says i")
    }

    @Test func parse_readsSettingsTestsAndEveryKindOfStep() throws {
        let text = """
            # A comment
            bot last-character
            seed 42
            nickname Chris
            subject Order question
            userdata channel = web
            timeout 5s
            join-delay 0s
            reply-delay 1-2s
            system-messages off

            test everything
              seed 7
              customer says Hello: there
              customer types
              customer stops typing
              agent says Hi
              agent contains order
              agent matches ^Order \\d+
              agent one of A | B \\| C
              agent replies
              agent joins
              agent leaves
              agent types
              agent stops typing
              system contains Current Time
              system posts
              no reply
              no reply for 3s
              after 1.5s
              state Idle
              capabilities none
              capabilities SendMessage, Complete
              customer completes
            """
        let file = try Self.parse(text).get()
        #expect(file.bot == "last-character")
        #expect(file.botLocation == ConversationLocation(file: "t.convo", line: 2, column: 5))
        let test = try #require(file.tests.first)
        #expect(test.name == "everything")
        #expect(test.settings.seed == 7)
        #expect(test.settings.nickname == "Chris")
        #expect(test.settings.subject == "Order question")
        #expect(test.settings.userData == ["channel": "web"])
        #expect(test.settings.timeout == .seconds(5))
        #expect(test.settings.joinDelay == .zero)
        #expect(test.settings.replyDelay == .seconds(1, 2))
        #expect(test.settings.systemMessageInterval == .zero)
        #expect(test.steps.count == 21)
        guard case .customerSays("Hello: there") = test.steps[0].kind else { Issue.record("customer says"); return }
        guard case .agentText(.oneOf(let options)) = test.steps[6].kind else { Issue.record("one of"); return }
        #expect(options == ["A", "B | C"])
        guard case .noReply(.some(let window)) = test.steps[15].kind else { Issue.record("no reply for"); return }
        #expect(window == .seconds(3))
        guard case .capabilities(let operations) = test.steps[19].kind else { Issue.record("capabilities"); return }
        #expect(operations == [.sendMessage, .complete])
        #expect(test.steps[3].location == ConversationLocation(file: "t.convo", line: 17, column: 3))
    }

    @Test func matchesExpectation_findsThePatternAnywhereInTheReply() throws {
        let file = try Self.parse("bot x\ntest t\n  agent matches (?i)order \\d+\n").get()
        guard case .agentText(let expectation) = file.tests[0].steps[0].kind else { Issue.record("kind"); return }
        #expect(expectation.isMet(by: "Your ORDER 123 has shipped"))
        #expect(!expectation.isMet(by: "Your order has shipped"))
    }

    /// Malformed files: each error says where (line:column) and what to do.
    @Test(arguments: [
        ("bot x\ntest t\n  agent Hello\n", "t.convo:3:9:", "must be followed by one of"),
        ("bot x\ntest t\n  customer says\n", "t.convo:3:16:", "needs a text"),
        ("bot x\ntest t\n  after soon\n", "t.convo:3:9:", "after needs a duration"),
        ("bot x\ntest t\n  no reply for ever\n", "t.convo:3:16:", "`no reply for` needs a duration"),
        ("bot x\ntest t\n  state Happy\n", "t.convo:3:9:", "state must be WaitingForAgent, Chatting or Idle"),
        ("bot x\ntest t\n  capabilities Dance\n", "t.convo:3:16:", "`Dance` is not one"),
        ("bot x\ntest t\n  agent matches ab)c\n", "t.convo:3:19:", "unmatched closing parenthesis; fix the regular expression"),
        ("bot x\ntest t\n  agent matches Grüße)\n", "t.convo:3:22:", "unmatched closing parenthesis"),
        ("bot x\ntest t\n  agent one of only\n", "t.convo:3:16:", "two or more texts"),
        ("bot x\ntest t\n  agent replies now\n", "t.convo:3:17:", "takes nothing after it"),
        ("bot x\ntest t\n  dance\n", "t.convo:3:3:", "unknown step `dance`"),
        ("bot x\nseed many\ntest t\n  agent replies\n", "t.convo:2:6:", "seed must be a whole number"),
        ("bot x\ntimeout 0s\ntest t\n  agent replies\n", "t.convo:2:9:", "timeout must be a duration above zero"),
        ("bot x\njoin-delay 3-1s\ntest t\n  agent replies\n", "t.convo:2:12:", "join-delay must be a delay"),
        ("bot x\nuserdata novalue\ntest t\n  agent replies\n", "t.convo:2:10:", "userdata needs `KEY = VALUE`"),
        ("test t\n  agent replies\n", "t.convo:1:1:", "does not say which bot"),
        ("bot x\n", "t.convo:1:1:", "has no tests"),
        ("bot x\ntest t\n", "t.convo:2:1:", "has no steps"),
        ("bot x\n  agent replies\n", "t.convo:2:3:", "indented line outside a test"),
        ("bot x\ntest t\n  agent replies\nseed 3\n", "t.convo:4:1:", "file settings go before the first test"),
        ("bot x\ntest t\n  agent replies\n  seed 3\n", "t.convo:4:3:", "a test's settings go before its first step"),
        ("bot x\ntest t\n  agent replies\ntest t\n  agent replies\n", "t.convo:4:6:", "already at line 2"),
        ("bot x\nbot y\ntest t\n  agent replies\n", "t.convo:2:1:", "already named at line 1"),
        ("bot x\nfrobnicate\ntest t\n  agent replies\n", "t.convo:2:1:", "unknown line `frobnicate`"),
    ])
    func parse_reportsWhereAndWhat_forMalformedFiles(text: String, position: String, message: String) {
        guard case .failure(let errors) = Self.parse(text) else {
            Issue.record("expected an error for \(text.debugDescription)")
            return
        }
        let first = errors.errors.first?.description ?? ""
        #expect(first.hasPrefix(position), "\(first)")
        #expect(first.contains(message), "\(first)")
    }

    @Test func parse_reportsEveryError_notJustTheFirst() {
        guard case .failure(let errors) = Self.parse("bot x\ntest t\n  after x\n  state y\n  agent replies\n") else {
            Issue.record("expected errors")
            return
        }
        #expect(errors.errors.map(\.location.line) == [3, 4])
    }
}
