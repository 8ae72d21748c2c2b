import ChatCore
import LineFormat
import Foundation
import Testing
@testable import RuleBot

@Suite struct RuleOrderTests {
    @Test func rules_areTriedInFileOrder_firstMatchWins() throws {
        var chat = try ChatDriver(rules: "option typing off\nrule\n  match help\n  reply first\nrule\n  match help me\n  reply second")
        #expect(chat.say("help me") == "first")
    }

    @Test func ruleFile_withWindowsLineEndings_answersAsWithUnixOnes() throws {
        var chat = try ChatDriver(rules: "option typing off\r\nrule\r\n  match help\r\n  reply first\r\n")
        #expect(chat.say("help") == "first")
    }

    @Test func rank_putsALaterRuleAhead() throws {
        var chat = try ChatDriver(rules: "option typing off\nrule\n  match help\n  reply first\nrule\n  rank 5\n  match help me\n  reply second")
        #expect(chat.say("help me") == "second")
        #expect(chat.say("help") == "first")
    }

    @Test func fallback_answers_whenNothingMatches_andNothingIsSaid_withoutOne() throws {
        var chat = try ChatDriver(rules: "option typing off\nrule\n  match hello\n  reply hi\nfallback\n  reply what?")
        #expect(chat.say("xyz") == "what?")
        var silent = try ChatDriver(rules: "rule\n  match hello\n  reply hi")
        #expect(silent.say("xyz") == "")
    }

    @Test func keywordRules_followTheKeystack_aHigherRankGoesFirst_othersGoLast() throws {
        let rules = """
            option typing off
            rule
              keyword A
              reply a
            rule
              keyword B
              rank 5
              reply b
            rule
              keyword C
              rank 3
              reply => next
            rule
              keyword D
              reply d
            """
        var chat = try ChatDriver(rules: rules)
        #expect(chat.say("a b") == "b")
        // C (rank 3) is not above A (rank 0)? It is: C goes first, passes, then A.
        #expect(chat.say("a c") == "a")
        // B first (rank 5 above A), then C (3, not above B) goes last: B answers.
        #expect(chat.say("a b c") == "b")
        #expect(chat.say("d a") == "d")
    }

    @Test func clauses_cutTheMessage_atTheFirstDelimiterAfterAKeyword() throws {
        let rules = """
            option typing off
            option clauses . , BUT
            rule
              keyword SAD
              words * SAD *
              reply [{1}] sad [{3}]
            """
        var chat = try ChatDriver(rules: rules)
        #expect(chat.say("Well, I am sad today, but fine. Really") == "[I am] sad [today]")
        #expect(chat.say("Hello. I am sad but ok") == "[I am] sad []")
    }
}

@Suite struct TemplateAndInputTests {
    @Test func substitutions_areSeenByPatterns_butCapturesKeepTheCustomersWords() throws {
        var chat = try ChatDriver(rules: "option typing off\nsubstitute what's = what is\nrule\n  match ^(what is) (.*)$\n  reply [{1}] [{2}]")
        #expect(chat.say("What's the time?") == "[What's] [the time?]")
    }

    @Test func swaps_areSeenByPatterns_andCapturesCarryTheSwappedWords() throws {
        var chat = try ChatDriver(rules: "option typing off\nswap my = your\nswap me = you\nrule\n  words * YOUR *\n  reply {3}")
        #expect(chat.say("my boss hates me") == "boss hates you")
    }

    @Test func reflectFilter_turnsPronounsAround() throws {
        var chat = try ChatDriver(rules: "option typing off\nrule\n  match ^(.*)$\n  reply Why do you say {1|reflect}?")
        #expect(chat.say("I am sad about my job") == "Why do you say you are sad about your job?")
        #expect(chat.say("You hate me") == "Why do you say I hate you?")
    }

    @Test func reflectLines_replaceTheDefaultTable() throws {
        var chat = try ChatDriver(rules: "option typing off\nreflect ich = du\nrule\n  match ^(.*)$\n  reply {1|reflect}")
        #expect(chat.say("ich bin I") == "du bin I")
    }

    @Test func templates_captureByNumberAndName_withFiltersAndDefaults() throws {
        let rules = """
            option typing off
            rule
              match (?<first>\\w+) (\\w+)(?: (\\w+))?
              reply {first|upper}-{2|lower}-{2|capitalize}-{$missing|or:none}-{3|or:no third}
            """
        var chat = try ChatDriver(rules: rules)
        #expect(chat.say("Grüße ÉCOLE") == "GRÜSSE-école-ÉCOLE-none-no third")
    }

    @Test func templates_readNicknameSubjectAndAgent() throws {
        var chat = try ChatDriver(rules: "agent Sam\noption typing off\nrule\n  reply {$nickname} / {$subject} / {$agent} / {$turn}")
        chat.customerNickname = "Zoë"
        chat.subject = "Billing"
        #expect(chat.say("hi") == "Zoë / Billing / Sam / 1")
    }

    @Test func templates_escapeTheirOwnSyntax() throws {
        var chat = try ChatDriver(rules: "option typing off\nrule\n  reply a \\{b\\} c \\|\\| d \\\\ \\=> e")
        #expect(chat.say("x") == "a {b} c || d \\ => e")
        var action = try ChatDriver(rules: "option typing off\nrule\n  reply \\=> not an action")
        #expect(action.say("x") == "=> not an action")
    }

    @Test func reply_withSeveralMessages_sendsThemInOrder() throws {
        var chat = try ChatDriver(rules: "option typing off\nrule\n  reply one || two ||three")
        #expect(chat.send(.customerText("x")) == ["one", "two", "three"])
    }

    @Test func nonASCIICaptures_comeOutWhole() throws {
        var chat = try ChatDriver(rules: "option typing off\nrule\n  match für (\\w+)\n  reply [{1}]")
        #expect(chat.say("Danke für Grüße!") == "[Grüße]")
    }
}

@Suite struct StateTests {
    @Test func variables_setFromCaptures_andTestedByConditions() throws {
        let rules = """
            option typing off
            rule
              match my name is (\\w+)
              set name = {1}
              reply Hello {1}
            rule
              when $name and not $vip
              match who am i
              reply You are {$name}
            rule
              when $name = "Ada" or $vip
              match who am i
              reply never
            rule
              match who am i
              reply I don't know
            """
        var chat = try ChatDriver(rules: rules)
        #expect(chat.say("who am i") == "I don't know")
        #expect(chat.say("my name is Bob") == "Hello Bob")
        #expect(chat.say("who am i") == "You are Bob")
        #expect(chat.memory["var.name"] == "Bob")
    }

    @Test func conditions_compareNumbers_andTakeRemainders() throws {
        let rules = """
            option typing off
            rule
              when $turn >= 3 and $turn % 2 = 1
              reply odd {$turn}
            rule
              reply other
            """
        var chat = try ChatDriver(rules: rules)
        #expect([chat.say("a"), chat.say("a"), chat.say("a"), chat.say("a"), chat.say("a")] == ["other", "other", "odd 3", "other", "odd 5"])
    }

    @Test func topics_activateTheirRules_andTheirRulesComeFirst() throws {
        let rules = """
            option typing off
            rule
              match refund
              enter-topic refunds
              reply Why?
            rule
              match broken
              reply Sorry to hear that.
            topic refunds
            rule
              match broken
              leave-topic
              reply Refund on its way.
            end topic
            """
        var chat = try ChatDriver(rules: rules)
        #expect(chat.say("broken") == "Sorry to hear that.")
        #expect(chat.say("refund please") == "Why?")
        #expect(chat.say("broken") == "Refund on its way.")
        #expect(chat.say("broken") == "Sorry to hear that.")
    }

    @Test func previous_conditionsARuleOnTheAgentsLastReply() throws {
        let rules = """
            option typing off
            rule
              match coffee
              reply Would you like milk?
            rule
              previous milk\\?$
              match ^yes
              reply Milk it is.
            rule
              match ^yes
              reply Yes to what?
            """
        var chat = try ChatDriver(rules: rules)
        #expect(chat.say("yes") == "Yes to what?")
        _ = chat.say("coffee")
        #expect(chat.say("yes") == "Milk it is.")
    }

    @Test func leave_endsTheChatAfterTheMessages() throws {
        var chat = try ChatDriver(rules: "option typing off\nrule\n  match bye\n  reply Bye!\n  leave")
        _ = chat.say("bye")
        #expect(chat.lastReply.actions.map(\.kind) == [.say("Bye!"), .leave])
    }
}

@Suite struct ReplySelectionTests {
    @Test func rotate_cyclesThroughTheReplies() throws {
        var chat = try ChatDriver(rules: "option typing off\nrule\n  pick rotate\n  reply a\n  reply b\n  reply c")
        #expect((0..<5).map { _ in chat.say("x") } == ["a", "b", "c", "a", "b"])
    }

    @Test func noRepeat_usesEveryReplyBeforeRepeating() throws {
        var chat = try ChatDriver(rules: "option typing off\nrule\n  pick no-repeat\n  reply a\n  reply b\n  reply c\n  reply d", seed: 7)
        let first = (0..<4).map { _ in chat.say("x") }
        let second = (0..<4).map { _ in chat.say("x") }
        #expect(Set(first) == ["a", "b", "c", "d"])
        #expect(Set(second) == ["a", "b", "c", "d"])
    }

    @Test func random_isDrawnFromTheChatsSeed() throws {
        let rules = "option typing off\nrule\n  pick random\n  reply a\n  reply b\n  reply c\n  reply d"
        func run(seed: UInt64) throws -> [String] {
            var chat = try ChatDriver(rules: rules, seed: seed)
            return (0..<12).map { _ in chat.say("x") }
        }
        #expect(try run(seed: 3) == run(seed: 3))
        #expect(try run(seed: 3) != run(seed: 4))
    }

    @Test func weighted_followsTheWeights() throws {
        var chat = try ChatDriver(rules: "option typing off\nrule\n  pick weighted\n  reply[9] common\n  reply[1] rare", seed: 11)
        let answers = (0..<1_000).map { _ in chat.say("x") }
        let common = answers.filter { $0 == "common" }.count
        #expect((850...950).contains(common))
    }

    @Test func hash_picksByTheLastWord_asELIZAsMemoryDid() throws {
        var chat = try ChatDriver(rules: "option typing off\nrule\n  pick hash\n  reply 0\n  reply 1\n  reply 2\n  reply 3")
        #expect(chat.say("made me come here") == "3")
        #expect(chat.say("nothing but HERE") == "3")
    }

    @Test func slipHash_matchesTheSLIPFunction() {
        #expect(SlipHash.bcdWord("HERE") == 0o302551256060)
        #expect(SlipHash.bcdWord("ALWAYS") == 0o214366217062)
        #expect(SlipHash.bcdWord("INVENTED") == 0o252460606060)
        #expect(SlipHash.bcdWord("") == 0o606060606060)
        #expect(SlipHash.hash(0o214366217062, bits: 7) == 14)
        #expect(SlipHash.hash(0o302551256060, bits: 2) == 3)
        #expect(SlipHash.hash(0o214366217062, bits: 15) == 0x70EE)
        #expect(SlipHash.hash(0o633144256060, bits: 15) == 0x252E)
    }
}

@Suite struct RedirectTests {
    @Test func redirect_answersAsIfTheCustomerHadSaidSomethingElse() throws {
        let rules = "option typing off\nrule\n  match ^where is my stuff\n  reply => redirect order status\nrule\n  match order status\n  reply Your order is on its way."
        var chat = try ChatDriver(rules: rules)
        #expect(chat.say("where is my stuff?") == "Your order is on its way.")
    }

    @Test func next_fallsThroughToTheNextMatchingRule_keepingItsVariables() throws {
        let rules = "option typing off\nrule\n  match (\\d{6})\n  set order = {1}\n  reply => next\nrule\n  match order\n  reply Checking {$order|or:your order}."
        var chat = try ChatDriver(rules: rules)
        #expect(chat.say("order 123456") == "Checking 123456.")
    }

    @Test func gotoWith_rewritesTheInput_forTheTargetsPatterns() throws {
        let rules = "option typing off\nrule\n  match ^I'm (.*)\n  reply => goto feelings with I am {1}\nrule feelings\n  match ^I am (sad|happy)\n  reply Why are you {1}?"
        var chat = try ChatDriver(rules: rules)
        #expect(chat.say("I'm sad") == "Why are you sad?")
    }

    @Test func redirectLoops_stopAtTheCap_andTheFallbackAnswers() throws {
        let rules = "option typing off\noption max-redirects 5\nrule loop\n  match .\n  reply => redirect again\nfallback\n  reply stuck"
        var chat = try ChatDriver(rules: rules)
        #expect(chat.say("hello") == "stuck")
        #expect(chat.lastReply.trace.contains { $0.contains("more than 5 redirects") })
    }

    @Test func gotoLoops_stopAtTheCap() throws {
        let rules = "option typing off\nrule a\n  reply => goto b\nrule b\n  reply => goto a\nfallback\n  reply stuck"
        var chat = try ChatDriver(rules: rules)
        #expect(chat.say("hello") == "stuck")
    }
}

@Suite struct LimitTests {
    @Test func catastrophicPattern_failsThatRuleOnly_quickly() throws {
        let rules = "option typing off\nrule\n  match ^(a+)+$\n  reply never\nrule\n  match a\n  reply the next rule"
        let book = try RuleBookLoader.compile(text: rules, name: "test.rules")
        #expect(book.warnings.map(\.code) == [.nestedQuantifier])
        var chat = ChatDriver(RuleResponder(book: book))
        let start = ContinuousClock.now
        #expect(chat.say(String(repeating: "a", count: 40) + "b") == "the next rule")
        #expect(ContinuousClock.now - start < .milliseconds(500))
    }

    @Test func longMessages_areCutBeforeMatching() throws {
        var chat = try ChatDriver(rules: "option typing off\noption max-message-length 10\nrule\n  match ^(.*)$\n  reply [{1}]")
        #expect(chat.say(String(repeating: "x", count: 50)) == "[xxxxxxxxxx]")
    }
}

@Suite struct EventTests {
    @Test func greetingFarewellAndIdle_answerTheirEvents() throws {
        let rules = "option typing off\ngreeting\n  reply Hi {$nickname}\nfarewell\n  reply Bye\nidle 10\n  reply Still there?"
        var chat = try ChatDriver(rules: rules)
        #expect(chat.send(.agentJoined) == ["Hi Alice"])
        _ = chat.send(.customerTypingStarted)
        #expect(chat.lastReply.actions.first?.kind == .startTimer(name: "idle-10.0", after: .seconds(10), cancelledByCustomer: true))
        #expect(chat.send(.timerFired(name: "idle-10.0")) == ["Still there?"])
        #expect(chat.send(.customerLeft) == ["Bye"])
    }

    @Test func idleAfterReply_startsWhenTheAgentsReplyFinishes_butNotAfterANudge() throws {
        let rules = "option typing off\nidle 20 after reply\n  reply Anything else, {$nickname}?\nidle 5\n  reply Still typing?\nrule\n  reply ok"
        var chat = try ChatDriver(rules: rules)
        _ = chat.send(.agentReplyFinished(answering: .customerText))
        #expect(chat.lastReply.actions.map(\.kind) == [.startTimer(name: "idle-after-reply-20.0", after: .seconds(20), cancelledByCustomer: true)])
        #expect(chat.lastReply.actions.first?.origin == "test.rules:2")
        #expect(chat.send(.timerFired(name: "idle-after-reply-20.0")) == ["Anything else, Alice?"])
        // The nudge's own end starts nothing: one nudge per silence.
        _ = chat.send(.agentReplyFinished(answering: .timerFired))
        #expect(chat.lastReply.actions.isEmpty)
        // Typing starts only the typing idle timer.
        _ = chat.send(.customerTypingStarted)
        #expect(chat.lastReply.actions.map(\.kind) == [.startTimer(name: "idle-5.0", after: .seconds(5), cancelledByCustomer: true)])
    }

    @Test(arguments: ["idle 20 after", "idle after reply", "idle 20 before reply"])
    func idleHeader_withAnythingButAfterReply_isAnError(_ header: String) {
        #expect(throws: SourceDiagnostics.self) { try RuleBookLoader.compile(text: "\(header)\n  reply x", name: "t.rules") }
    }

    @Test func userData_isReadableInTemplatesAndConditions() throws {
        let rules = """
            option typing off
            rule west
              when $userdata.TimeZone = -480
              reply Good morning, {$userdata.FirstName}, on the west coast.
            rule
              reply Hello {$userdata.FirstName|or:there}.
            """
        let book = try RuleBookLoader.compile(text: rules, name: "t.rules")
        #expect(book.warnings.isEmpty, "userdata variables are not undefined: \(book.warnings)")
        var chat = ChatDriver(RuleResponder(book: book))
        chat.userData = ["TimeZone": "-480", "FirstName": "Kim"]
        #expect(chat.say("hi") == "Good morning, Kim, on the west coast.")
        chat.userData = ["TimeZone": "60"]
        #expect(chat.say("hi") == "Hello there.")
    }

    @Test func origin_isTheRulesFileAndLine() throws {
        var chat = try ChatDriver(rules: "option typing off\n\nrule\n  reply x")
        _ = chat.say("x")
        #expect(chat.lastReply.actions.first?.origin == "test.rules:3")
    }

    @Test func includes_bringInRulesFromAnotherFile_atThatPoint() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rules-include-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try "rule shared\n  match hello\n  reply from the include\n".write(to: directory.appendingPathComponent("common.rules"), atomically: true, encoding: .utf8)
        try "option typing off\ninclude common.rules\nrule\n  match hello\n  reply from main\n".write(to: directory.appendingPathComponent("main.rules"), atomically: true, encoding: .utf8)
        let book = try RuleBookLoader.load(path: directory.appendingPathComponent("main.rules").path)
        #expect(book.files.count == 2)
        var chat = ChatDriver(RuleResponder(book: book))
        #expect(chat.say("hello") == "from the include")
        #expect(chat.lastReply.actions.first?.origin?.hasSuffix("common.rules:1") == true)
    }
}

@Suite struct SubstitutionDetailTests {
    @Test func multiWordSubstitutions_matchAcrossSpaces_andCapturesKeepTheOriginal() throws {
        var chat = try ChatDriver(rules: "option typing off\nsubstitute thank you = thanks\nrule\n  match ^(thanks)(.*)$\n  reply [{1}][{2}]")
        #expect(chat.say("Thank  you, Sam!") == "[Thank  you][, Sam!]")
    }

    @Test func reflect_handlesMultiWordPairs_andKeepsPunctuation() throws {
        var chat = try ChatDriver(rules: "option typing off\nreflect i am = you are\nreflect my = your\nrule\n  match ^(.*)$\n  reply {1|reflect}")
        #expect(chat.say("I am tired, my friend.") == "you are tired, your friend.")
    }

    @Test func memories_areCapped() throws {
        var chat = try ChatDriver(rules: "option typing off\nrule\n  keyword my\n  reply ok\nmemory\n  keyword my\n  reply remembered {$turn}")
        for _ in 0..<120 { _ = chat.say("my") }
        #expect(chat.memory.memories.count == RuleEngine.maximumMemories)
        #expect(chat.memory.memories.first == "remembered 21")
    }
}
