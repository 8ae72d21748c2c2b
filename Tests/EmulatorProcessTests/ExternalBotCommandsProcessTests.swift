import Foundation
import Testing

/// External bots from the command line: `chat --bot exec:COMMAND` and `check` of a `.bot` file.
@Suite struct ExternalBotCommandsProcessTests {
    /// A folder with an echo bot script (`sh` only), removed by the test.
    static func withFolder(_ body: (URL) throws -> Void) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("external-bots-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = #"""
            while IFS= read -r line; do
              case "$line" in
                *'"event":"agentJoined"'*) echo '[{"type":"say","text":"Hello from sh."}]' ;;
                *'"event":"customerText"'*)
                  text=$(printf '%s' "$line" | sed 's/.*"text":"\([^"]*\)".*/\1/')
                  printf '[{"type":"say","text":"you said %s"}]\n' "$text" ;;
                *) echo '[]' ;;
              esac
            done

            """#
        try script.write(to: folder.appendingPathComponent("echo.sh"), atomically: true, encoding: .utf8)
        try body(folder)
    }

    @Test func chat_talksToAnExecBot() throws {
        try Self.withFolder { folder in
            let run = try RuleCommandsProcessTests.run(
                ["chat", "--bot", "exec:sh echo.sh", "--plain"], input: "one\ntwo\n", in: folder)
            #expect(run.status == 0, "\(run.standardError)")
            #expect(run.standardOutput == "Hello from sh.\nyou said one\nyou said two\n")
        }
    }

    @Test func check_readsABotFile_andSaysWhereItIsWrong() throws {
        try Self.withFolder { folder in
            try "kind exec\naddress sh echo.sh\n".write(to: folder.appendingPathComponent("good.bot"), atomically: true, encoding: .utf8)
            try "kind exec\naddress sh echo.sh\ntimeout soon\n".write(to: folder.appendingPathComponent("bad.bot"), atomically: true, encoding: .utf8)
            let run = try RuleCommandsProcessTests.run(["check", "good.bot", "bad.bot"], in: folder)
            #expect(run.status == 1)
            #expect(run.standardOutput.contains("good.bot: ok (exec bot at sh echo.sh)"))
            #expect(run.standardError.contains("bad.bot:3:9: 'soon' is not a duration above zero"))
        }
    }

    @Test func serve_refusesAHandoverTimeoutThatIsNotADuration() throws {
        let run = try RuleCommandsProcessTests.run(["serve", "--port", "0", "--handover-timeout", "soon"])
        #expect(run.status != 0)
        #expect(run.standardError.contains("--handover-timeout must be a duration above zero"))
    }
}
