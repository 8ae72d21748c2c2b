import ArgumentParser
import Foundation
import RuleBot

/// `gws-emulator check FILE...`: parses and compiles rule files and prints every problem.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check .rules files: syntax, patterns, references, examples.",
        discussion: """
        Prints every error and warning as `file:line:column: message` (warnings say `warning:`), \
        columns counted in characters, on standard error, then one summary line per file on \
        standard output. Exits 1 when any file has an error (or a warning, with --strict).
        """
    )

    @Argument(help: "The rule files to check.")
    var files: [String]

    @Flag(help: "Treat warnings as errors.")
    var strict = false

    func validate() throws {
        if files.isEmpty { throw ValidationError("Give at least one .rules file, such as Bots/support.rules.") }
    }

    func run() throws {
        var failed = false
        for file in files {
            do {
                let book = try RuleBookLoader.load(path: file)
                for warning in book.warnings { Self.printError(warning.description) }
                print("\(file): \(book.warnings.isEmpty ? "ok" : "ok with \(book.warnings.count) warning\(book.warnings.count == 1 ? "" : "s")") (\(book.ruleCount) rules and events from \(book.files.count) file\(book.files.count == 1 ? "" : "s"))")
                if strict, !book.warnings.isEmpty { failed = true }
            } catch {
                for diagnostic in error.diagnostics { Self.printError(diagnostic.description) }
                let errors = error.errors.count
                print("\(file): \(errors) error\(errors == 1 ? "" : "s")")
                failed = true
            }
        }
        if failed { throw ExitCode.failure }
    }

    static func printError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
