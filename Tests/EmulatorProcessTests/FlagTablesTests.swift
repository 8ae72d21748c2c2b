import Foundation
import Testing

/// The tables of commands and flags stay true: every flag a command's `--help` lists is in
/// README.md's table, and every flag of `serve` is in docs/commands.md, so a new flag cannot ship
/// undocumented.
@Suite struct FlagTablesTests {
    static let commands = ["serve", "check", "chat", "test"]

    /// The `--flag` names of `gws-emulator COMMAND --help`, `--help` and `--version` aside.
    static func flags(of command: String) throws -> Set<String> {
        let process = Process()
        process.executableURL = EmulatorProcess.binary
        process.arguments = [command, "--help"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let help = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let names = help.matches(of: /--[a-z][a-z-]*[a-z]/).map { String($0.output) }
        return Set(names).subtracting(["--help", "--version"])
    }

    /// Whether `text` names `flag` as a whole word (`--file-max-size` does not count as `--file-max`).
    static func names(_ text: String, _ flag: String) -> Bool {
        text.ranges(of: flag).contains { range in
            range.upperBound == text.endIndex || !(text[range.upperBound].isLetter || text[range.upperBound] == "-")
        }
    }

    @Test(arguments: commands) func readme_namesEveryFlag(of command: String) throws {
        let readme = ReadmeTests.text(of: "README.md")
        let flags = try Self.flags(of: command)
        #expect(!flags.isEmpty, "\(command) --help lists flags")
        let missing = flags.sorted().filter { !Self.names(readme, $0) }
        #expect(missing.isEmpty, "README.md's table of commands and flags lacks \(command)'s \(missing)")
    }

    @Test func commandsPage_namesEveryServeFlag() throws {
        let page = ReadmeTests.text(of: "docs/commands.md")
        let missing = try Self.flags(of: "serve").sorted().filter { !Self.names(page, $0) }
        #expect(missing.isEmpty, "docs/commands.md's serve table lacks \(missing)")
    }
}
