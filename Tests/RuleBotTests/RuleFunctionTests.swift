import ChatCore
import LineFormat
@testable import RuleBot
import Testing

/// A rules bot's functions (RiveScript's object macros): `{call: NAME TEXT}` asks another bot.
@Suite struct RuleFunctionTests {
    /// A function bot that answers a call with its text reversed, and says which function it was.
    static let reverse = ClosureResponder { event, context in
        guard event.kind == FunctionCalls.eventKind else { return .none }
        let text = String((event.text ?? "").reversed())
        return AgentReply([.say("\(context.memory["function"] ?? "?"):\(text)")])
    }

    static let rules = """
        option typing off
        function reverse = exec:python3 reverse.py
        function silent = exec:python3 silent.py
        rule reverse
          match ^reverse (.+)$
          set last = {call: reverse {1}}
          reply Backwards: {call: reverse {1}}. Noted: {$last}.
        rule silent
          match ^silent$
          reply [{call: silent anything}]
        rule plain
          match ^plain$
          reply No call here.
        """

    @Test func aCall_isAnsweredByTheFunctionsBot_andItsResultIsUsedInPlace() throws {
        let book = try RuleBookLoader.compile(text: Self.rules, name: "t.rules")
        #expect(book.functions == ["reverse": "exec:python3 reverse.py", "silent": "exec:python3 silent.py"])
        var driver = ChatDriver(RuleResponder(book: book, functions: ["reverse": Self.reverse, "silent": ClosureResponder { _, _ in .none }]))
        #expect(driver.say("reverse abc") == "Backwards: reverse:cba. Noted: reverse:cba.")
        #expect(driver.memory.variable("last") == "reverse:cba", "the last pass's changes are kept")
        #expect(driver.say("silent") == "[]", "a function that says nothing gives an empty result")
        #expect(driver.say("plain") == "No call here.")
    }

    @Test func aFunctionWithoutABot_givesAnEmptyResult() throws {
        var driver = ChatDriver(RuleResponder(book: try RuleBookLoader.compile(text: Self.rules, name: "t.rules")))
        #expect(driver.say("reverse abc") == "Backwards: . Noted: .")
    }

    @Test func check_rejectsCallsOfUndeclaredFunctions_andBadDeclarations() {
        let undeclared = RiveScriptPortTests.errors("rule\n  match (x)\n  reply {call: weather {1}}")
        #expect(undeclared.first?.code == .unknownReference)
        #expect(undeclared.first?.message.contains("function weather") == true)
        #expect(RiveScriptPortTests.errors("function weather = python3 w.py\nrule\n  reply x").first?.message.contains("exec:COMMAND") == true)
        #expect(RiveScriptPortTests.errors("rule\n  reply {call: }").first?.message.contains("function name") == true)
    }
}
