import ChatCore
@testable import ConversationTests
import EmulatorKit
import Foundation
import LastCharacterBot
import Testing

/// The same `.convo` files against our own server over HTTP (`--url`).
///
/// The server's agent joins and answers at once, so nothing here waits on the wall clock
/// beyond HTTP round trips.
@Suite struct LiveServerTests {
    /// Starts the emulator on 127.0.0.1, an ephemeral port, with an agent that joins and answers
    /// at once.
    static func startServer() throws -> (Emulator, URL) {
        var configuration = EmulatorConfiguration(bot: .responder(LastCharacterResponder()))
        configuration.chatHost.agentJoinDelay = .zero
        configuration.chatHost.replyDelay = .zero
        configuration.chatHost.systemMessageInterval = .zero
        let emulator = Emulator(configuration)
        return (emulator, try emulator.start())
    }

    static let convo = """
        bot last-character
        nickname Chris
        timeout 3s

        test answers over HTTP
          agent joins
          state Chatting
          customer says Hello!
          agent says Neat.
          customer types
          customer says Why?
          agent one of Good question... | Ok.
          customer completes
          state Idle
          capabilities none

        test reports a wrong reply over HTTP
          customer says Hi.
          agent says Neat.
        """

    @Test func theSameConversationFile_runsAgainstALiveServer() throws {
        let (server, baseURL) = try Self.startServer()
        defer { server.stop() }
        let file = try ConversationParser.parse(text: Self.convo, path: "live.convo").get()
        let suite = ConversationSuite(target: .live(LiveServer(baseURL: baseURL)))
        let outcomes = file.tests.map { suite.runTest($0, in: file, with: LastCharacterResponder()) }
        #expect(outcomes[0].passed, "\(FailureReport.render(outcomes[0]))")
        #expect(outcomes[1].failure?.message == "expected exactly \"Neat.\", but got \"Ok.\"")
        #expect(outcomes[1].transcript.contains { $0.text == "Ok." && $0.from.kind == .agent })
    }

    @Test func anUnreachableServer_failsTheTestWithTheReason() throws {
        let file = try ConversationParser.parse(text: Self.convo, path: "live.convo").get()
        var server = LiveServer(baseURL: URL(string: "http://127.0.0.1:1/api")!)
        server.requestTimeout = .seconds(2)
        let outcome = ConversationSuite(target: .live(server)).runTest(file.tests[0], in: file, with: LastCharacterResponder())
        #expect(outcome.failure?.message.hasPrefix("the chat could not be started: POST http://127.0.0.1:1/api/v2/chats failed") == true, "\(outcome.failure?.message ?? "")")
    }
}
