import ChatCore
import Foundation
import Testing
@testable import RuleBot

/// What `RuleBookResponder` reports for coverage: every rule that fired, by `file:line`.
@Suite struct FiredRulesTests {
    static let rules = """
        option typing off
        memory
          keyword car
          reply Earlier you mentioned a car.
        rule
          keyword car
          reply Tell me about it.
        rule apple
          match apple
          reply A
        rule cherry
          match cherry
          reply => goto apple with apple
        rule nothing
          match zebra
          reply Z
        """

    static func fired(by message: String) throws -> (texts: [String], fired: Set<String>) {
        let responder = RuleResponder(book: try RuleBookLoader.compile(text: rules, name: "t.rules"))
        let chat = ChatView(
            id: ChatID(UUID()), state: .chatting, customerNickname: "Alice", subject: "Help", userData: [:],
            agentNickname: responder.agentNickname, messages: [])
        var context = ResponderContext(chat: chat, random: ChatRandom(seed: 1), now: Date(timeIntervalSince1970: 0))
        var fired: Set<String> = []
        let reply = responder.respond(to: .customerText(message), context: &context, firedRules: &fired)
        let texts = reply.actions.compactMap { $0.kind.code == .say ? $0.kind.text : nil }
        return (texts, fired)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let message: String
        let texts: [String]
        let fired: Set<String>
        let why: String
        var testDescription: String { why }
    }

    static let cases = [
        Case(message: "apple", texts: ["A"], fired: ["t.rules:8"], why: "the rule that answers"),
        Case(
            message: "my car", texts: ["Tell me about it."], fired: ["t.rules:2", "t.rules:5"],
            why: "a memory fires without saying anything, beside the keyword rule that speaks"),
        Case(
            message: "cherry", texts: ["A"], fired: ["t.rules:11", "t.rules:8"],
            why: "a rule that only redirects fires, as does the rule it sends the message to"),
        Case(message: "nothing here", texts: [], fired: [], why: "no rule matches, none fired"),
    ]

    @Test(arguments: cases)
    func respond_reportsEveryRuleThatFired(_ testCase: Case) throws {
        let result = try Self.fired(by: testCase.message)
        #expect(result.texts == testCase.texts)
        #expect(result.fired == testCase.fired)
    }
}
