import BotTesting
import ChatCore
import Foundation
import LineFormat
@testable import RuleBot
import Testing

/// Forms: slots asked until all are known, values with synonyms, corrections, checks with a
/// re-ask, the confirmation, cancelling; what `check` says about a form that cannot work; and
/// the trace and coverage of its parts.
@Suite struct FormTests {
    static let rules = """
        option typing off
        rule order
          match \\b(order|pizza)\\b
          start-form order
        rule hours
          match \\bopen\\b
          reply We open at 11.
        fallback
          reply Pardon?
        form order
          cancel \\bcancel\\b
          slot size
            ask Which size?
            value small = little
            value large = big, family size
            retry Small or large?
          slot count
            ask How many?
            match (\\d+)
            check $count >= 1 and $count <= 10
            invalid 1 to 10, please.
          confirm {$count} {$size}, right?
          set last = {$count} {$size}
          done Ordered {$count} {$size}.
        """

    static func chat(_ text: String = rules) throws -> TestChat {
        let chat = try TestChat(responder: RuleResponder(book: RuleBookLoader.compile(text: text, name: "f.rules")))
        chat.finishAgentReply()
        return chat
    }

    static func reply(_ chat: TestChat, _ text: String) throws -> [String] {
        try chat.say(text)
        chat.finishAgentReply()
        return chat.agentReplies
    }

    @Test func aFormAsksForEachSlot_takesSynonyms_confirms_andIsDone() throws {
        let chat = try Self.chat()
        #expect(try Self.reply(chat, "I want to order") == ["Which size?"])
        #expect(try Self.reply(chat, "a BIG one") == ["How many?"])
        #expect(chat.variable("size") == "large", "a synonym gives the value")
        #expect(try Self.reply(chat, "3") == ["3 large, right?"])
        #expect(try Self.reply(chat, "yes") == ["Ordered 3 large."])
        #expect(chat.variable("size") == nil, "the form is over: its slots are emptied")
        #expect(chat.variable("last") == "3 large", "its set lines happened")
        #expect(try Self.reply(chat, "3") == ["Pardon?"], "no form runs any more")
    }

    @Test func severalValuesInOneMessage_theLastMentionWins_andACorrectionChangesAFilledSlot() throws {
        let chat = try Self.chat()
        #expect(try Self.reply(chat, "pizza, little... no, family size") == ["How many?"])
        #expect(chat.variable("size") == "large")
        #expect(try Self.reply(chat, "make it small") == ["How many?"])
        #expect(chat.variable("size") == "small")
        #expect(try Self.reply(chat, "2") == ["2 small, right?"])
        #expect(try Self.reply(chat, "big please") == ["2 large, right?"], "a correction at the confirmation confirms again")
    }

    @Test func aCheckRefusesAValue_andTheInvalidTextAsksAgain() throws {
        let chat = try Self.chat()
        _ = try Self.reply(chat, "pizza, small")
        #expect(try Self.reply(chat, "40") == ["1 to 10, please."])
        #expect(chat.variable("count") == nil)
        #expect(try Self.reply(chat, "4") == ["4 small, right?"])
    }

    @Test func anAnswerWithoutAValue_getsTheRetry_butARuleThatAnswersGoesFirst() throws {
        let chat = try Self.chat()
        _ = try Self.reply(chat, "pizza")
        #expect(try Self.reply(chat, "medium") == ["Small or large?"])
        #expect(try Self.reply(chat, "when are you open?") == ["We open at 11."])
        #expect(try Self.reply(chat, "small") == ["How many?"], "the form goes on")
        #expect(try Self.reply(chat, "lots") == ["How many?"], "no retry line: the question again")
    }

    @Test func noAtTheConfirmation_asksWhatToChange_andNamingASlotAsksItAgain() throws {
        let chat = try Self.chat()
        _ = try Self.reply(chat, "pizza small")
        #expect(try Self.reply(chat, "2") == ["2 small, right?"])
        #expect(try Self.reply(chat, "no") == [CompiledForm.defaultChange])
        #expect(try Self.reply(chat, "the count") == ["How many?"])
        #expect(chat.variable("count") == nil)
        #expect(try Self.reply(chat, "5") == ["5 small, right?"])
    }

    @Test func cancel_endsTheForm() throws {
        let chat = try Self.chat()
        _ = try Self.reply(chat, "pizza small")
        #expect(try Self.reply(chat, "cancel that") == [CompiledForm.defaultCancelled])
        #expect(chat.variable("size") == nil)
        #expect(try Self.reply(chat, "2") == ["Pardon?"])
    }

    @Test func aRuleCanFillSlotsBeforeStartingTheForm_andSayItsOwnReplyFirst() throws {
        let chat = try Self.chat(Self.rules + "\nrule usual\n  match usual\n  set size = small\n  reply The usual!\n  start-form order\n")
        #expect(try Self.reply(chat, "the usual") == ["The usual!", "How many?"])
    }

    @Test func theTraceSaysWhatTheFormDid_andItsPartsCountForCoverage() throws {
        let book = try RuleBookLoader.compile(text: Self.rules, name: "f.rules")
        let chat = try TestChat(responder: RuleResponder(book: book))
        chat.finishAgentReply()
        _ = try Self.reply(chat, "pizza, big")
        _ = try Self.reply(chat, "40")
        let trace = chat.responderTrace.flatMap(\.lines)
        #expect(trace.contains("form order (f.rules:10) started"))
        #expect(trace.contains("form order: size = \"large\""))
        #expect(trace.contains("form order: asking for count"))
        #expect(trace.contains("form order: count \"40\" fails its check; asking again"))
        let names = book.ruleSummaries.map(\.displayName)
        #expect(names.contains("f.rules:10 (order)"))
        #expect(names.contains("f.rules:12 (order.size)"))
        #expect(names.contains("f.rules:21 (order.count.invalid)"))
        #expect(names.contains("f.rules:24 (order.done)"))
        #expect(chat.lastReplyCame(from: "order.count.invalid"))
    }

    // MARK: check

    static func errors(_ text: String) -> [String] {
        do {
            _ = try RuleBookLoader.compile(text: text, name: "f.rules")
            return []
        } catch {
            return error.diagnostics.filter { $0.severity == .error }.map { "\($0.location.line): \($0.message)" }
        }
    }

    static func warnings(_ text: String) throws -> [String] {
        try RuleBookLoader.compile(text: text, name: "f.rules").warnings.map { "\($0.location.line): \($0.message)" }
    }

    static let small = "rule\n  match go\n  start-form f\nform f\n  slot size\n    ask Size?\n    value small\n  done OK.\n"

    @Test func check_findsASlotNeverAskedOrNeverFilled_andAFormWithoutAnEnd() {
        #expect(
            Self.errors("rule\n  match go\n  start-form f\nform f\n  slot size\n    value small\n  done OK.\n")
                == ["5: slot size is never asked: add `ask QUESTION` below `slot size`"])
        #expect(
            Self.errors("rule\n  match go\n  start-form f\nform f\n  slot size\n    ask Size?\n  done OK.\n")
                == ["5: slot size can never be filled, so form f never gets to its end: give it `value` lines (`value large = large, big`) or a `match` pattern"])
        #expect(Self.errors("rule\n  match go\n  start-form f\nform f\n  slot size\n    ask Size?\n    value small\n").first?.contains("form f has no `done` line") == true)
        #expect(Self.errors("form f\n  ask Size?\n  done OK.\n").contains("2: `ask` belongs to a slot: write `slot NAME` above it"))
        #expect(Self.errors(Self.small + "  slot size\n").first?.contains("form f already has a slot size") == true)
        #expect(Self.errors(Self.small.replacingOccurrences(of: "slot size", with: "slot message")).contains { $0.contains("`message` is a built-in variable") })
    }

    @Test func check_findsAnUnknownSlot_andAnUnknownForm() {
        #expect(Self.errors(Self.small.replacingOccurrences(of: "done OK.", with: "done OK, {$sise}.")) == ["8: `$sise`: form f has no slot sise (its slots: size) and no `set` line sets it"])
        #expect(Self.errors(Self.small.replacingOccurrences(of: "start-form f", with: "start-form g")).first == "1: `start-form g`: no form is named g (forms: f)")
        #expect(Self.errors(Self.small.replacingOccurrences(of: "value small", with: "value small\n    check $sizes = small")).first?.contains("`$sizes`: form f has no slot sizes") == true)
    }

    @Test func check_findsAnUnreachableConfirmation_andLinesThatNeverMatter() throws {
        #expect(
            try Self.warnings(Self.small.replacingOccurrences(of: "start-form f", with: "reply hi"))
                == ["4: form f is never started (no rule has `start-form f`), so it never asks and its end is never reached"])
        #expect(Self.errors(Self.small + "  change What then?\n").first?.contains("has `change` but no `confirm` line") == true)
        #expect(Self.errors(Self.small.replacingOccurrences(of: "value small", with: "value small\n    invalid No.")).first?.contains("says `invalid` but has no `check`") == true)
        #expect(Self.errors(Self.small + "  confirm Sure?\n  done => next\n").first?.contains("cannot be used here") == true)
        #expect(try Self.warnings(Self.small).isEmpty)
    }
}
