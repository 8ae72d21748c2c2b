import ChatCore
@testable import ConversationTests
import EmulatorKit
import Foundation
import LastCharacterBot
import LineFormat
import Testing

/// `.convo` files through a live server's GMS front (`--url …/genesys/2/chat/SERVICE`), and the
/// same files through its GWS front.
@Suite struct LiveGMSFrontTests {
    /// The emulator with `responder`, answering at once, announcing saved transcripts; its GWS
    /// base URL and its GMS service URL.
    static func startServer(_ responder: any Responder = LastCharacterResponder()) throws -> (Emulator, gws: URL, gms: URL) {
        var configuration = EmulatorConfiguration(bot: .responder(responder))
        configuration.chatHost.agentJoinDelay = .zero
        configuration.chatHost.replyDelay = .zero
        configuration.chatHost.systemMessageInterval = .zero
        configuration.chatHost.announcesTranscriptSave = true
        let emulator = Emulator(configuration)
        let gws = try emulator.start()
        return (emulator, gws, gws.deletingLastPathComponent().appendingPathComponent("genesys/2/chat/customer-support"))
    }

    static func run(_ text: String, at url: URL, bot: any Responder = LastCharacterResponder()) throws -> [TestOutcome] {
        let file = try ConversationParser.parse(text: "bot last-character\ntimeout 3s\n" + text, path: "live.convo").get()
        let suite = ConversationSuite(target: .live(LiveServer(baseURL: url)))
        return file.tests.map { suite.runTest($0, in: file, with: bot) }
    }

    @Test func theSameFile_passesThroughBothFronts_andAWrongReplyFailsAlike() throws {
        let (server, gws, gms) = try Self.startServer()
        defer { server.stop() }
        let text = LiveServerTests.convo.replacingOccurrences(of: "bot last-character\n", with: "")
        for url in [gws, gms] {
            let outcomes = try Self.run(text, at: url)
            #expect(outcomes[0].passed, "\(url): \(FailureReport.render(outcomes[0]))")
            #expect(outcomes[1].failure?.message == "expected exactly \"Neat.\", but got \"Ok.\"", "\(url)")
        }
        #expect(server.chatHost!.openChatIDs().isEmpty, "every chat was ended, through either front")
    }

    @Test func theGMSOperations_andARejoin_andTheSave_passThroughGMS_andGWSSaysWhatItCannot() throws {
        let bot = VocabularyStepsTests.bot
        let (server, gws, gms) = try Self.startServer(bot)
        defer { server.stop() }
        let text =
            VocabularyStepsTests.vocabulary.trimmingCharacters(in: .newlines) + """

                  state Chatting
                  capabilities SendMessage SendStartTypingNotification SendStopTypingNotification Complete CustomNotice PushUrl UpdateNickname UpdateData

                test back and saved
                  customer says again
                  agent transfers back to Nia
                  customer completes
                  transcript saved
                  state Idle

                """
        let throughGMS = try Self.run(text, at: gms, bot: bot)
        for outcome in throughGMS { #expect(outcome.passed, "\(FailureReport.render(outcome))") }
        let throughGWS = try Self.run(text, at: gws, bot: bot)
        #expect(throughGWS[0].failure?.location.line == 6, "GWS shows the pushed page as a notice")
        #expect(throughGWS[1].passed, "a rejoin and the save read the same on GWS: \(FailureReport.render(throughGWS[1]))")
        let notice = try Self.run("test t\n  customer notices card declined\n", at: gws, bot: bot)
        #expect(notice[0].failure?.message.contains("the GWS API has no operation for this step (it is a GMS operation)") == true)
        #expect(notice[0].failure?.message.contains("--url http://HOST:PORT/genesys/2/chat/SERVICE") == true)
    }

    @Test func whatGMSDoesNotShow_failsTheStep_sayingSo() throws {
        let (server, _, gms) = try Self.startServer()
        defer { server.stop() }
        let outcomes = try Self.run("test t\n  customer says hi\n  agent replies\n  needs no person\n", at: gms)
        #expect(outcomes[0].failure?.message == "`needs no person` reads the chat's hand-over flag, which a live server shows through neither GWS nor GMS; run this test without --url")
    }

    @Test func anUnreachableServer_orAWrongPath_failsTheTest_sayingWhy() throws {
        let unreachable = try Self.run("test t\n  customer says hi\n", at: URL(string: "http://127.0.0.1:1/genesys/2/chat/support")!)
        #expect(unreachable[0].failure?.message.hasPrefix("the chat could not be started: POST http://127.0.0.1:1/genesys/2/chat/support failed") == true)
        let (server, gws, _) = try Self.startServer()
        defer { server.stop() }
        let misrouted = gws.deletingLastPathComponent().appendingPathComponent("genesys/2/chat/a/b")
        let refused = try Self.run("test t\n  customer says hi\n", at: misrouted)
        #expect(refused[0].failure?.message.contains("answered HTTP 404") == true, "\(refused[0].failure?.message ?? "")")
    }
}
