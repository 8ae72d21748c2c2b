import ChatCore
import Foundation
import Locking
import Logging

/// The child process of an `exec:` bot: lines out, lines back in the same order, restarts with
/// back-off. Nothing here holds a thread while the process works: writes go through a serial
/// queue, reads come through the pipes' readability handlers.
final class BotProcess: Sendable {
    enum LineResult {
        case success([UInt8])
        case failure(String)
    }

    private struct Owed {
        var sequence: UInt64
        var done: @Sendable (LineResult) -> Void
        /// The host stopped waiting: the line, when it comes, is dropped.
        var abandoned = false
    }

    private struct State {
        var process: Process?
        var input: FileHandle?
        var owed: [Owed] = []
        var outputBuffer: [UInt8] = []
        /// After a line over the limit: drop bytes until the next newline.
        var discardingLine = false
        var errorBuffer: [UInt8] = []
        var sequence: UInt64 = 0
        /// Restarts in a row without a good answer, for the back-off.
        var failures = 0
        /// No start before this (back-off after a death).
        var notBefore = Date.distantPast
        var stopped = false
        /// Bumped on every start, so the handlers of an old process change nothing.
        var generation = 0
    }

    private let command: String
    private let workingDirectory: URL?
    private let maximumLine: Int
    private let logger: Logger
    private let state = Locked(State())
    private let writes = DispatchQueue(label: "exec-bot-input")

    /// Called by `send` with the event's sequence once the event is owed and its line queued,
    /// before `send` returns: tests run another `send` there, the window in which two chats' events
    /// once went out in the other order (nil outside tests).
    private let afterQueuing: (@Sendable (UInt64) -> Void)?

    init(
        command: String, workingDirectory: URL?, maximumLine: Int, logger: Logger,
        afterQueuing: (@Sendable (UInt64) -> Void)? = nil
    ) {
        self.command = command
        self.workingDirectory = workingDirectory
        self.maximumLine = maximumLine
        self.logger = logger
        self.afterQueuing = afterQueuing
    }

    var processIdentifier: Int32? { state.withLock { $0.process?.isRunning == true ? $0.process?.processIdentifier : nil } }

    /// Sends the line `make(sequence)` (a newline is added) and calls `done` with the line that
    /// answers it, or a failure. Returns the event's sequence, for ``abandon(_:)`` (nil when the
    /// process is not running: `done` has then been called with the failure).
    ///
    /// Answers are matched to events by order (the first line owed answers the first event sent),
    /// so an event is made owed and its line queued for writing in one step under the lock: two
    /// chats sending at once cannot write their lines in the other order than they are owed.
    @discardableResult
    func send(_ make: (UInt64) -> [UInt8], done: @escaping @Sendable (LineResult) -> Void) -> UInt64? {
        let outcome = state.withLock { state -> UInt64? in
            if state.process == nil || state.process?.isRunning == false {
                guard Date() >= state.notBefore else { return nil }
                do {
                    try start(&state)
                } catch {
                    state.failures += 1
                    state.notBefore = Date().addingTimeInterval(Self.backOff(state.failures))
                    logger.error("exec bot could not start", metadata: ["command": "\(command)", "error": "\(error)"])
                    return nil
                }
            }
            guard let input = state.input else { return nil }
            state.sequence += 1
            state.owed.append(Owed(sequence: state.sequence, done: done))
            var line = make(state.sequence)
            line.append(UInt8(ascii: "\n"))
            let logger = logger
            writes.async { [line] in
                do {
                    try input.write(contentsOf: line)
                } catch {
                    logger.warning("exec bot did not take its input", metadata: ["error": "\(error)"])
                }
            }
            return state.sequence
        }
        guard let sequence = outcome else {
            done(.failure("the bot process is not running (restarting after it stopped)"))
            return nil
        }
        afterQueuing?(sequence)
        return sequence
    }

    /// Stops the process: standard input closed, then killed after a second if still running.
    func stop() {
        let (process, input) = state.withLock { state -> (Process?, FileHandle?) in
            state.stopped = true
            defer {
                state.process = nil
                state.input = nil
            }
            return (state.process, state.input)
        }
        fail(all: "the bot process was stopped")
        try? input?.close()
        guard let process, process.isRunning else { return }
        DispatchQueue.global().asyncAfter(deadline: .now() + 1) {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
    }

    /// The host gave up on the answer to `sequence`. When it is the oldest owed, the process is
    /// stuck on it: it is killed at once and put aside (what else it owed fails), and the next
    /// event starts another.
    func abandon(_ sequence: UInt64) {
        let stuck = state.withLock { state -> (process: Process, owed: [Owed])? in
            guard let index = state.owed.firstIndex(where: { $0.sequence == sequence }) else { return nil }
            state.owed[index].abandoned = true
            guard index == 0, let process = state.process else { return nil }
            let owed = state.owed
            state.generation += 1  // its handlers now change nothing
            state.owed = []
            state.process = nil
            state.input = nil
            state.failures += 1
            state.notBefore = Date().addingTimeInterval(Self.backOff(state.failures))
            return (process, owed)
        }
        guard let (process, owed) = stuck else { return }
        logger.warning("exec bot gave no answer in time; restarting it", metadata: ["command": "\(command)"])
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        for entry in owed where !entry.abandoned { entry.done(.failure("the bot process was restarted: it was stuck on an earlier event")) }
    }

    // MARK: The process

    private func start(_ state: inout State) throws {
        signal(SIGPIPE, SIG_IGN)  // a dead child's pipe must fail a write, not end the emulator
        state.stopped = false
        state.generation += 1
        let generation = state.generation
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "exec \(command)"]
        if let workingDirectory { process.currentDirectoryURL = workingDirectory }
        let input = Pipe()
        let output = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        output.fileHandleForReading.readabilityHandler = { [weak self] handle in
            self?.received(handle.availableData, generation: generation)
        }
        errors.fileHandleForReading.readabilityHandler = { [weak self] handle in
            self?.receivedError(handle.availableData)
        }
        process.terminationHandler = { [weak self] process in
            output.fileHandleForReading.readabilityHandler = nil
            errors.fileHandleForReading.readabilityHandler = nil
            self?.exited(process, generation: generation)
        }
        try process.run()
        state.process = process
        state.input = input.fileHandleForWriting
        state.outputBuffer = []
        state.discardingLine = false
        logger.info("exec bot started", metadata: ["command": "\(command)", "pid": "\(process.processIdentifier)"])
    }

    private func received(_ data: Data, generation: Int) {
        guard !data.isEmpty else { return }
        var answers: [(Owed, LineResult)] = []
        state.withLock { state in
            guard state.generation == generation else { return }
            for byte in data {
                if byte == UInt8(ascii: "\n") {
                    if state.discardingLine {
                        state.discardingLine = false
                    } else if !state.owed.isEmpty {
                        answers.append((state.owed.removeFirst(), .success(state.outputBuffer)))
                        state.failures = 0
                    } else {
                        logger.warning("exec bot wrote a line nobody asked for; dropped", metadata: ["command": "\(command)"])
                    }
                    state.outputBuffer.removeAll(keepingCapacity: true)
                } else if !state.discardingLine {
                    state.outputBuffer.append(byte)
                    if state.outputBuffer.count > maximumLine {
                        state.outputBuffer.removeAll()
                        state.discardingLine = true
                        if !state.owed.isEmpty {
                            answers.append((state.owed.removeFirst(), .failure("an answer line longer than \(maximumLine) bytes")))
                        }
                    }
                }
            }
        }
        for (owed, result) in answers where !owed.abandoned { owed.done(result) }
    }

    private func receivedError(_ data: Data) {
        guard !data.isEmpty else { return }
        let lines = state.withLock { state -> [String] in
            state.errorBuffer.append(contentsOf: data)
            var lines: [String] = []
            while let newline = state.errorBuffer.firstIndex(of: UInt8(ascii: "\n")) {
                lines.append(String(decoding: state.errorBuffer[..<newline], as: UTF8.self))
                state.errorBuffer.removeSubrange(...newline)
            }
            if state.errorBuffer.count > maximumLine {
                lines.append(String(decoding: state.errorBuffer, as: UTF8.self))
                state.errorBuffer.removeAll()
            }
            return lines
        }
        for line in lines { logger.notice("exec bot: \(line)", metadata: ["command": "\(command)"]) }
    }

    private func exited(_ process: Process, generation: Int) {
        let (owed, stopped) = state.withLock { state -> ([Owed], Bool) in
            guard state.generation == generation else { return ([], true) }
            let owed = state.owed
            state.owed = []
            state.process = nil
            state.input = nil
            state.failures += 1
            state.notBefore = Date().addingTimeInterval(Self.backOff(state.failures))
            return (owed, state.stopped)
        }
        if !stopped {
            logger.error(
                "exec bot exited", metadata: ["command": "\(command)", "status": "\(process.terminationStatus)", "answers owed": "\(owed.count)"])
        }
        for entry in owed where !entry.abandoned {
            entry.done(.failure("the bot process exited (status \(process.terminationStatus)) before it answered"))
        }
    }

    private func fail(all reason: String) {
        let owed = state.withLock { state -> [Owed] in
            defer { state.owed = [] }
            return state.owed
        }
        for entry in owed where !entry.abandoned { entry.done(.failure(reason)) }
    }

    /// Seconds to wait before the next start after `failures` failures in a row: 0 for the first
    /// (a bot that died once restarts with the next event), then 0.25 s doubling up to 8 s.
    static func backOff(_ failures: Int) -> TimeInterval {
        failures <= 1 ? 0 : min(8, 0.25 * pow(2, Double(failures - 2)))
    }
}
