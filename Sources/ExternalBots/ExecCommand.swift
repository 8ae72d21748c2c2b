package import Foundation

/// The program an `exec:` command starts, found before the bot's first event: a command whose
/// program does not exist would otherwise cost every event its fallback and a log error.
package enum ExecCommand {
    /// Why `command` cannot start (its first word is no executable file on `PATH`, or at its path
    /// from `workingDirectory`), or `nil` when it can or the shell decides (a first word that is an
    /// assignment, a shell keyword or builtin, or holds quotes or expansions).
    package static func problem(with command: String, workingDirectory: URL?, path: String? = ProcessInfo.processInfo.environment["PATH"]) -> String? {
        guard let program = command.split(whereSeparator: \.isWhitespace).first.map(String.init) else { return "the command is empty" }
        guard !shellWords.contains(program), !program.contains(where: { "=$`'\"\\(){};&|<>*?~".contains($0) }) else { return nil }
        let fileManager = FileManager.default
        if program.contains("/") {
            let base = workingDirectory ?? URL(fileURLWithPath: fileManager.currentDirectoryPath)
            let file = program.hasPrefix("/") ? program : base.appendingPathComponent(program).standardizedFileURL.path
            return fileManager.isExecutableFile(atPath: file) ? nil : "the program \(program) is not an executable file (looked for \(file))"
        }
        let folders = (path ?? "").split(separator: ":").map(String.init)
        for folder in folders where fileManager.isExecutableFile(atPath: folder + "/" + program) { return nil }
        return "the program \(program) is not found on PATH"
    }

    /// Words `/bin/sh` runs itself: the check leaves them to the shell.
    private static let shellWords: Set<String> = [
        ".", ":", "[", "cd", "command", "eval", "exec", "export", "set", "test", "trap", "ulimit", "umask", "unset",
        "if", "for", "while", "until", "case", "!", "{",
    ]
}
