import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `gws-emulator serve` that cannot start exits with status 1 and one line on standard error
/// that says why, never a crash. Each case runs the binary several times: the crash this guards
/// against (the clock's timer thread reading a freed clock) hit most runs, but not all.
@Suite struct StartupFailureProcessTests {
    static let runsPerCase = 8

    struct Outcome {
        var exitedNormally: Bool
        var status: Int32
        var standardError: String
    }

    /// Runs `serve ARGS` with a fast bot; kills it if it is still running after 20 s (it should
    /// never start).
    static func serve(_ arguments: [String], in folder: URL) throws -> Outcome {
        let process = Process()
        process.executableURL = EmulatorProcess.binary
        process.currentDirectoryURL = folder
        process.arguments = ["serve", "--host", "127.0.0.1", "--system-interval", "0"] + arguments
        let standardError = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = standardError
        try process.run()
        let watchdog = DispatchWorkItem { if process.isRunning { process.interrupt() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + 20, execute: watchdog)
        let errorText = standardError.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        watchdog.cancel()
        return Outcome(
            exitedNormally: process.terminationReason == .exit, status: process.terminationStatus,
            standardError: String(decoding: errorText, as: UTF8.self))
    }

    /// A scratch folder for one case, removed afterwards.
    static func withFolder(_ body: (URL) throws -> Void) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("startup-failure-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try body(folder)
    }

    /// Each flag value of `cases` stops `serve` before it starts (a usage error, not exit 0), and
    /// its standard error says the expected text.
    static func expectRefused(_ cases: [(arguments: [String], message: String)]) throws {
        try withFolder { folder in
            for (arguments, expected) in cases {
                let outcome = try serve(arguments, in: folder)
                #expect(outcome.exitedNormally && outcome.status != 0, "\(arguments)")
                #expect(outcome.standardError.contains(expected), "\(arguments): \(outcome.standardError)")
            }
        }
    }

    static func expectOneLineFailure(_ arguments: [String], in folder: URL, saying expected: String) throws {
        for run in 1...runsPerCase {
            let outcome = try serve(arguments, in: folder)
            #expect(outcome.exitedNormally, "run \(run): killed by signal \(outcome.status); stderr: \(outcome.standardError)")
            #expect(outcome.status == 1, "run \(run): exit status \(outcome.status)")
            #expect(outcome.standardError == "gws-emulator: cannot start: \(expected)\n", "run \(run)")
        }
    }

    @Test func dataFolderThatIsAFile_exits1WithOneLine() throws {
        try Self.withFolder { folder in
            try Data("a file".utf8).write(to: folder.appendingPathComponent("data"))
            try Self.expectOneLineFailure(
                ["--port", "0", "--data", "data"], in: folder,
                saying: "The data folder \(folder.path)/data is a file, not a folder; give a folder (it is created when missing).")
        }
    }

    @Test func dataFolderWhoseChatsCannotBeCreated_exits1WithOneLine() throws {
        try Self.withFolder { folder in
            try FileManager.default.createDirectory(at: folder.appendingPathComponent("data"), withIntermediateDirectories: true)
            try Data("in the way".utf8).write(to: folder.appendingPathComponent("data/chats"))
            try Self.expectOneLineFailure(
                ["--port", "0", "--data", "data"], in: folder,
                saying: "Cannot restore the chats in \(folder.path)/data: \(folder.path)/data/chats: File exists.")
        }
    }

    @Test func portInUse_exits1WithOneLine() throws {
        try Self.withFolder { folder in
            let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(listener) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = 0
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            try withUnsafeMutablePointer(to: &address) { pointer in
                try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                    guard bind(listener, raw, length) == 0, listen(listener, 1) == 0, getsockname(listener, raw, &length) == 0 else {
                        throw EmulatorProcessError(message: "cannot listen on a free port: errno \(errno)")
                    }
                }
            }
            let port = Int(UInt16(bigEndian: address.sin_port))
            try Self.expectOneLineFailure(
                ["--port", "\(port)", "--data", "data"], in: folder,
                saying: "Cannot listen on 127.0.0.1:\(port): Address already in use (errno 98). Choose another port or stop the process using it.")
        }
    }

    @Test func unknownBot_exits1WithOneLine() throws {
        try Self.withFolder { folder in
            try Self.expectOneLineFailure(
                ["--port", "0", "--data", "data", "--bot", "nobody"], in: folder,
                saying: "Unknown bot 'nobody'. Use last-character, a name from \(folder.path)/Bots (NAME for NAME.rules, NAME.replay or NAME.bot), a path to a .rules file, replay:PATH, webhook:URL or exec:COMMAND.")
        }
    }

    @Test func ruleFileWithErrors_exits1WithOneLine() throws {
        try Self.withFolder { folder in
            try "rule broken\n  match (unclosed\n  reply hi\n".write(to: folder.appendingPathComponent("broken.rules"), atomically: false, encoding: .utf8)
            for run in 1...Self.runsPerCase {
                let outcome = try Self.serve(["--port", "0", "--data", "data", "--bot", "broken.rules"], in: folder)
                #expect(outcome.exitedNormally && outcome.status == 1, "run \(run): status \(outcome.status)")
                let lines = outcome.standardError.split(separator: "\n")
                #expect(lines.count == 1, "run \(run): \(outcome.standardError)")
                #expect(lines.first?.hasPrefix("gws-emulator: cannot start: Cannot load the bot 'broken.rules': broken.rules:2:") == true, "\(outcome.standardError)")
            }
        }
    }
}
