import Foundation
import Testing

/// `gws-emulator test` as CI runs it: output, summary line, exit status, JUnit file, `--url`.
@Suite struct TestCommandProcessTests {
    struct Run {
        var status: Int32
        var output: String
    }

    static func runTest(_ arguments: [String]) throws -> Run {
        let process = Process()
        process.executableURL = EmulatorProcess.binary
        process.arguments = ["test"] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }

    static func folder(with files: [String: String]) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("convo-process-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (name, text) in files {
            try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return folder
    }

    static let passing = "bot last-character\ntest echoes\n  customer says hi\n  agent says hi to you too!\n"
    static let failing = "bot last-character\ntest wrong\n  customer says Hi!\n  agent says Ok.\n"

    @Test func allPassing_printsOneLinePerTestAndTheSummary_andExitsZero() throws {
        let folder = try Self.folder(with: ["a.convo": Self.passing])
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try Self.runTest([folder.path])
        #expect(run.status == 0)
        #expect(run.output == "ok   \(folder.path)/a.convo: echoes\n1 passed, 0 failed\n")
    }

    @Test func aFailure_exitsNonZero_writesJUnit_andShowsTheDifference() throws {
        let folder = try Self.folder(with: ["a.convo": Self.passing, "b.convo": Self.failing])
        defer { try? FileManager.default.removeItem(at: folder) }
        let junit = folder.appendingPathComponent("results.xml").path
        let run = try Self.runTest([folder.path, "--junit", junit])
        #expect(run.status == 1)
        #expect(run.output.hasSuffix("\n1 passed, 1 failed\n"))
        #expect(run.output.contains("\(folder.path)/b.convo:4:3: expected exactly \"Ok.\", but got \"Neat.\""))
        let xml = try String(contentsOfFile: junit, encoding: .utf8)
        #expect(xml.contains("tests=\"2\" failures=\"1\""))
    }

    @Test func aMalformedFile_isReportedWithFileLineAndColumn_andFails() throws {
        let folder = try Self.folder(with: ["bad.convo": "bot last-character\ntest t\n  agent sings\n"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try Self.runTest([folder.path])
        #expect(run.status == 1)
        #expect(run.output.contains("\(folder.path)/bad.convo:3:9: `agent` must be followed by one of"))
        #expect(run.output.hasSuffix("0 passed, 1 failed\n"))
    }

    @Test func url_runsTheSameFileAgainstALiveEmulator() throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("live-\(UUID())")
        defer { try? FileManager.default.removeItem(at: data) }
        let server = try EmulatorProcess(arguments: ["--agent-join-delay", "0", "--reply-delay", "0", "--system-interval", "0", "--data", data.path])
        defer { _ = server.terminate() }
        let folder = try Self.folder(with: ["a.convo": Self.passing, "b.convo": Self.failing])
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try Self.runTest([folder.path, "--url", "http://127.0.0.1:\(server.port)/api"])
        #expect(run.status == 1)
        #expect(run.output.contains("ok   \(folder.path)/a.convo: echoes\n"))
        #expect(run.output.hasSuffix("1 passed, 1 failed\n"))
    }

    /// Two rules bots that hand the chat to each other: Dee (desk) on "billing", Bill on "back";
    /// Dee answers the customer's notice and new nickname.
    static let transferBots = [
        "desk.rules": """
        agent Dee
        option typing off
        rule
          match billing
          reply => transfer to billing
        on notice
          reply Noted: {$message}.
        on nickname
          reply Hello {$nickname}.
        fallback
          reply Dee here.

        """,
        "billing.rules": "agent Bill\noption typing off\nrule\n  match back\n  reply => transfer to desk\nfallback\n  reply Bill here.\n",
        "back.convo": """
        bot desk
        userdata bot = desk
        test a transfer back, and the saved transcript
          customer says hello
          agent says Dee here.
          customer says billing
          agent transfers to Bill
          customer says back
          agent transfers back to Dee
          state Chatting
          customer completes
          transcript saved
          state Idle
          capabilities none

        """,
        "gms.convo": """
        bot desk
        userdata bot = desk
        test what only GMS can do
          customer notices card declined
          agent says Noted: card declined.
          customer changes nickname to Annie
          agent says Hello Annie.

        """,
    ]

    /// The same files through the server's GWS API and through its GMS front: live, where the
    /// server's bots folder lets one bot hand the chat to another (offline, a transfer goes to a
    /// person of that name).
    @Test func url_theSameFiles_passThroughGWS_andGMS_andAGMSOnlyStepSaysSoOnGWS() throws {
        let folder = try Self.folder(with: Self.transferBots)
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("live-\(UUID())")
        defer { try? FileManager.default.removeItem(at: data) }
        let quick = ["--agent-join-delay", "0", "--reply-delay", "0", "--system-interval", "0", "--bots", folder.path]
        let server = try EmulatorProcess(arguments: quick + ["--transcript-save-done", "--data", data.path])
        defer { _ = server.terminate() }
        let back = folder.appendingPathComponent("back.convo").path
        let gms = folder.appendingPathComponent("gms.convo").path
        let throughGMS = try Self.runTest([back, gms, "--url", "http://127.0.0.1:\(server.port)/genesys/2/chat/customer-support"])
        #expect(throughGMS.status == 0, "\(throughGMS.output)")
        #expect(throughGMS.output.hasSuffix("2 passed, 0 failed\n"))
        let throughGWS = try Self.runTest([back, gms, "--url", "http://127.0.0.1:\(server.port)/api"])
        #expect(throughGWS.status == 1)
        #expect(throughGWS.output.contains("ok   \(back): a transfer back, and the saved transcript\n"))
        #expect(throughGWS.output.contains("\(gms):4:3: the chat refused `customer notices card declined`: the GWS API has no operation for this step (it is a GMS operation); run this test offline, without --url, or through the server's GMS front, --url http://HOST:PORT/genesys/2/chat/SERVICE"), "\(throughGWS.output)")
        #expect(throughGWS.output.hasSuffix("1 passed, 1 failed\n"))
    }

    @Test func help_saysHowToChooseTheFront() throws {
        let run = try Self.runTest(["--help"])
        // Help wraps its lines: compare the words.
        let words = run.output.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(words.contains("(http://127.0.0.1:8888/genesys/2/chat/SERVICE) to test through the GMS front"), "\(run.output)")
        #expect(words.contains("the customer's notices, pushed pages and new nicknames need GMS"))
    }
}
