import BotTesting
import ChatCore
import Foundation
import Testing
@testable import RuleBot

/// DOCTOR on inputs other than the article's, each worked out by hand from the 1966 script.
@Suite struct ElizaBehaviourTests {
    static func eliza() throws -> ChatDriver {
        ChatDriver(try RuleResponder(path: BotFiles.path("eliza.rules")))
    }

    @Test(arguments: [
        // The highest-ranked keyword wins: REMEMBER (5) over I and MY.
        ("I remember my childhood", "DO YOU OFTEN THINK OF YOUR CHILDHOOD"),
        // COMPUTERS (50) redirects to COMPUTER.
        ("Computers are stupid", "DO COMPUTERS WORRY YOU"),
        // No keyword, no memory: NONE.
        ("xyzzy", "I AM NOT SURE I UNDERSTAND YOU FULLY"),
        // WHY's decompositions fail on "WHY CAN'T I HELP YOU", so (=WHAT).
        ("Why can't you help me?", "WHY DO YOU ASK"),
        // DREAMED is substituted by DREAMT and redirects to it.
        ("I dreamed about flying", "REALLY, ABOUT FLYING"),
        // NAME (15) beats MY (2).
        ("My name is Bob", "I AM NOT INTERESTED IN NAMES"),
        ("Hello", "HOW DO YOU DO.  PLEASE STATE YOUR PROBLEM"),
        ("I am happy", "HOW HAVE I HELPED YOU TO BE HAPPY"),
        ("Everybody hates me", "REALLY, EVERYBODY"),
        // "?" cuts the clause; DEUTSCH goes to XFREMD.
        ("Sprechen Sie Deutsch? Bitte", "I AM SORRY, I SPEAK ONLY ENGLISH"),
        // MACHINE (50) goes in front of LIKE (10), which went in front of YOU.
        ("You are like a machine", "DO COMPUTERS WORRY YOU"),
        // LIKE (10) is first but its pattern fails, NEWKEY: PERHAPS answers.
        ("Perhaps I like it", "YOU DON'T SEEM QUITE CERTAIN"),
        // PRE: YOU'RE -> (I ARE 3) and continue with YOU.
        ("You're mad", "WHAT MAKES YOU THINK I AM MAD"),
        // Text before a comma without a keyword is dropped; the scan stops at BUT.
        ("Well, I am sad but I hide it", "I AM SORRY TO HEAR YOU ARE SAD"),
        ("I feel sad", "TELL ME MORE ABOUT SUCH FEELINGS"),
    ])
    func eliza_answersAsTheScriptSays(_ input: String, _ expected: String) throws {
        var chat = try Self.eliza()
        #expect(chat.say(input) == expected, "\(chat.lastReply.trace.joined(separator: "\n"))")
    }

    @Test func eliza_rotatesThroughAKeywordsReplies() throws {
        var chat = try Self.eliza()
        let replies = (0..<5).map { _ in chat.say("Maybe") }
        #expect(replies == ["YOU DON'T SEEM QUITE CERTAIN", "WHY THE UNCERTAIN TONE", "CAN'T YOU BE MORE POSITIVE", "YOU AREN'T SURE", "DON'T YOU KNOW"])
        #expect(chat.say("Perhaps") == "YOU DON'T SEEM QUITE CERTAIN")
    }

    @Test func eliza_remembersWhatFollowsMY_andRecallsItOnTheFourthCountWithNoKeyword() throws {
        var chat = try Self.eliza()
        #expect(chat.say("My car is broken") == "YOUR CAR IS BROKEN")
        #expect(chat.memory.memories.count == 1)
        #expect(chat.say("xyzzy") == "I AM NOT SURE I UNDERSTAND YOU FULLY")
        let recalled = chat.say("plugh")
        #expect(recalled.hasSuffix("YOUR CAR IS BROKEN") && recalled != "YOUR CAR IS BROKEN", "\(recalled)")
        #expect(chat.memory.memories.isEmpty)
        #expect(chat.say("xyzzy") == "PLEASE GO ON")
    }

    @Test func eliza_laysDownAMemory_whenMYComesUpAfterANewkey() throws {
        var chat = try Self.eliza()
        // WAS (2) is tried first, matches only its NEWKEY decomposition; then MY.
        #expect(chat.say("It was my dog") == "YOUR DOG")
        #expect(chat.memory.memories.count == 1)
    }

    @Test func eliza_recallsAMemory_onlyWhenTheMessageHasNoKeyword() throws {
        var chat = try Self.eliza()
        _ = chat.say("My car is broken")
        _ = chat.say("xyzzy")
        // Turn 3, but REMEMBER is a keyword (that gives up): NONE, not the memory.
        #expect(chat.say("remember") == "PLEASE GO ON")
        #expect(chat.memory.memories.count == 1)
    }

    @Test func eliza_answersAKeywordWithNoMatchingDecomposition_withTheProgramsCounterMessage() throws {
        var chat = try Self.eliza()
        #expect(chat.say("Can we go?") == "HMMM")
        #expect(chat.say("She dreamt of it") == "GO ON, PLEASE")
        #expect(chat.say("Can we go?") == "I SEE")
        #expect(chat.say("Can we go?") == "PLEASE CONTINUE")
    }

    @Test func eliza_reproducesTheConversation_throughAChatHost_onAVirtualClock() throws {
        let data = try Data(contentsOf: BotFiles.cacmConversation)
        let exchanges = try JSONDecoder().decode([[String]].self, from: data)
        let chat = try TestChat(responder: RuleResponder(path: BotFiles.path("eliza.rules")), seed: 1)
        #expect(chat.waitForAgentText() == "HOW DO YOU DO.  PLEASE TELL ME YOUR PROBLEM")
        for exchange in exchanges {
            try chat.say(exchange[0])
            #expect(ElizaConversationTests.normalised(chat.waitForAgentText() ?? "") == ElizaConversationTests.normalised(exchange[1]))
        }
        let origins = chat.transcript.filter { $0.from.kind == .agent && $0.kind == .text }.compactMap(\.origin)
        #expect(origins.count == 16 && origins.allSatisfy { $0.contains("eliza.rules:") })
    }
}
