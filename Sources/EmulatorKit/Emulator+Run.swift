public import ChatCore
public import Foundation
import Locking
import HTTPServer

extension Emulator {
    /// Starts, serves until the calling task is cancelled or ``stop()`` is called (from a signal
    /// handler, another task), then stops gracefully: requests in flight finish, and every part
    /// stops in reverse start order. Returns once everything has stopped.
    ///
    /// ```swift
    /// let emulator = Emulator(configuration)
    /// try await emulator.run()      // until cancelled
    /// ```
    ///
    /// To run it in a swift-service-lifecycle `ServiceGroup`, conform it where you use the
    /// group (this package does not depend on swift-service-lifecycle):
    ///
    /// ```swift
    /// struct EmulatorService: Service {
    ///     let emulator: Emulator
    ///     func run() async throws {
    ///         try await withGracefulShutdownHandler { try await emulator.run() } onGracefulShutdown: { emulator.stop() }
    ///     }
    /// }
    /// ```
    /// - Throws: ``EmulatorError`` when it cannot start; whatever had started is stopped again.
    public func run() async throws(EmulatorError) {
        try start()
        await withTaskCancellationHandler {
            await stopWaiters.wait()
        } onCancel: {
            stop()
        }
    }

    /// The handle of a started emulator, for ``withEmulator(_:isolation:_:)``.
    func runningHandle() throws(EmulatorError) -> RunningEmulator {
        let baseURL = try start()
        guard let clock = configuration.clock.manual, let port, let chatHost else {
            stop()
            throw EmulatorError(.stopped, "The emulator stopped while it started.")
        }
        return RunningEmulator(
            baseURL: baseURL, host: configuration.httpServer.host, port: port, clock: clock, chatHost: chatHost, emulator: self)
    }
}

/// An emulator started by ``withEmulator(_:isolation:_:)``: everything a test reaches it by, none of it
/// optional, valid for the length of the closure.
public struct RunningEmulator: Sendable {
    /// The API's base URL, such as `http://127.0.0.1:49152/api`.
    public let baseURL: URL
    /// The address listened on (``EmulatorConfiguration/host``).
    public let host: String
    /// The port listened on (a free one when the configuration says 0).
    public let port: Int
    /// The virtual clock the chats run on: an agent that joins after 3 s joins when the test
    /// advances it by 3 s.
    public let clock: ManualClock
    /// The chat host, for what the HTTP API does not show (chat ids, snapshots).
    public let chatHost: ChatHost
    /// The emulator itself (its ``Emulator/configuration``).
    public let emulator: Emulator
}

/// Runs an emulator for the length of `body`: starts it, hands `body` its ``RunningEmulator``,
/// and stops it when `body` returns or throws, so a test cannot leak a server.
///
/// The chats run on a virtual clock, the configuration's (``EmulatorClock/virtual(_:)``) or a
/// new `ManualClock` when it names the wall clock: time moves only when the test advances
/// ``RunningEmulator/clock``, while the real HTTP server answers at once.
///
/// ```swift
/// try await withEmulator(EmulatorConfiguration(bot: .named("support"))) { running in
///     let client = GWSClient(baseURL: running.baseURL)
///     let chat = try await client.requestChat(nickname: "Chris", subject: "Hello")
///     running.clock.advance(by: .seconds(3))       // the agent joins within 1-3 s
/// }
/// ```
/// - Throws: ``EmulatorError`` when the emulator cannot start, else what `body` throws.
public func withEmulator<Result: Sendable>(
    _ configuration: EmulatorConfiguration = EmulatorConfiguration(),
    isolation: isolated (any Actor)? = #isolation,
    _ body: (RunningEmulator) async throws -> Result
) async throws -> Result {
    var configuration = configuration
    if configuration.clock.manual == nil { configuration.clock = .virtual(ManualClock()) }
    let emulator = Emulator(configuration)
    let running = try emulator.runningHandle()
    defer { emulator.stop() }
    return try await body(running)
}

/// The tasks waiting in ``Emulator/run()`` for the emulator to have stopped.
final class StopWaiters: Sendable {
    private let state = Locked<(stopped: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    /// Returns once ``stopped()`` has been called (at once if it has).
    func wait() async {
        await withCheckedContinuation { continuation in
            let resumeNow = state.withLock { state in
                if state.stopped { return true }
                state.waiters.append(continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }

    /// The emulator has stopped: every waiter, present and future, goes on.
    func stopped() {
        let waiters = state.withLock { state in
            state.stopped = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }
}
