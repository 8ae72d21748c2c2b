import Foundation
import Testing

/// `chat --bot` and `chat --url` read the same commands, in the `.convo` steps' vocabulary for
/// time and typing, and never send a command as a customer message.
@Suite struct ChatVocabularyProcessTests {
    @Test func chatBot_takesAfterAsWait_sendsDoubleSlashLinesAsText_andHintsAtMistakes() throws {
        let run = try RuleCommandsProcessTests.run(
            ["chat", "--bot", RuleCommandsProcessTests.bot("support.rules"), "--nickname", "Ann"],
            input: "/typing\n/after 30s\n/wait\n/customer types\n//hi\n/wait soon\n")
        #expect(run.status == 0)
        #expect(run.standardOutput.contains("> /after 30s\nSam: Take your time, Ann. I'm here when you're ready."))
        #expect(run.standardOutput.contains("> //hi\nSam: "), "a // line is a message")
        #expect(!run.standardOutput.contains("> /wait\nSam:"))
        #expect(run.standardError.contains("(/wait needs one duration, such as /wait 30s)"))
        #expect(run.standardError.contains("(`customer types` is a .convo step; in chat use /typing)"))
        #expect(run.standardError.contains("(/wait needs a duration above zero, such as /wait 30s, /wait 500ms or /wait 2m, not `soon`)"))
    }

    @Test func chatUrl_runsCommands_insteadOfSendingThem_andChoosesTheServersBotWithUserdata() throws {
        let bots = URL(fileURLWithPath: RuleCommandsProcessTests.bot("support.rules")).deletingLastPathComponent().path
        let (server, data) = try EmulatorProcess.onNewData("vocabulary", ["--bots", bots, "--agent-join-delay", "0", "--reply-delay", "0"])
        defer { server.stop(removing: data) }
        let transcript = data.appendingPathComponent("saved.json")
        let run = try RuleCommandsProcessTests.run(
            ["chat", "--url", "http://127.0.0.1:\(server.port)/api", "--nickname", "Ann", "--userdata", "bot=support", "--transcript", transcript.path],
            input: "/typing\n/stop\n/help\n/bogus\nhi\n")
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardOutput.contains("Sam: Hi Ann, I'm Sam from Northwind Shop."), "userData bot=support chose Sam")
        #expect(run.standardOutput.contains("Ann: hi"))
        #expect(!run.standardOutput.contains("Ann: /"), "no command was sent as text")
        #expect(run.standardOutput.contains("-- commands: /typing, /stop, /wait DURATION"))
        #expect(run.standardOutput.contains("-- unknown command /bogus"))
        let saved = try String(contentsOf: transcript, encoding: .utf8)
        for kind in ["TypingStarted", "TypingStopped"] {
            let byTheCustomer = #""type":"Customer"\},"index":\d+,"type":""# + kind
            #expect(saved.range(of: byTheCustomer, options: .regularExpression) != nil, "the customer's \(kind) reached the server")
        }
        #expect(!saved.contains("/typing"))
    }

    @Test func chatUrl_givenAGMSServiceURL_saysToGiveTheGWSOne() throws {
        let run = try RuleCommandsProcessTests.run(["chat", "--url", "http://127.0.0.1:1/genesys/2/chat/customer-support"])
        #expect(run.status != 0)
        #expect(run.standardError.contains("chat --url talks the GWS API: give the server's GWS base URL"), "\(run.standardError)")
    }

    @Test func chat_refusesUserdataWithoutAnEqualsSign() throws {
        let run = try RuleCommandsProcessTests.run(["chat", "--bot", "last-character", "--userdata", "bot"])
        #expect(run.status != 0)
        #expect(run.standardError.contains("--userdata needs KEY=VALUE, such as --userdata bot=support, not 'bot'."))
    }
}
