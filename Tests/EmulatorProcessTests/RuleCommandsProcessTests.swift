import Foundation
import Testing

/// `gws-emulator check` and `gws-emulator chat` as scripts use them: streams and exit status.
@Suite struct RuleCommandsProcessTests {
    struct Run {
        var status: Int32
        var standardOutput: String
        var standardError: String
    }

    static func run(_ arguments: [String], input: String = "") throws -> Run {
        let process = Process()
        process.executableURL = EmulatorProcess.binary
        process.arguments = arguments
        let standardInput = Pipe(), standardOutput = Pipe(), standardError = Pipe()
        process.standardInput = standardInput
        process.standardOutput = standardOutput
        process.standardError = standardError
        try process.run()
        standardInput.fileHandleForWriting.write(Data(input.utf8))
        try standardInput.fileHandleForWriting.close()
        let errorData = ReceivedData()
        let errorReader = Thread { errorData.set(standardError.fileHandleForReading.readDataToEndOfFile()) }
        errorReader.start()
        let outputData = standardOutput.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !errorData.isSet { usleep(1_000) }
        return Run(status: process.terminationStatus, standardOutput: String(decoding: outputData, as: UTF8.self),
                   standardError: String(decoding: errorData.value, as: UTF8.self))
    }

    /// A value handed over from the thread that drains standard error.
    final class ReceivedData: @unchecked Sendable {
        // @unchecked: every access holds `lock`.
        private let lock = NSLock()
        private var data: Data?
        func set(_ value: Data) { lock.lock(); data = value; lock.unlock() }
        var isSet: Bool { lock.lock(); defer { lock.unlock() }; return data != nil }
        var value: Data { lock.lock(); defer { lock.unlock() }; return data ?? Data() }
    }

    static func bot(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Bots/\(name)").path
    }

    @Test func check_passesTheShippedBots() throws {
        let run = try Self.run(["check", Self.bot("support.rules"), Self.bot("eliza.rules")])
        #expect(run.status == 0)
        #expect(run.standardOutput.contains("support.rules: ok"))
        #expect(run.standardOutput.contains("eliza.rules: ok"))
        #expect(run.standardError.isEmpty)
    }

    @Test func check_printsFileLineColumnErrors_andExitsNonZero() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("broken-\(UUID()).rules")
        try "rule\n  match é(\n  reply x\nrule\n  match ^(a+)+$\n  reply y\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let run = try Self.run(["check", file.path])
        #expect(run.status == 1)
        #expect(run.standardError.contains("\(file.path):2:11: missing closing parenthesis"))
        #expect(run.standardOutput.contains("1 error"))
        let strict = try Self.run(["check", "--strict", Self.bot("support.rules")])
        #expect(strict.status == 0)
    }

    @Test func chatPlain_printsOnlyTheAgentsTexts_oneALine() throws {
        let run = try Self.run(["chat", "--bot", Self.bot("eliza.rules"), "--plain"], input: "Men are all alike.\nThey're always bugging us about something or other.\n")
        #expect(run.status == 0)
        #expect(run.standardOutput == "HOW DO YOU DO.  PLEASE TELL ME YOUR PROBLEM\nIN WHAT WAY\nCAN YOU THINK OF A SPECIFIC EXAMPLE\n")
    }

    @Test func chatPlainTrace_keepsTheTraceOnStandardError() throws {
        let run = try Self.run(["chat", "--bot", Self.bot("support.rules"), "--plain", "--trace", "--nickname", "Ann"], input: "bye\n")
        #expect(run.standardOutput == "Hi Ann, I'm Sam from Northwind Shop. How can I help you today?\nThanks for shopping with Northwind, Ann. Have a great day!\n")
        #expect(run.standardError.contains("support.rules:"))
        #expect(run.standardError.contains("(goodbye) matched"))
    }

    @Test func chat_reportsABrokenBotFile() throws {
        let run = try Self.run(["chat", "--bot", "/nonexistent/missing.rules", "--plain"])
        #expect(run.status != 0)
        #expect(run.standardError.contains("/nonexistent/missing.rules:1:1: cannot read /nonexistent/missing.rules"))
    }
}
