import Foundation
import Testing

/// `gws-emulator check` and `gws-emulator chat` as scripts use them: streams and exit status.
@Suite struct RuleCommandsProcessTests {
    struct Run {
        var status: Int32
        var standardOutput: String
        var standardError: String
    }

    static func run(_ arguments: [String], input: String = "", in directory: URL? = nil) throws -> Run {
        let process = Process()
        process.executableURL = EmulatorProcess.binary
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
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
        return Run(
            status: process.terminationStatus, standardOutput: String(decoding: outputData, as: UTF8.self),
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

    /// A temporary folder with `files` (relative path: text), removed by `body`'s caller.
    static func folder(_ files: [String: String]) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("check-\(UUID())")
        for (path, text) in files {
            let url = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        return folder
    }

    @Test func check_readsAFolderRecursively_eachFileByItsExtension() throws {
        let folder = try Self.folder([
            "bot.rules": "rule\n  match hi\n  reply hello\n",
            "nested/bot.convo": "bot ../bot.rules\ntest t\n  customer says hi\n  agent says hello\n",
            "nested/deeper/script.replay": "step\n  typing 1s5\n  say x\n  when (\n",
            "notes.txt": "not checked",
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try Self.run(["check", folder.path])
        #expect(run.status == 1)
        #expect(run.standardOutput.contains("bot.rules: ok"))
        #expect(run.standardOutput.contains("nested/bot.convo: ok (1 test of bot ../bot.rules)"))
        #expect(run.standardOutput.contains("script.replay: 2 errors"))
        #expect(run.standardOutput.contains("3 files checked: 2 ok, 1 failed"))
        #expect(!run.standardOutput.contains("notes.txt"))
        #expect(run.standardError.contains("script.replay:2:10: typing needs a duration"))
        #expect(run.standardError.contains("script.replay:4:"))
        #expect(!run.standardError.contains("unknown declaration"), "a .replay file is not read as rules")
    }

    @Test func check_reportsAConvoFileWhoseBotDoesNotLoad() throws {
        let folder = try Self.folder(["t.convo": "bot missing\ntest t\n  customer says hi\n"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try Self.run(["check", folder.appendingPathComponent("t.convo").path])
        #expect(run.status == 1)
        #expect(run.standardError.contains("t.convo:1:5: cannot load bot `missing`"))
    }

    @Test func checkStrict_failsAFileWithWarnings_andSaysSo() throws {
        let folder = try Self.folder(["w.rules": "rule\n  match (a|aa)*$\n  reply x\n"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("w.rules").path
        let lenient = try Self.run(["check", file])
        #expect(lenient.status == 0)
        #expect(lenient.standardOutput.contains("w.rules: ok with 1 warning"))
        let strict = try Self.run(["check", "--strict", file])
        #expect(strict.status == 1)
        #expect(strict.standardOutput == "\(file): failed: 1 warning (--strict)\n")
        #expect(strict.standardError.contains("w.rules:2:9: warning: a repeated group whose alternatives can match the same text"))
    }

    @Test func chat_pipedWithoutPlain_showsBothSides_typingAndWaitingFireIdleRules_andEndsWithTheFarewell() throws {
        let run = try Self.run(["chat", "--bot", Self.bot("support.rules"), "--nickname", "Ann"], input: "hi\n/typing\n/wait 29s\n/wait 1s\n/bogus\n")
        #expect(run.status == 0)
        #expect(
            run.standardOutput == """
                Sam: Hi Ann, I'm Sam from Northwind Shop. How can I help you today?
                > hi
                Sam: Hello, Ann! What can I do for you?
                > /typing
                > /wait 29s
                > /wait 1s
                Sam: Take your time, Ann. I'm here when you're ready.
                > /bogus
                Sam: Thanks for chatting with Northwind Shop. Goodbye!

                """)
        #expect(run.standardError.contains("unknown command /bogus; commands: /typing, /stop, /wait DURATION"))
    }

    @Test func chatPlain_runsTheFarewellAtTheEndOfInput_andTakesSlashLinesAsText() throws {
        let run = try Self.run(["chat", "--bot", Self.bot("support.rules"), "--plain"], input: "/wait 30s\n")
        #expect(run.standardOutput.hasSuffix("Thanks for chatting with Northwind Shop. Goodbye!\n"))
        #expect(run.standardOutput.contains("I'm not sure I understood"), "in --plain, /wait is a customer message")
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
