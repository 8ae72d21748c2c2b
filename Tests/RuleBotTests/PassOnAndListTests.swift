import BotTesting
import Foundation
import LineFormat
@testable import RuleBot
import Testing

/// `check` and `=> next`: a rule that passes the message on hides nothing after it; and `@list`
/// in `match` matches whole words, longest alternative first.
@Suite struct PassOnAndListTests {
    static func warnings(_ text: String) throws -> [SourceDiagnostic] {
        try RuleBookLoader.compile(text: text, name: "pizza.rules").warnings
    }

    static func reply(_ rules: String, to text: String) throws -> String? {
        let chat = try TestChat(responder: RuleResponder(book: RuleBookLoader.compile(text: "option typing off\n" + rules, name: "t.rules")))
        chat.finishAgentReply()
        try chat.say(text)
        return chat.waitForAgentText()
    }

    /// The case from the pizza bot that failed `check --strict`: a rule that notes the size and
    /// passes the message on, before the rule that takes the order.
    static let pizza = """
        rule note-size
          match \\b(?<size>small|medium|large)\\b
          set size = {size|lower}
          reply => next

        rule order
          match \\bpizza\\b
          example a large pizza please
          reply One {$size|or:medium} pizza, coming up.
        """

    @Test func aRuleThatPassesWithNext_doesNotShadowTheRulesAfterIt() throws {
        #expect(try Self.warnings(Self.pizza).isEmpty)
        #expect(try Self.reply(Self.pizza, to: "a large pizza please") == "One large pizza, coming up.")
    }

    @Test func aRuleThatPassesWithGotoOrRedirect_doesNotShadowEither_butOneThatAnswersDoes() throws {
        let goto = Self.pizza.replacingOccurrences(of: "reply => next", with: "reply => goto order")
        #expect(try Self.warnings(goto).isEmpty)
        let answers = Self.pizza.replacingOccurrences(of: "reply => next", with: "reply Noted.")
        #expect(try Self.warnings(answers).map(\.code) == [.shadowedRule])
        // A rule that passes only sometimes (one of its replies) does not always win either.
        let sometimes = Self.pizza.replacingOccurrences(of: "reply => next", with: "reply => next\n  reply Noted.")
        #expect(try Self.warnings(sometimes).isEmpty)
    }

    static let toppings = """
        list topping = olive olives ham pineapple
        rule topping
          match \\bwith (@topping)
          reply Topping: {1}.
        rule any
          match @topping
          reply Something with {0}.
        fallback
          reply No topping.
        """

    @Test func aListInMatch_takesTheLongestWord_andOnlyWholeWords() throws {
        #expect(try Self.reply(Self.toppings, to: "a pizza with olives") == "Topping: olives.")
        #expect(try Self.reply(Self.toppings, to: "a pizza with olive") == "Topping: olive.")
        #expect(try Self.reply(Self.toppings, to: "with hamster please") == "No topping.", "ham is not a word of hamster")
        #expect(try Self.reply(Self.toppings, to: "champagne") == "No topping.")
        #expect(try Self.reply(Self.toppings, to: "olives, ham") == "Something with olives.")
    }

    @Test func aListInWords_takesTheLongestWordToo() throws {
        let rules = "list size = large larger\nrule\n  words * (@size) *\n  reply Size {2}.\n"
        #expect(try Self.reply(rules, to: "make it larger please") == "Size larger.")
    }

    @Test func listAlternation_boundsOnlyTheEndsThatAreWordCharacters() {
        #expect(WordPattern.listAlternation(["olive", "olives", ":("]) == "(?:(?<!\\w)olives(?!\\w)|(?<!\\w)olive(?!\\w)|\\:\\()")
    }
}
