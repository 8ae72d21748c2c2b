import BotTesting
import Foundation
import ChatCore
import LineFormat
@testable import RuleBot
import Testing

/// The language features an author moving from RiveScript expects: topics that include or
/// inherit, earlier messages, bot-wide values, arithmetic, inline alternatives, more filters.
@Suite struct LanguageFeatureTests {
    static func chat(_ rules: String, seed: UInt64 = 1) throws -> TestChat {
        try TestChat(responder: RuleResponder(book: RuleBookLoader.compile(text: "option typing off\n" + rules, name: "t.rules")), seed: seed)
    }

    static func reply(_ chat: TestChat, _ text: String) throws -> String? {
        try chat.say(text)
        return chat.waitForAgentText()
    }

    @Test func earlierMessages_input1to9_andReply1to9() throws {
        let chat = try Self.chat("greeting\n  reply Hello!\nrule\n  match ^again$\n  reply You said \"{$input1}\" before \"{$input2}\"; I said \"{$reply1}\" and \"{$reply2}\".\nrule\n  when $input1 = yes\n  match ^sure$\n  reply You already said yes.\nfallback\n  reply Noted: {$message}.\n")
        #expect(chat.waitForAgentText() == "Hello!")
        #expect(try Self.reply(chat, "one") == "Noted: one.")
        #expect(try Self.reply(chat, "two") == "Noted: two.")
        #expect(try Self.reply(chat, "again") == "You said \"two\" before \"one\"; I said \"Noted: two.\" and \"Noted: one.\".")
        #expect(try Self.reply(chat, "yes") == "Noted: yes.")
        #expect(try Self.reply(chat, "sure") == "You already said yes.")
    }

    @Test func botValues_areReadAsBotDotName_andAnUnknownOneIsAnError() throws {
        let chat = try Self.chat("bot shop = Northwind Shop\nbot hours = 8:00-20:00\ngreeting\n  reply Welcome to {$bot.shop}, open {$bot.hours}.\nrule\n  when $bot.shop = \"Northwind Shop\"\n  match shop\n  reply Yes, {$bot.shop|upper}.\n")
        #expect(chat.waitForAgentText() == "Welcome to Northwind Shop, open 8:00-20:00.")
        #expect(try Self.reply(chat, "which shop?") == "Yes, NORTHWIND SHOP.")
        #expect(throws: SourceDiagnostics.self) { try RuleBookLoader.compile(text: "rule\n  reply {$bot.missing}", name: "t.rules") }
        #expect(throws: SourceDiagnostics.self) { try RuleBookLoader.compile(text: "bot shop\n", name: "t.rules") }
    }

    @Test func arithmetic_countsAttempts_thenHandsOver() throws {
        let rules = """
            rule give-up
              when $tries >= 2
              reply Let me get a colleague for you.
              leave
            fallback
              set tries += 1
              reply Sorry, I didn't get that (attempt {$tries}).
            """
        let chat = try Self.chat(rules)
        #expect(try Self.reply(chat, "blah") == "Sorry, I didn't get that (attempt 1).")
        #expect(try Self.reply(chat, "blah") == "Sorry, I didn't get that (attempt 2).")
        #expect(try Self.reply(chat, "blah") == "Let me get a colleague for you.")
        var driver = try ChatDriver(rules: "option typing off\nrule\n  match down\n  set n -= 2.5\n  reply {$n}\nrule\n  match twice\n  set n += {$n}\n  reply {$n}\n")
        #expect(driver.say("down") == "-2.5")
        #expect(driver.say("twice") == "-5")
    }

    @Test func inlineAlternatives_pickOneEachTime_fromTheChatsSeed() throws {
        var seen: Set<String> = []
        for seed in UInt64(1)...20 {
            var driver = try ChatDriver(rules: "option typing off\nrule\n  reply {random:Hi|Hello|Hey} there, {random:friend|you}!", seed: seed)
            seen.insert(driver.say("x"))
        }
        #expect(seen.count > 3)
        #expect(seen.allSatisfy { ["Hi", "Hello", "Hey"].contains($0.split(separator: " ")[0]) && ($0.hasSuffix("friend!") || $0.hasSuffix("you!")) })
        var again = try ChatDriver(rules: "option typing off\nrule\n  reply {random:Hi|Hello|Hey}", seed: 7)
        var same = try ChatDriver(rules: "option typing off\nrule\n  reply {random:Hi|Hello|Hey}", seed: 7)
        #expect(again.say("x") == same.say("x"), "the same seed gives the same pick")
        #expect(throws: SourceDiagnostics.self) { try RuleBookLoader.compile(text: "rule\n  reply {random:only}", name: "t.rules") }
    }

    @Test func sentenceAndFormalFilters() throws {
        var driver = try ChatDriver(rules: "option typing off\nrule\n  match ^name (.*)$\n  reply {1|formal} / {1|sentence}")
        #expect(driver.say("name jOHN ronald TOLKIEN") == "John Ronald Tolkien / John ronald tolkien")
    }

    static let topics = """
        rule start
          match ^start (\\w+)$
          set t = {1}
          reply ok
        rule enter-billing
          match ^billing$
          enter-topic billing
          reply billing
        rule enter-refunds
          match ^refunds$
          enter-topic refunds
          reply refunds
        topic common
        rule help
          rank 5
          match help
          reply common help
        rule quit
          match quit
          leave-topic
          reply left {$topic}
        end topic
        topic billing includes common
        rule billing-help
          match help
          reply billing help
        end topic
        topic refunds inherits common
        rule refund-help
          match help
          reply refund help
        rule refund-other
          match other
          reply refund other
        end topic
        rule outside
          match other|help|quit
          reply outside
        """

    @Test func includes_triesTheOtherTopicsRulesByRankWithItsOwn_inherits_afterItsOwn() throws {
        var driver = try ChatDriver(rules: "option typing off\n" + Self.topics)
        #expect(driver.say("billing") == "billing")
        #expect(driver.say("help") == "common help", "included, and rank 5 beats billing-help")
        #expect(driver.say("quit") == "left billing")
        #expect(driver.say("help") == "outside")
        #expect(driver.say("refunds") == "refunds")
        #expect(driver.say("help") == "refund help", "inherited rules come after the topic's own, whatever their rank")
        #expect(driver.say("other") == "refund other")
        #expect(driver.say("quit") == "left refunds")
    }

    @Test func topicRelations_areChecked_andCountAsUse() throws {
        let warnings = try RuleBookLoader.compile(text: Self.topics, name: "t.rules").warnings
        #expect(!warnings.contains { $0.code == .unusedTopic }, "common is used through includes and inherits: \(warnings)")
        #expect(throws: SourceDiagnostics.self) { try RuleBookLoader.compile(text: "topic a includes nowhere\nrule\n  reply x\nend topic", name: "t.rules") }
        #expect(throws: SourceDiagnostics.self) { try RuleBookLoader.compile(text: "topic a includes\nrule\n  reply x\nend topic\ntopic b with a\nend topic", name: "t.rules") }
    }
}

/// `customer.NAME` variables: kept per customer across chats, in memory or in a file.
@Suite struct CustomerMemoryTests {
    /// A bot that counts a customer's visits (also the bot of ``CustomerMemoryStoreTests``).
    static let visits = """
        option typing off
        greeting
          when $customer.visits
          set customer.visits += 1
          reply Welcome back, {$nickname}! Visit {$customer.visits}.
        greeting
          set customer.visits = 1
          reply Hello {$nickname}, first time here?

        """
    static let rules =
        visits + """
            rule colour
              match ^my colou?r is (\\w+)$
              set customer.colour = {1}
              reply Noted.
            rule which
              match colou?r
              reply {$customer.colour|or:I don't know} .
            """

    static func chat(_ responder: RuleResponder, nickname: String, userData: [String: String] = [:]) throws -> TestChat {
        try TestChat(responder: responder, nickname: nickname, userData: userData)
    }

    @Test func aCustomersVariables_carryOverToTheirNextChat_andNotToOthers() throws {
        let responder = RuleResponder(book: try RuleBookLoader.compile(text: Self.rules, name: "t.rules"))
        let first = try Self.chat(responder, nickname: "Ann")
        #expect(first.waitForAgentText() == "Hello Ann, first time here?")
        try first.say("my colour is green")
        #expect(first.waitForAgentText() == "Noted.")
        let second = try Self.chat(responder, nickname: "Ann")
        #expect(second.waitForAgentText() == "Welcome back, Ann! Visit 2.")
        try second.say("what colour?")
        #expect(second.waitForAgentText() == "green .")
        let other = try Self.chat(responder, nickname: "Bob")
        #expect(other.waitForAgentText() == "Hello Bob, first time here?")
    }

    @Test func theCustomerKey_canBeAUserDataValue() throws {
        let responder = RuleResponder(book: try RuleBookLoader.compile(text: "option customer-key userdata.email\n" + Self.rules, name: "t.rules"))
        _ = try Self.chat(responder, nickname: "Ann", userData: ["email": "a@example.com"]).waitForAgentText()
        let renamed = try Self.chat(responder, nickname: "Annie", userData: ["email": "a@example.com"])
        #expect(renamed.waitForAgentText() == "Welcome back, Annie! Visit 2.")
        #expect(throws: SourceDiagnostics.self) { try RuleBookLoader.compile(text: "option customer-key email", name: "t.rules") }
    }

    @Test func aFileStore_keepsThemAcrossRestarts_withAnyText() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("customers-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("customers/t.tsv").path
        let book = try RuleBookLoader.compile(text: Self.rules, name: "t.rules")
        do {
            let responder = RuleResponder(book: book, customers: try FileCustomerMemory(path: path))
            _ = try Self.chat(responder, nickname: "Zoë\tTab").waitForAgentText()
        }
        let store = try FileCustomerMemory(path: path)
        try store.update(["note": "line one\nline two \\ end"], for: "Zoë\tTab")
        let reopened = try FileCustomerMemory(path: path)
        #expect(reopened.values(for: "Zoë\tTab") == ["visits": "1", "note": "line one\nline two \\ end"])
        let restarted = try Self.chat(RuleResponder(book: book, customers: reopened), nickname: "Zoë\tTab")
        #expect(restarted.waitForAgentText() == "Welcome back, Zoë\tTab! Visit 2.")
    }

    /// A reset between tests (`POST /emulator/reset`): the bot forgets every customer, in memory
    /// and in its file, as a bot started on an empty data folder.
    @Test func forgetCustomers_emptiesTheMemoryAndTheFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("customers-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("customers/t.tsv").path
        let book = try RuleBookLoader.compile(text: Self.rules, name: "t.rules")
        let responder = RuleResponder(book: book, customers: try FileCustomerMemory(path: path))
        _ = try Self.chat(responder, nickname: "Ann").waitForAgentText()
        try responder.forgetCustomers()
        #expect(try Self.chat(responder, nickname: "Ann").waitForAgentText() == "Hello Ann, first time here?")
        try responder.forgetCustomers()
        #expect(try FileCustomerMemory(path: path).values(for: "Ann").isEmpty)
    }
}
