import ChatCore
import EmulatorKit
import ExternalBots
import Foundation
import HTTPTesting
import Testing
import HTTPServer

/// An exec bot served by the emulator: its process serves the chats, and stops with the emulator.
@Suite struct ExecLifecycleTests {
    @Test func theProcess_stopsWithTheEmulator() throws {
        let script = try ExecResponderTests.Script(ExecResponderTests.script)
        defer { script.remove() }
        let clock = ManualClock()
        var configuration = EmulatorConfiguration(bot: .named("exec:sh \(script.path)"), storage: .inMemory, clock: .virtual(clock))
        configuration.chatHost.agentJoinDelay = .zero
        configuration.chatHost.replyDelay = .zero
        configuration.chatHost.systemMessageInterval = .zero
        configuration.chatHost.seed = 1
        configuration.httpServer.accessLogLevel = nil
        let emulator = Emulator(configuration)
        _ = try emulator.start()
        let host = try #require(emulator.chatHost)
        let bot = try #require(host.responder as? ExecResponder)
        let id = try host.requestChat(nickname: "Ann", subject: "Exec")
        try host.sendMessage("hello", to: id)
        // The bot answers in real time; each answer lets the next queued step run on the clock.
        #expect(
            eventually(within: .seconds(10)) {
                clock.advance(by: .zero)
                return (try? host.texts(id)) == ["echo hello"]
            })
        let pid = try #require(bot.processIdentifier)
        emulator.stop()
        #expect(bot.processIdentifier == nil)
        #expect(eventually(within: .seconds(5)) { kill(pid, 0) != 0 }, "process \(pid) still runs after the emulator stopped")
    }
}

extension ChatHost {
    /// The agent's texts so far.
    fileprivate func texts(_ id: ChatID) throws -> [String] {
        try transcript(of: id, from: 0, markingReceived: false).filter { $0.kind == .text && $0.from.kind == .agent }.compactMap(\.text)
    }
}
