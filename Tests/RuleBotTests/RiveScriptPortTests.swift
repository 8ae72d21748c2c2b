import LineFormat
@testable import RuleBot
import Testing
import ChatCore

/// What an author moving a RiveScript bot over needs (issue 18, section 3): RiveScript's rule
/// order, normalised input, substitutions of non-word text, redirects inside replies, and the
/// smaller template and condition features.
@Suite struct RiveScriptPortTests {
    static func driver(_ rules: String) throws -> ChatDriver {
        try ChatDriver(rules: "option typing off\n" + rules)
    }

    static func warnings(_ rules: String) throws -> [SourceDiagnostic] {
        try RuleBookLoader.compile(text: rules, name: "t.rules").warnings
    }

    static func errors(_ rules: String) -> [SourceDiagnostic] {
        do {
            _ = try RuleBookLoader.compile(text: rules, name: "t.rules")
            return []
        } catch {
            return error.errors
        }
    }

    // MARK: Order

    /// RiveScript's "wildcards" case, written in the worst order: `option order specific` sorts
    /// the rules as RiveScript sorts triggers; without it, file order wins.
    static let wildcards = """
        rule anything
          words *
          reply Anything.
        rule any-age
          match ^i am (.+) years old$
          reply Say that with fewer words.
        rule word-age
          match ^i am ([a-z]+) years old$
          reply Say that with numbers.
        rule number-age
          match ^i am (\\d+) years old$
          reply A lot of people are {1}.
        rule told
          words * told me to say *
          reply Why did {1} tell you to say {6}?
        rule hello
          words hello bot
          reply Hello human.
        rule hello-optional
          match ^hello (there )?bot$
          reply Hello with an option.
        """

    @Test func orderSpecific_sortsRulesAsRiveScriptSortsTriggers() throws {
        var sorted = try Self.driver("option order specific\n" + Self.wildcards)
        #expect(sorted.say("I am 5 years old") == "A lot of people are 5.")
        #expect(sorted.say("i am five years old") == "Say that with numbers.")
        #expect(sorted.say("i am twenty five years old") == "Say that with fewer words.")
        #expect(sorted.say("Bob told me to say hi") == "Why did Bob tell you to say hi?")
        #expect(sorted.say("hello bot") == "Hello human.", "words only come before optional parts")
        #expect(sorted.say("hello there bot") == "Hello with an option.")
        #expect(sorted.say("something else") == "Anything.", "a lone wildcard comes last")

        var fileOrder = try Self.driver(Self.wildcards)
        #expect(fileOrder.say("I am 5 years old") == "Anything.", "without the option, the first rule in the file answers")
    }

    @Test func orderSpecific_rankStillWins_andMoreWordsComeFirst() throws {
        var driver = try Self.driver(
            """
            option order specific
            rule low
              match ^what is (.*)$
              reply General.
            rule high
              rank 5
              words *
              reply Ranked.
            """)
        #expect(driver.say("what is this") == "Ranked.")
        var words = try Self.driver(
            """
            option order specific
            rule short
              words what *
              reply Short.
            rule long
              words what is your name *
              reply Long.
            """)
        #expect(words.say("what is your name please") == "Long.")
        #expect(Self.errors("option order sorted\nrule\n  reply x").first?.message.contains("`file`") == true)
    }

    @Test func check_readsTheOrderOptionWhenLookingForShadowedRules() throws {
        let rules = "rule anything\n  trigger *\n  reply I see.\nrule hello\n  trigger hello\n  example hello\n  reply Hi.\n"
        let fileOrder = try Self.warnings(rules)
        #expect(fileOrder.contains { $0.code == .shadowedRule || $0.code == .unreachableRules }, "in file order the catch-all hides `hello`")
        #expect(try Self.warnings("option order specific\n" + rules).isEmpty, "most specific first, `hello` comes before the catch-all")
    }

    @Test func specificity_classifiesRegexShapes() {
        #expect(Specificity.ofRegex("^hello bot$") < Specificity.ofRegex("^hello (there )?bot$"))
        #expect(Specificity.ofRegex("^hello (there )?bot$") < Specificity.ofRegex("^i am (\\w+) old$"))
        #expect(Specificity.ofRegex("^i am (\\w+) old$") < Specificity.ofRegex("^i am (\\d+) old$"))
        #expect(Specificity.ofRegex("^i am (\\d+) old$") < Specificity.ofRegex("^i am (.*) old$"))
        #expect(Specificity.ofRegex("^i am (.*) old$") < Specificity.ofRegex("(.*)"))
        #expect(Specificity.ofRegex("\\bhelp\\b").words == 1)
        #expect(Specificity.ofWords("* told me to say *").words == 4)
        #expect(Specificity.ofWords("(a b c) x").words == 2)
    }

    // MARK: Normalisation

    @Test func normalisePunctuation_stripsItFromMatchingAndCaptures() throws {
        let rules = """
            rule live
              match ^i live in (.+)$
              reply So you live in {1}.
            rule whats
              match ^whats up$
              reply Not much.
            """
        var normalised = try Self.driver("option normalise punctuation\n" + rules)
        #expect(normalised.say("I live in Paris, France") == "So you live in Paris France.")
        #expect(normalised.say("I   live in  Rome!!") == "So you live in Rome.")
        #expect(normalised.say("What's up?") == "Not much.", "apostrophes go too, as in RiveScript")
        var plain = try Self.driver(rules)
        #expect(plain.say("I live in Paris, France") == "So you live in Paris, France.")
        #expect(plain.say("What's up?") == "", "without the option the question mark stays, and ^...$ fails")
    }

    @Test func check_warnsAboutPatternsThatNeedPunctuation_whenItIsRemoved() throws {
        let rules = "rule a\n  match ^what's up\\?$\n  reply a\nrule b\n  match hello, world\n  reply b\nrule c\n  match ^whats up\\??$\n  reply c\n"
        let warnings = try Self.warnings("option normalise punctuation\n" + rules).filter { $0.code == .normalisedAway }
        #expect(warnings.map(\.location.line) == [3, 6])
        #expect(warnings.first?.message.contains("`'`") == true)
        #expect(try Self.warnings(rules).filter { $0.code == .normalisedAway }.isEmpty, "without the option, punctuation stays")
    }

    @Test func normaliseSpacesAndLowercase() throws {
        var driver = try Self.driver("option normalize spaces lowercase\nrule\n  match ^my name is (.+)$\n  reply Nice to meet you, {1}.")
        #expect(driver.say("My  name\tis   BOB Smith") == "Nice to meet you, bob smith.")
        #expect(Self.errors("option normalise commas\nrule\n  reply x").first?.message.contains("punctuation, spaces, lowercase") == true)
    }

    // MARK: Substitutions

    @Test func substitutionsOfNonWordText_apply() throws {
        var driver = try Self.driver(
            """
            substitute :( = sad
            substitute + = plus
            substitute & = and
            substitute &quot; = quote
            swap c++ = cplusplus
            rule feel
              match ^i am (sad)$
              reply Why are you {1}?
            rule sum
              match ^(\\d+) plus (\\d+)$
              reply {1} and {2}.
            rule and
              match ^you and me$
              reply Us.
            rule quote
              match ^quote$
              reply A quote.
            rule language
              match ^i like (\\w+)\\W*$
              reply You like {1}.
            """)
        #expect(driver.say("I am :(") == "Why are you :(?", "the capture keeps the customer's text")
        #expect(driver.say("2 + 2") == "2 and 2.")
        #expect(driver.say("you & me") == "Us.")
        #expect(driver.say("&quot;") == "A quote.")
        #expect(driver.say("I like C++?") == "You like cplusplus.", "trailing sentence punctuation does not hide the entry")
        #expect(driver.say("I am sad:(") == "", "a smiley glued to a word is not a word of its own")
    }

    @Test func check_warnsAboutSubstitutionsThatNeverApply() throws {
        let warnings = try Self.warnings(
            """
            option clauses . ,
            substitute whats = what is
            substitute WHATS = what was
            swap whats = what
            substitute a.m. = am
            swap :( = sad
            rule
              reply x
            """
        ).filter { $0.code == .inertSubstitution }
        #expect(warnings.map(\.location.line) == [3, 4, 5])
        #expect(warnings[0].message.contains("line 2"))
        #expect(warnings[1].message.contains("substitute"))
        #expect(warnings[2].message.contains("`.`"))
    }

    // MARK: Redirects in reply text

    @Test func redirectInsideReplyText_putsTheOtherAnswerInPlace() throws {
        var driver = try Self.driver(
            """
            rule hello
              match ^hello$
              reply Hi there!
            rule or-something
              match ^(.+) or something$
              reply Or something. {redirect: {1}}
            rule google
              match ^can you search for (.+)$
              reply Sure!
            rule yes
              match ^anyone\\??$
              reply Yes? {redirect: hello}
            fallback
              reply I don't know.
            """)
        #expect(driver.say("anyone?") == "Yes? Hi there!")
        #expect(driver.say("can you search for node or something") == "Or something. Sure!")
        #expect(driver.say("blah or something") == "Or something. I don't know.", "nothing answers: the fallback does")
    }

    @Test func redirectInsideReplyText_endsWhenItLoops() throws {
        var driver = try Self.driver("option max-redirects 3\nrule loop\n  match ^loop$\n  reply again {redirect: loop}")
        #expect(driver.say("loop") == "again again again again")
    }

    @Test func anActionAfterDoubleBar_isRejected() {
        let errors = Self.errors("rule\n  match x\n  reply Yes? || => redirect x")
        #expect(errors.count == 1)
        #expect(errors.first?.location.column == 17)
        #expect(errors.first?.message.contains("{redirect: TEXT}") == true)
    }

    // MARK: Templates and conditions

    @Test func lineBreakInsideOneMessage() throws {
        var driver = try Self.driver("rule\n  match poem\n  reply There once was a man,\\nwho never learned to swim.")
        #expect(driver.send(.customerText("poem")) == ["There once was a man,\nwho never learned to swim."])
    }

    @Test func variableNamesBuiltFromCaptures() throws {
        var driver = try Self.driver(
            """
            rule set-favourite
              match ^my favourite (\\w+) is (\\w+)$
              set fav_{1} = {2}
              reply Noted.
            rule get-favourite
              match ^what is my favourite (\\w+)$
              reply Your favourite {1} is {$fav_{1}|or:unknown}.
            rule colour
              match ^colour$
              reply {$fav_colour}
            """)
        #expect(driver.say("my favourite Colour is blue") == "Noted.")
        #expect(driver.say("what is my favourite colour") == "Your favourite colour is blue.")
        #expect(driver.say("what is my favourite food") == "Your favourite food is unknown.")
        #expect(driver.say("colour") == "blue")
        let warnings = try Self.warnings("rule\n  match (\\w+) (\\w+)\n  set fav_{1} = {2}\n  reply {$fav_colour}")
        #expect(warnings.filter { $0.code == .undefinedVariable }.isEmpty, "a name built as fav_{1} may be fav_colour")
    }

    @Test func listValuesInReplies_andMultiWordItems() throws {
        var seen: Set<String> = []
        for seed in UInt64(1)...20 {
            var driver = try ChatDriver(rules: "option typing off\nlist greek = alpha beta gamma\nrule\n  reply Testing {@greek|upper}.", seed: seed)
            seen.insert(driver.say("x"))
        }
        #expect(seen == ["Testing ALPHA.", "Testing BETA.", "Testing GAMMA."])
        var colours = try Self.driver(
            """
            list colours = red | blue | dark blue | light blue
            rule
              match ^what colou?r is my (@colours) (\\w+)$
              reply Your {2} is {1}.
            """)
        #expect(colours.say("what color is my dark blue jacket") == "Your jacket is dark blue.")
        #expect(colours.say("what color is my red shirt") == "Your shirt is red.")
        #expect(Self.errors("rule\n  reply {@missing}").first?.message.contains("unknown list") == true)
    }

    @Test func multiplicationAndDivision() throws {
        var driver = try Self.driver(
            """
            rule
              match ^mult$
              set counter = 10
              set counter *= 2
              reply {$counter}
            rule
              match ^div (\\d+)$
              set counter /= {1}
              reply {$counter}
            """)
        #expect(driver.say("mult") == "20")
        #expect(driver.say("div 8") == "2.5")
        #expect(driver.say("div 0") == "2.5", "dividing by zero leaves the value")
        #expect(Self.errors("rule\n  set n /= 0\n  reply x").first?.message.contains("divides by zero") == true)
    }

    @Test func conditionsCompareTwoVariables_orACapture() throws {
        var driver = try Self.driver(
            """
            rule
              match ^guess (\\d+)$
              when {1} = $secret
              reply Right!
            rule
              match ^guess (?<n>\\d+)$
              when {n} > $secret
              reply Lower.
            rule
              match ^secret (\\d+)$
              set secret = {1}
              reply ok
            rule
              match ^best (\\d+)$
              set best = {1}
              reply ok
            rule
              match ^compare$
              when $best >= $secret
              reply Your best is at least the secret.
            fallback
              reply Higher.
            """)
        #expect(driver.say("secret 42") == "ok")
        #expect(driver.say("guess 50") == "Lower.")
        #expect(driver.say("guess 7") == "Higher.")
        #expect(driver.say("guess 42") == "Right!")
        #expect(driver.say("best 50") == "ok")
        #expect(driver.say("compare") == "Your best is at least the secret.")
        #expect(Self.errors("rule\n  match ^x$\n  when {1} = a\n  reply y").first?.code == .unknownCapture)
    }

    @Test func templateSlotsInPatterns_botValuesAndVariables() throws {
        var driver = try Self.driver(
            """
            bot name = Aiden
            rule mine
              match ^my name is {$bot.name}$
              reply That's my name too!
            rule remember
              match ^call me (\\w+)$
              set name = {1}
              reply OK, {1}.
            rule same
              match ^is my name {$name}\\??$
              reply Yes, it is.
            fallback
              reply No.
            """)
        #expect(driver.say("my name is aiden") == "That's my name too!")
        #expect(driver.say("is my name Bob?") == "No.", "an unset variable matches only empty text")
        #expect(driver.say("call me Bob") == "OK, Bob.")
        #expect(driver.say("is my name bob?") == "Yes, it is.")
        #expect(driver.say("is my name Alice?") == "No.")
        #expect(driver.say("call me a.b") == "No.", "the pattern's \\w+ refuses it")
        var escaped = try Self.driver("rule\n  match ^set (.+)$\n  set v = {1}\n  reply ok\nrule\n  match ^is {$v}$\n  reply same\nfallback\n  reply different")
        #expect(escaped.say("set a.c") == "ok")
        #expect(escaped.say("is abc") == "different", "a value matches as plain text, not as a pattern")
        #expect(escaped.say("is a.c") == "same")
        #expect(Self.errors("rule\n  match ^{$bot.missing}$\n  reply x").first?.code == .unknownReference)
    }

    @Test func redirectInsideReplyText_isAnsweredInTheTopicTheRuleEnters() throws {
        var driver = try Self.driver(
            """
            rule test
              match ^test$
              enter-topic test
              reply {redirect: hi}
            fallback
              reply Wildcard.
            topic test
            rule hi
              match ^hi$
              reply hello
            end topic
            """)
        #expect(driver.say("test") == "hello")
        #expect(driver.memory.topic == "test")
    }

    @Test func reflectionPairsOfSeveralWords_keepTheCapitalI() throws {
        var driver = try Self.driver("reflect i am = you are\nreflect you are = I am\nrule\n  match ^say (.+)$\n  reply {1|reflect}")
        #expect(driver.say("say I am cool") == "you are cool")
        #expect(driver.say("say you are dumb") == "I am dumb")
    }

    // MARK: Triggers

    @Test func triggers_matchAsRiveScriptTriggers_andCaptureItsStars() throws {
        var driver = try Self.driver(
            """
            option normalise punctuation lowercase
            option order specific
            bot name = Aiden
            list colours = red | blue | dark blue
            rule phone
              trigger what is your (home|office) [phone] number
              reply {1} number.
            rule optional
              trigger (aa|bb) [bogus]
              reply Matched {1}.
            rule question
              trigger [please|can you] ask me a question
              reply Why?
            rule name
              trigger [hi|hello] [my name is|call me] _
              reply Hello {1}.
            rule book
              trigger i [would like to|want to] book a [nice] room
              reply Booked.
            rule colour
              trigger what colour is my (@colours) *
              reply Your {2} is {1}.
            rule have
              trigger i have a @colours *
              reply Your {1}.
            rule number
              trigger i am # years old
              reply Number {1}.
            rule letters
              trigger i am _ years old
              reply Letters {1}.
            rule any
              trigger i am * years old
              reply Any {1}.
            rule me
              trigger are you <bot name>
              reply Yes.
            rule maybe
              trigger tell me [*]
              reply Told {1|or:nothing}.
            rule everything
              trigger *
              reply Else: {1}.
            """)
        #expect(driver.say("What is your home phone number?") == "home number.")
        #expect(driver.say("what is your office number") == "office number.")
        #expect(driver.say("aa") == "Matched aa.")
        #expect(driver.say("bb bogus") == "Matched bb.")
        #expect(driver.say("aabogus today") == "Else: aabogus today.", "an optional part needs its space")
        #expect(driver.say("Can you ask me a question?") == "Why?")
        #expect(driver.say("ask me a question") == "Why?")
        #expect(driver.say("hello my name is Ada") == "Hello ada.", "two optional parts in a row")
        #expect(driver.say("call me Ada") == "Hello ada.")
        #expect(driver.say("Ada") == "Hello ada.")
        #expect(driver.say("I want to book a nice room") == "Booked.")
        #expect(driver.say("I would like to book a room") == "Booked.")
        #expect(driver.say("What colour is my dark blue jacket?") == "Your jacket is dark blue.")
        #expect(driver.say("I have a red car.") == "Your car.")
        #expect(driver.say("I am 5 years old") == "Number 5.")
        #expect(driver.say("I am five years old") == "Letters five.")
        #expect(driver.say("I am twenty five years old") == "Any twenty five.")
        #expect(driver.say("Are you Aiden?") == "Yes.")
        #expect(driver.say("tell me") == "Told nothing.")
        #expect(driver.say("tell me a story") == "Told a story.")
        #expect(driver.say("?") == "Else: .")
    }

    @Test func triggers_reportMistakesAtTheirColumn() {
        #expect(Self.errors("rule\n  trigger hello (there\n  reply x").first?.location.column == 17)
        #expect(Self.errors("rule\n  trigger hello{weight=10}\n  reply x").first?.message.contains("rank N") == true)
        #expect(Self.errors("rule\n  trigger i like @food\n  reply x").first?.message.contains("unknown list") == true)
        #expect(Self.errors("rule\n  trigger hi <star>\n  reply x").first?.location.column == 14)
        #expect(Specificity.ofTrigger("i am # years old") < Specificity.ofTrigger("i am * years old"))
        #expect(Specificity.ofTrigger("what is your [phone] number") < Specificity.ofTrigger("what is your _ number"))
    }
}
