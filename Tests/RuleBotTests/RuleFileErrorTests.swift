import Foundation
import LineFormat
import Testing
@testable import RuleBot

/// Every error a rule file can have: where it is reported and what it says.
@Suite struct RuleFileErrorTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let text: String
        let code: SourceDiagnostic.Code
        /// `line:column`
        let position: String
        let message: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "unknown declaration", text: "bogus thing", code: .unknownDirective, position: "1:1", message: "unknown declaration `bogus`"),
        Case(name: "indented line outside a block", text: "  reply hi", code: .syntax, position: "1:3", message: "indented line outside a block"),
        Case(name: "unknown line in a rule", text: "rule\n  replay hi", code: .unknownDirective, position: "2:3", message: "unknown line `replay` in a rule"),
        Case(name: "PCRE2 error, column in characters", text: "rule\n  match (unclosed\n  reply x", code: .pattern, position: "2:18", message: "missing closing parenthesis"),
        Case(name: "PCRE2 error after non-ASCII", text: "rule\n  match éé(\n  reply x", code: .pattern, position: "2:12", message: "missing closing parenthesis"),
        Case(name: "PCRE2 error after a list", text: "list a = x y\nrule\n  match @a)\n  reply x", code: .pattern, position: "3:11", message: "unmatched closing parenthesis"),
        Case(name: "unknown list in a regex", text: "rule\n  match hello @nope\n  reply x", code: .pattern, position: "2:15", message: "unknown list `@nope`"),
        Case(name: "unknown list in words", text: "rule\n  words * @nope *\n  reply x", code: .pattern, position: "2:11", message: "unknown list `@nope`"),
        Case(name: "unclosed choice in words", text: "rule\n  words * (A B *\n  reply x", code: .pattern, position: "2:11", message: "`(` is not closed"),
        Case(name: "empty match", text: "rule\n  match\n  reply x", code: .pattern, position: "2:3", message: "match needs a regular expression"),
        Case(name: "unclosed slot", text: "rule\n  reply Hello {1", code: .template, position: "2:15", message: "`{` is not closed"),
        Case(name: "stray closing brace", text: "rule\n  reply Hello }", code: .template, position: "2:15", message: "unexpected `}`"),
        Case(name: "unknown filter", text: "rule\n  reply {1|shout}", code: .template, position: "2:12", message: "unknown filter `shout`"),
        Case(name: "bad slot", text: "rule\n  reply {hello world}", code: .template, position: "2:10", message: "is not a capture, a variable or `recall`"),
        Case(name: "empty message", text: "rule\n  reply a ||  || b", code: .template, position: "2:13", message: "empty message in a reply"),
        Case(name: "unknown reply action", text: "rule\n  reply => jump X", code: .template, position: "2:12", message: "unknown reply action `=> jump X`"),
        Case(name: "goto without a target", text: "rule\n  reply => goto", code: .template, position: "2:12", message: "`=> goto` needs a keyword or rule name"),
        Case(name: "goto to nothing", text: "rule\n  reply => goto nowhere", code: .unknownReference, position: "2:9", message: "no rule is named nowhere"),
        Case(name: "condition ends early", text: "rule\n  when $a and\n  reply x", code: .condition, position: "2:14", message: "the condition ends too early"),
        Case(name: "comparison without value", text: "rule\n  when $a =\n  reply x", code: .condition, position: "2:11", message: "`=` needs a value after it"),
        Case(name: "bad modulo", text: "rule\n  when $turn % x = 1\n  reply x", code: .condition, position: "2:14", message: "`%` needs a positive whole number"),
        Case(name: "unclosed quote", text: "rule\n  when $a = \"x\n  reply x", code: .condition, position: "2:13", message: "not closed"),
        Case(name: "unknown topic", text: "rule\n  enter-topic billing\n  reply x", code: .unknownReference, position: "2:15", message: "unknown topic `billing`"),
        Case(name: "duplicate rule name", text: "rule a\n  reply x\nrule a\n  reply y", code: .duplicateName, position: "3:1", message: "rule a is already defined at test.rules:1"),
        Case(name: "duplicate list", text: "list a = x\nlist a = y", code: .duplicateName, position: "2:1", message: "list a is already defined"),
        Case(name: "rule without reply", text: "rule\n  match x", code: .syntax, position: "1:1", message: "has no `reply` line"),
        Case(name: "bad rule name", text: "rule two words\n  reply x", code: .syntax, position: "1:6", message: "a rule name is one word"),
        Case(name: "bad rank", text: "rule\n  rank high\n  reply x", code: .invalidValue, position: "2:8", message: "rank needs a whole number"),
        Case(name: "bad weight", text: "rule\n  reply[0] x", code: .invalidValue, position: "2:3", message: "a reply weight is a whole number above 0"),
        Case(name: "bad pick", text: "rule\n  pick sometimes\n  reply x", code: .invalidValue, position: "2:8", message: "pick needs one of random, rotate, no-repeat, weighted, hash"),
        Case(name: "bad flag", text: "rule\n  flags loud\n  reply x", code: .invalidValue, position: "2:9", message: "unknown flag `loud`"),
        Case(name: "bad option", text: "option volume 11", code: .unknownDirective, position: "1:8", message: "unknown option `volume`"),
        Case(name: "bad option value", text: "option typing fast", code: .invalidValue, position: "1:15", message: "option typing needs one number from 0 to 10000 (characters per second), or `off` to show no typing, not `fast`"),
        Case(name: "== in a condition", text: "rule\n  when $plan == gold\n  reply x", code: .condition, position: "2:14", message: "conditions compare with a single `=`"),
        Case(name: "&& in a condition", text: "rule\n  when $a && $b\n  reply x", code: .condition, position: "2:11", message: "write `and` instead of `&&`"),
        Case(name: "bad idle", text: "idle soon\n  reply x", code: .invalidValue, position: "1:6", message: "idle needs a duration above zero"),
        Case(name: "idle with two units", text: "idle 1s5\n  reply x", code: .invalidValue, position: "1:6", message: "not `1s5`"),
        Case(name: "greeting with a pattern", text: "greeting\n  match x\n  reply hi", code: .misplacedDirective, position: "1:1", message: "a greeting answers an event, not a message"),
        Case(name: "greeting with an argument", text: "greeting now\n  reply hi", code: .syntax, position: "1:10", message: "`greeting` takes nothing after it"),
        Case(name: "memory without keyword", text: "memory\n  reply x", code: .syntax, position: "1:1", message: "a memory needs a `keyword` line"),
        Case(name: "substitute without =", text: "substitute whats", code: .syntax, position: "1:12", message: "substitute needs `FROM = TO`"),
        Case(name: "bad topic name", text: "topic two words", code: .syntax, position: "1:7", message: "write `topic two includes OTHER...` or `topic two inherits OTHER...`"),
        Case(name: "topic name with a bad character", text: "topic a.b", code: .syntax, position: "1:7", message: "a topic needs a name"),
        Case(name: "end without topic", text: "end rule", code: .syntax, position: "1:1", message: "`end` must be followed by `topic`"),
        Case(name: "example that does not match", text: "rule\n  match ^hello\n  example goodbye\n  reply hi", code: .exampleDoesNotMatch, position: "3:11", message: "example \"goodbye\" does not match this rule"),
        Case(name: "include of a missing file", text: "include nowhere.rules", code: .include, position: "1:9", message: "cannot read nowhere.rules"),
        Case(name: "set without =", text: "rule\n  set order\n  reply x", code: .syntax, position: "2:7", message: "set needs `NAME = VALUE`"),
    ]

    @Test(arguments: cases)
    func ruleFile_reportsError_withPositionAndMessage(_ testCase: Case) throws {
        do {
            _ = try RuleBookLoader.compile(text: testCase.text, name: "test.rules")
            Issue.record("expected an error")
        } catch {
            let first = try #require(error.errors.first)
            #expect(first.code == testCase.code)
            #expect("\(first.location.line):\(first.location.column)" == testCase.position, "\(first)")
            #expect(first.message.contains(testCase.message), "\(first)")
            #expect(first.description.hasPrefix("test.rules:\(testCase.position): "))
        }
    }

    @Test func ruleFile_reportsEveryError_notJustTheFirst() {
        do {
            _ = try RuleBookLoader.compile(text: "rule\n  match (\n  reply {\nrule\n  match )\n  reply x", name: "test.rules")
        } catch {
            #expect(error.errors.map(\.location.line) == [2, 3, 5])
        }
    }

    @Test func include_detectsCycles() {
        let files = ["a.rules": "include b.rules\n", "b.rules": "include a.rules\n"]
        let (_, diagnostics) = RuleFileParser.parse(path: "a.rules") { path in
            guard let text = files[path] else { throw CocoaError(.fileNoSuchFile) }
            return text
        }
        #expect(diagnostics.first?.code == .include)
        #expect(diagnostics.first?.message.contains("includes itself") == true)
        #expect(diagnostics.first?.location.description == "b.rules:1:9")
    }
}

/// The warnings `check` prints.
@Suite struct RuleFileWarningTests {
    static func warnings(_ text: String) throws -> [SourceDiagnostic] {
        try RuleBookLoader.compile(text: text, name: "test.rules").warnings
    }

    @Test func warning_shadowedRule_whenAnEarlierRuleAlwaysWinsOnItsExample() throws {
        let warnings = try Self.warnings("rule help\n  match help\n  reply a\nrule refund\n  match refund\n  example help me with a refund\n  reply b")
        #expect(warnings.map(\.code) == [.shadowedRule])
        #expect(warnings.first?.location.description == "test.rules:6:11")
        #expect(warnings.first?.message.contains("test.rules:1 (help)") == true)
        #expect(warnings.first?.description.contains(": warning: ") == true)
    }

    @Test func warning_notShadowed_whenTheEarlierRuleIsConditional_orRankedLower() throws {
        #expect(try Self.warnings("rule\n  when $x\n  match help\n  reply a\nrule\n  match refund\n  example help me with a refund\n  reply b\nrule\n  set x = 1\n  reply c").isEmpty)
        #expect(try Self.warnings("rule\n  match help\n  reply a\nrule\n  rank 1\n  match refund\n  example help me with a refund\n  reply b").isEmpty)
    }

    @Test func warning_unusedTopic() throws {
        let warnings = try Self.warnings("topic billing\nrule\n  reply a\nend topic")
        #expect(warnings.map(\.code) == [.unusedTopic])
        #expect(warnings.first?.location.description == "test.rules:1:1")
    }

    @Test func warning_undefinedVariable() throws {
        let warnings = try Self.warnings("rule\n  match order\n  reply Your order {$ordr}\nrule\n  set order = 1\n  reply {$order} {$nickname}")
        #expect(warnings.map(\.code) == [.undefinedVariable])
        #expect(warnings.first?.message.contains("$ordr") == true)
    }

    @Test func warning_nestedUnboundedQuantifiers_atTheGroup() throws {
        let warnings = try Self.warnings("rule\n  match ^(a+)+$\n  reply a\nrule\n  match ^(a+)?(b|c)*[(+]+\\(x+\\)+$\n  reply b")
        #expect(warnings.map(\.code) == [.nestedQuantifier])
        #expect(warnings.first?.location.description == "test.rules:2:10")
    }
}

/// The shapes of catastrophic backtracking `check` warns about, and look-alikes it leaves alone.
@Suite struct BacktrackingWarningTests {
    static func codes(_ pattern: String) throws -> [SourceDiagnostic.Code] {
        try RuleBookLoader.compile(text: "rule\n  match \(pattern)\n  reply a", name: "test.rules").warnings.map(\.code)
    }

    @Test(arguments: [
        ("(a|aa)*", SourceDiagnostic.Code.catastrophicBacktracking), ("^(a|aa)+$", .catastrophicBacktracking), ("(ab|a)*c", .catastrophicBacktracking),
        ("(\\w|\\d)+x", .catastrophicBacktracking), ("(x|.)*y", .catastrophicBacktracking), ("(a|[a-c])+z", .catastrophicBacktracking),
        ("(|a)+b", .catastrophicBacktracking), ("(?:no|nope)*$", .catastrophicBacktracking), ("(A|aa)*", .catastrophicBacktracking),
        ("(.*a){8}", .catastrophicBacktracking), ("(.+,){2,}x", .nestedQuantifier), ("([^,]*,)+$", .nestedQuantifier), ("([^,]*,){5}$", .catastrophicBacktracking),
        ("(?<x>\\S+ ){3}", .catastrophicBacktracking),
        ("(a+)+", .nestedQuantifier), ("(\\w*\\s?)*", .nestedQuantifier), ("(.*a)+", .nestedQuantifier),
    ])
    func warns_forEachShape(pattern: String, code: SourceDiagnostic.Code) throws {
        #expect(try Self.codes(pattern) == [code], "\(pattern)")
    }

    @Test(arguments: [
        "(a|b)*", "(ab|ac)*", "(\\d|\\s)+", "(yes|no)?", "(a|aa)", "(.*a)", "(.*a){1}", "(?>a|aa)*", "(a|aa)*+", "(\\d+,){3}",
        "(.*+a){8}", "([a-c]|d)+", "(\\(|\\))*", "[(a|aa)*]", "\\(a|aa\\)*", "(hi|hello) there",
    ])
    func doesNotWarn_forSafeLookAlikes(pattern: String) throws {
        #expect(try Self.codes(pattern).isEmpty, "\(pattern)")
    }

    /// Group heads (names, lookbehinds, inline flags) are skipped to find the group's content.
    @Test(arguments: [
        ("(?<n>a|aa)*", [SourceDiagnostic.Code.catastrophicBacktracking]), ("(?'n'.*a){3}", [.catastrophicBacktracking]),
        ("(?P<n>a|aa)+", [.catastrophicBacktracking]), ("(?i)(a|aa)*", [.catastrophicBacktracking]),
        ("(?<=a)*>x", []), ("[(]*(?<x>)+", []), ("((a|aa)*)*", [.nestedQuantifier, .catastrophicBacktracking]),
    ])
    func groupHeads_areSkipped(pattern: String, codes: [SourceDiagnostic.Code]) throws {
        #expect(try Self.codes(pattern) == codes, "\(pattern)")
    }

    @Test func theWarning_pointsAtTheGroup() throws {
        let warnings = try RuleBookLoader.compile(text: "rule\n  match ^x (.*a){8}$\n  reply a", name: "test.rules").warnings
        #expect(warnings.map(\.location.description) == ["test.rules:2:12"])
        #expect(warnings.first?.message.contains("`(.*a){8}`") == true)
    }
}

/// Rules that can never fire, found without `example` lines, and one run reporting everything.
@Suite struct DeadRuleTests {
    static func diagnostics(_ text: String) -> [SourceDiagnostic] {
        do {
            return try RuleBookLoader.compile(text: text, name: "test.rules").warnings
        } catch {
            return error.diagnostics
        }
    }

    @Test func aTemplate_namingACaptureThePatternLacks_isAnError() {
        let found = Self.diagnostics("rule\n  match (\\d+) (\\w+)\n  reply {3} and {numb}\nrule\n  match (?<numb>\\d+)\n  reply {numb} {1}\ngreeting\n  reply Hi {1}\n")
        #expect(found.map(\.code) == [.unknownCapture, .unknownCapture, .unknownCapture])
        #expect(found.map(\.severity) == [.error, .error, .error])
        #expect(found.map(\.location.line) == [3, 3, 8])
        #expect(found[0].message.contains("`{3}`: the pattern has 2 capture groups"))
        #expect(found[1].message.contains("no group `(?<numb>...)`"))
        #expect(found[2].message.contains("has no pattern"))
    }

    @Test func aCaptureOnlySomePatternsHave_isAWarning_andSetLinesAreChecked() {
        let found = Self.diagnostics("rule\n  match ^order (\\d+)$\n  match ^order$\n  set order = {1}\n  reply ok\n")
        #expect(found.map(\.code) == [.unknownCapture])
        #expect(found.first?.severity == .warning)
        #expect(found.first?.location.description == "test.rules:4:7")
    }

    @Test func twoRulesWithTheSamePattern_warnAtTheLaterOne() {
        let found = Self.diagnostics("rule first\n  match \\bhelp\\b\n  reply a\nrule\n  match \\bhelp\\b\n  reply b\n")
        #expect(found.map(\.code) == [.duplicatePattern])
        #expect(found.first?.location.description == "test.rules:5:9")
        #expect(found.first?.message.contains("test.rules:1 (first) has the same pattern") == true)
    }

    @Test func theSamePattern_isFine_whenTheFirstIsConditional_passes_isInAnotherTopic_orHasOtherFlags() {
        #expect(Self.diagnostics("rule\n  when $vip\n  match help\n  reply a\nrule\n  match help\n  reply b\nrule\n  set vip = 1\n  match vip\n  reply c").isEmpty)
        #expect(Self.diagnostics("rule\n  match help\n  reply => next\nrule\n  match help\n  reply b").isEmpty)
        #expect(Self.diagnostics("rule\n  match help\n  reply a\n  enter-topic t\ntopic t\nrule\n  match help\n  reply b\nend topic").isEmpty)
        #expect(Self.diagnostics("rule\n  match help\n  reply a\nrule\n  flags case-sensitive\n  match help\n  reply b").isEmpty)
    }

    @Test func aRuleThatAnswersEverything_aheadOfOthers_warns_andNamesThem() {
        let found = Self.diagnostics("rule catch\n  match .*\n  reply what?\nrule help\n  match help\n  reply a\nfallback\n  reply b\n")
        #expect(found.map(\.code) == [.unreachableRules])
        #expect(found.first?.location.description == "test.rules:1:1")
        #expect(found.first?.message.contains("`.*` (line 2) matches any message") == true)
        #expect(found.first?.message.contains("test.rules:4 (help), test.rules:7 (fallback)") == true)
        let noPattern = Self.diagnostics("rule\n  reply what?\nrule\n  match help\n  reply a\n")
        #expect(noPattern.map(\.code) == [.unreachableRules])
        #expect(noPattern.first?.message.contains("it has no pattern") == true)
        let ranked = Self.diagnostics("rule\n  match help\n  reply a\nrule\n  rank 5\n  match ^\n  reply b\n")
        #expect(ranked.map(\.code) == [.unreachableRules], "rank 5 puts it ahead of the earlier rule")
    }

    @Test func aCatchAll_isFine_last_conditional_orInItsOwnTopic() {
        #expect(Self.diagnostics("rule\n  match help\n  reply a\nrule\n  match .*\n  reply b\n").isEmpty)
        #expect(Self.diagnostics("rule\n  when $x\n  match .*\n  reply a\nrule\n  match help\n  set x = 1\n  reply b\n").isEmpty)
        #expect(Self.diagnostics("rule\n  match ^\\w+$\n  reply a\nrule\n  match help\n  reply b\n").isEmpty, "a pattern that does not match an empty message is not a catch-all")
        #expect(Self.diagnostics("rule\n  match help\n  enter-topic t\n  reply a\ntopic t\nrule\n  match .*\n  reply b\nend topic\nfallback\n  reply c").isEmpty)
    }

    @Test func oneRun_reportsABadGoto_aFailingExample_andAShadowedRule_together() {
        let text = """
            rule help
              match help
              reply a
            rule refund
              match refund
              example help me with a refund
              reply => goto nowhere
            rule order
              match order
              example where is my parcel
              reply c
            """
        let found = Self.diagnostics(text)
        #expect(found.map(\.code) == [.shadowedRule, .unknownReference, .exampleDoesNotMatch])
        #expect(found.map(\.location.line) == [6, 7, 10])
    }
}
