import ArgumentParser
import BotCatalog
import ConversationTests
import Foundation
import LineFormat
import RuleBot

/// `gws-emulator check PATH...`: checks bot files (`.rules`, `.replay`, `.bot`: the kinds of
/// ``BotKind/all``) and `.convo` files (by extension; folders recursively) and prints every problem.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check .rules, .replay, .bot and .convo files: syntax, patterns, references, examples, dead rules.",
        discussion: """
            Each file is checked by its extension: .rules (rule bots, with their includes), .convo \
            (conversation tests, and that their bot loads), .replay (replay scripts) and .bot \
            (webhook and exec bots: kind, address, settings). Folders are searched recursively for \
            all four. Prints every error and warning as \
            `file:line:column: message` (warnings say `warning:`), columns counted in characters, on \
            standard error, then one summary line per file on standard output. Exits 1 when any file \
            has an error, or, with --strict, a warning (the summary then says the file failed).
            """
    )

    @Argument(help: "The files to check, or folders to search for .rules, .replay, .bot and .convo files.")
    var paths: [String]

    @Flag(help: "Treat warnings as errors: a file with warnings fails, and the exit status is 1.")
    var strict = false

    func validate() throws {
        if paths.isEmpty { throw ValidationError("Give at least one file or folder, such as Bots/support.rules or Bots.") }
    }

    func run() throws {
        var failedFiles = 0
        let files = SourceFileKind.files(in: paths)
        for (file, kind) in files {
            let result = Self.check(file, kind: kind)
            for diagnostic in result.diagnostics { Self.printError(diagnostic.description) }
            let errors = result.diagnostics.filter { $0.severity == .error }.count
            let warnings = result.diagnostics.count - errors
            let fails = errors > 0 || (strict && warnings > 0)
            if fails { failedFiles += 1 }
            print("\(file): \(Self.summary(errors: errors, warnings: warnings, strict: strict, detail: result.detail))")
        }
        if files.count > 1 {
            print("\(files.count) files checked: \(files.count - failedFiles) ok, \(failedFiles) failed")
        }
        if failedFiles > 0 { throw ExitCode.failure }
    }

    /// `ok (19 rules ...)`, `ok with 2 warnings (...)`, `failed: 2 warnings (--strict)`, `3 errors, 1 warning`.
    static func summary(errors: Int, warnings: Int, strict: Bool, detail: String?) -> String {
        func count(_ number: Int, _ noun: String) -> String { "\(number) \(noun)\(number == 1 ? "" : "s")" }
        if errors > 0 { return count(errors, "error") + (warnings > 0 ? ", " + count(warnings, "warning") : "") }
        if warnings > 0, strict { return "failed: \(count(warnings, "warning")) (--strict)" }
        let state = warnings > 0 ? "ok with \(count(warnings, "warning"))" : "ok"
        return state + (detail.map { " (\($0))" } ?? "")
    }

    /// Every diagnostic of one file, and what it holds when it is usable.
    static func check(_ file: String, kind: SourceFileKind?) -> (diagnostics: [SourceDiagnostic], detail: String?) {
        let start = SourceLocation(file: file, line: 1)
        switch kind {
        case .bot(let botKind)?:
            return botKind.check?(file) ?? ([], nil)
        case .conversation?:
            switch ConversationParser.parse(contentsOf: file) {
            case .failure(let errors): return (errors.diagnostics, nil)
            case .success(let conversation):
                do {
                    _ = try ConversationSuite.loadBot(of: conversation)
                } catch {
                    return ([error], nil)
                }
                return ([], "\(conversation.tests.count) test\(conversation.tests.count == 1 ? "" : "s") of bot \(conversation.bot)")
            }
        case nil:
            if !FileManager.default.fileExists(atPath: file) {
                return ([.error(.unreadable, at: start, "no such file or folder")], nil)
            }
            return ([.error(.unreadable, at: start, "not a file check knows: give \(SourceFileKind.extensions) files, or folders that hold them")], nil)
        }
    }

    static func printError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}

/// The kinds of file `check` reads, told apart by extension: the bot files of the kinds of bots
/// (``BotKind/all``: `.rules`, `.replay`, `.bot`) and conversation tests (`.convo`).
enum SourceFileKind {
    case bot(BotKind)
    case conversation

    init?(path: String) {
        if (path as NSString).pathExtension == "convo" {
            self = .conversation
        } else if let kind = BotKind.forFile(path), kind.check != nil {
            self = .bot(kind)
        } else {
            return nil
        }
    }

    /// `.rules, .replay, .bot or .convo`, for messages.
    static var extensions: String {
        let all = BotKind.standard.filter { $0.check != nil }.compactMap { $0.fileExtension.map { "." + $0 } } + [".convo"]
        return all.dropLast().joined(separator: ", ") + " or " + all[all.count - 1]
    }

    /// The files named by `paths`: files as given (whatever their extension, so an unknown one
    /// is reported), folders searched recursively for the known extensions, in path order.
    static func files(in paths: [String]) -> [(path: String, kind: SourceFileKind?)] {
        var result: [(String, SourceFileKind?)] = []
        let manager = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
                result.append((path, SourceFileKind(path: path)))
                continue
            }
            let found = (manager.enumerator(atPath: path)?.allObjects as? [String] ?? [])
                .filter { SourceFileKind(path: $0) != nil }
                .map { (path as NSString).appendingPathComponent($0) }
                .sorted()
            result += found.map { ($0, SourceFileKind(path: $0)) }
        }
        return result
    }
}
