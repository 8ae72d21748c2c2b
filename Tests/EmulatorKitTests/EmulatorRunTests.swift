import ChatCore
import EmulatorKit
import Foundation
import GWSChatClient
import LastCharacterBot
import Locking
import Testing
import HTTPServer

/// The async embedding: `withEmulator` for the length of a closure, `run()` until cancelled.
@Suite struct EmulatorRunTests {
    static var configuration: EmulatorConfiguration {
        var configuration = EmulatorConfiguration(bot: .responder(LastCharacterResponder()))
        configuration.chatHost.agentJoinDelay = .seconds(2, 2)
        configuration.httpServer.accessLogLevel = nil
        return configuration
    }

    @Test func withEmulator_servesForTheClosure_onAVirtualClock_andStopsAfterIt() async throws {
        let baseURL = try await withEmulator(Self.configuration) { running in
            #expect(running.baseURL.absoluteString == "http://127.0.0.1:\(running.port)/api")
            #expect(running.host == "127.0.0.1")
            let client = GWSClient(baseURL: running.baseURL)
            let chat = try await client.requestChat(nickname: "Chris", subject: "Hi")
            #expect(try await client.chat(chat.id).state == .waitingForAgent)
            running.clock.advance(by: .seconds(2))
            #expect(try await client.chat(chat.id).state == .chatting)
            #expect(running.chatHost.chatCount == 1)
            return running.baseURL
        }
        let after = try await #require(throws: GWSClientError.self) {
            try await GWSClient(baseURL: baseURL, timeout: .seconds(5)).requestChat(nickname: "A", subject: "B")
        }
        #expect(after.code == .noAnswer, "the port still answers after the closure")
    }

    struct Oops: Error {}

    @Test func withEmulator_stopsWhenTheClosureThrows() async throws {
        let seen = Locked<URL?>(nil)
        await #expect(throws: Oops.self) {
            try await withEmulator(Self.configuration) { running in
                seen.withLock { $0 = running.baseURL }
                throw Oops()
            }
        }
        let baseURL = try #require(seen.withLock { $0 })
        await #expect(throws: GWSClientError.self) {
            try await GWSClient(baseURL: baseURL, timeout: .seconds(5)).requestChat(nickname: "A", subject: "B")
        }
    }

    @Test func withEmulator_reportsAStartFailure() async throws {
        var configuration = Self.configuration
        configuration.bot = .named("no-such-bot")
        let error = try await #require(throws: EmulatorError.self) { try await withEmulator(configuration) { _ in } }
        #expect(error.code == .badBot)
    }

    @Test func run_servesUntilCancelled_thenStops() async throws {
        var configuration = Self.configuration
        configuration.clock = .virtual(ManualClock())
        let emulator = Emulator(configuration)
        let baseURL = try emulator.start()  // run() goes on with the started emulator
        let serving = Task { try await emulator.run() }
        let client = GWSClient(baseURL: baseURL, timeout: .seconds(5))
        _ = try await client.requestChat(nickname: "Chris", subject: "Hi")
        serving.cancel()
        try await serving.value
        #expect(emulator.baseURL == nil)
        await #expect(throws: GWSClientError.self) { try await client.requestChat(nickname: "A", subject: "B") }
    }

    @Test func run_returnsWhenStopped() async throws {
        let emulator = Emulator(Self.configuration)
        let serving = Task { try await emulator.run() }
        while emulator.baseURL == nil { await Task.yield() }  // run() has started it
        emulator.stop()
        try await serving.value
        #expect(emulator.baseURL == nil)
    }
}
