import ChatCore
import ExternalBots
package import Foundation
import LastCharacterBot
package import LineFormat
package import Logging
import ReplayBot
import RuleBot

/// One kind of bot the ``BotCatalog`` can load: how users name it and how it is made.
///
/// The catalog's ``BotCatalog/kinds`` table holds one entry per kind; a new kind of bot is one
/// more entry there, and listing (`GET /emulator/bots`), `--bot`, `userData.bot` and conversation
/// files' `bot:` lines all find it, and `check` (``check``), `serve --help` (``helpLines``) and
/// the message for an unknown name (``namingSummary(of:botsDirectory:)``) read it.
package struct BotKind: Sendable {
    /// The kind's name in listings: `built-in`, `rules`, `replay`, `webhook`, `exec`, `external`.
    package var name: String
    /// How a user names a bot of this kind, for help texts: `webhook:URL`.
    package var syntax: String
    /// What it is, in a few words, for help texts.
    package var summary: String
    /// What follows ``pathPrefix``, for help texts and errors: `PATH`, `URL`, `COMMAND`.
    package var placeholder: String
    /// An example of a name with ``pathPrefix``, for the error about an empty one.
    package var example: String?
    /// The bots of this kind in the bots folder are its `NAME.EXT` files; `nil` when the kind has
    /// no files there.
    package var fileExtension: String?
    /// Whether a bot name ending in `.EXT` is the path of a file of this kind (`--bot my/bot.rules`).
    package var loadsPathsByExtension: Bool
    /// `PREFIX:ADDRESS` loads the bot at ADDRESS as this kind (`replay:PATH`, `webhook:URL`,
    /// `exec:COMMAND`); `nil` when it has none.
    package var pathPrefix: String?
    /// The names this kind serves without any file (`last-character`).
    package var builtInNames: [String]
    /// Makes the bot `source` describes.
    package var load: @Sendable (_ source: BotSource) throws -> BotCatalog.LoadedBot
    /// Checks a file of this kind for `gws-emulator check`: its problems, and what it holds when
    /// it is usable (such as `19 rules and events from 2 files`); `nil` for a kind without files.
    package var check: (@Sendable (_ path: String) -> (diagnostics: [SourceDiagnostic], detail: String?))?

    package init(
        name: String, syntax: String = "", summary: String = "", placeholder: String = "PATH", example: String? = nil,
        fileExtension: String? = nil, loadsPathsByExtension: Bool = false, pathPrefix: String? = nil,
        builtInNames: [String] = [], check: (@Sendable (_ path: String) -> (diagnostics: [SourceDiagnostic], detail: String?))? = nil,
        load: @escaping @Sendable (_ source: BotSource) throws -> BotCatalog.LoadedBot
    ) {
        self.name = name
        self.syntax = syntax
        self.summary = summary
        self.placeholder = placeholder
        self.example = example
        self.check = check
        self.fileExtension = fileExtension
        self.loadsPathsByExtension = loadsPathsByExtension
        self.pathPrefix = pathPrefix
        self.builtInNames = builtInNames
        self.load = load
    }
}

/// What a ``BotKind`` is asked to load.
package struct BotSource: Sendable {
    /// The bot's name: a built-in name, or the stem of its file (`support` for `Bots/support.rules`).
    package var name: String
    /// The bot's file (relative to the working directory when it lies under it); `nil` for a
    /// built-in bot.
    package var path: String?
    /// Where the bot reports reloads and files with errors.
    package var logger: Logger
    /// Where bots keep what they remember of customers across restarts (rules bots:
    /// `customers/NAME.tsv` under it); `nil` keeps it in memory.
    package var customerMemoryDirectory: URL?
}

extension BotKind {
    /// The kinds every catalog knows, in the order a bare name is looked up in the bots folder
    /// (a `NAME.rules` wins over a `NAME.replay`).
    package static let standard: [BotKind] = [.builtIn, .rules, .replay, .external, .webhook, .exec]

    /// `last-character`: the original emulator's bot.
    package static let builtIn = BotKind(
        name: "built-in", syntax: LastCharacterResponder.botName, summary: "the original emulator's bot",
        builtInNames: [LastCharacterResponder.botName]
    ) { _ in
        BotCatalog.LoadedBot(responder: LastCharacterResponder(), sourceFiles: [])
    }

    /// `NAME.rules`: a rules bot, reloaded when its files change once it is served with
    /// ``ServingOptions/watchFiles``.
    package static let rules = BotKind(
        name: "rules", syntax: "NAME (Bots/NAME.rules) or PATH.rules", summary: "a rules bot (Bots/README.md)",
        fileExtension: "rules", loadsPathsByExtension: true,
        check: { path in
            checked(path) {
                let book = try RuleBookLoader.load(path: path)
                return (book.warnings, "\(book.ruleCount) rules and events from \(book.files.count) file\(book.files.count == 1 ? "" : "s")")
            }
        }
    ) { source in
        try BotCatalog.loadRules(source)
    }

    /// `NAME.replay` or `replay:PATH`: a scripted replay (`.replay` script, saved transcript or
    /// chat journal).
    package static let replay = BotKind(
        name: "replay", syntax: "replay:PATH or NAME (Bots/NAME.replay)", summary: "a scripted replay, transcript or chat journal",
        example: "replay:Bots/demo.replay, replay:transcript.json or replay:chats/ID.jsonl", fileExtension: "replay", pathPrefix: "replay:",
        check: { path in
            checked(path) {
                _ = try ReplayResponder(contentsOf: path)
                return ([], "replay script")
            }
        }
    ) { source in
        let path = source.path ?? source.name
        return BotCatalog.LoadedBot(responder: try ReplayResponder(contentsOf: path), sourceFiles: [URL(fileURLWithPath: path)])
    }

    /// `webhook:URL`: an HTTP endpoint that gets each event as JSON (docs/external-bots.md).
    package static let webhook = BotKind(
        name: "webhook", syntax: "webhook:URL", summary: "an HTTP endpoint that gets each event as JSON (docs/external-bots.md)",
        placeholder: "URL", example: "webhook:http://127.0.0.1:5005/", pathPrefix: "webhook:"
    ) { source in
        try loadWebhook(source.path ?? "", settings: ExternalBotSettings(), logger: source.logger)
    }

    /// `exec:COMMAND`: a child process that reads events and writes answers, one JSON line each.
    package static let exec = BotKind(
        name: "exec", syntax: "exec:COMMAND", summary: "a child process that reads events and writes answers, one JSON line each",
        placeholder: "COMMAND", example: "exec:python3 Examples/bots/forms_bot.py", pathPrefix: "exec:"
    ) { source in
        try loadExec(source.path ?? "", settings: ExternalBotSettings(), logger: source.logger)
    }

    /// `NAME.bot`: a webhook or exec bot with its settings (``BotFile``); an exec bot's command
    /// runs in the file's folder.
    package static let external = BotKind(
        name: "external", syntax: "NAME (Bots/NAME.bot)", summary: "a webhook or exec bot with its settings (kind, address, timeout, fallback)",
        fileExtension: "bot",
        check: { path in
            checked(path) {
                let file = try BotFile(text: try String(contentsOfFile: path, encoding: .utf8), file: path)
                let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
                if file.kind == "exec", let problem = ExecCommand.problem(with: file.address, workingDirectory: folder) {
                    return ([.error(.invalidValue, at: SourceLocation(file: path, line: 1), "the command \(file.address) cannot start: \(problem)")], nil)
                }
                return ([], "\(file.kind) bot at \(file.address)")
            }
        }
    ) { source in
        let path = source.path ?? source.name
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw BotCatalogError(message: "\(path): cannot read the file: \(error.localizedDescription)")
        }
        let file = try BotFile(text: text, file: path)
        let loaded =
            file.kind == "webhook"
            ? try loadWebhook(file.address, settings: file.settings, logger: source.logger)
            : try loadExec(
                file.address, settings: file.settings, logger: source.logger,
                workingDirectory: URL(fileURLWithPath: path).deletingLastPathComponent())
        return BotCatalog.LoadedBot(responder: loaded.responder, sourceFiles: [URL(fileURLWithPath: path)])
    }
}

// MARK: - What help texts and `check` read

extension BotKind {
    /// The kind of bot whose files end in `.EXTENSION`, among `kinds`.
    package static func forFile(_ path: String, among kinds: [BotKind] = standard) -> BotKind? {
        let fileExtension = (path as NSString).pathExtension
        return kinds.first { $0.fileExtension == fileExtension }
    }

    /// One line per kind, for help texts: `webhook:URL: an HTTP endpoint ...`.
    package static func helpLines(of kinds: [BotKind] = standard) -> [String] {
        kinds.map { "\($0.syntax): \($0.summary)" }
    }

    /// How names are written, for `--bot`'s help and the error for an unknown name:
    /// `last-character, a name from Bots (NAME for NAME.rules, NAME.replay or NAME.bot), a path
    /// to a .rules file, replay:PATH, webhook:URL or exec:COMMAND`.
    package static func namingSummary(of kinds: [BotKind] = standard, botsDirectory: String) -> String {
        let builtIns = kinds.flatMap(\.builtInNames)
        let files = kinds.compactMap { $0.fileExtension.map { "NAME.\($0)" } }
        let paths = kinds.filter(\.loadsPathsByExtension).compactMap { $0.fileExtension.map { "a path to a .\($0) file" } }
        let prefixed = kinds.compactMap { kind in kind.pathPrefix.map { $0 + kind.placeholder } }
        return (builtIns + ["a name from \(botsDirectory) (NAME for \(list(files)))"] + paths).joined(separator: ", ") + ", " + list(prefixed)
    }

    private static func list(_ items: [String]) -> String {
        items.count < 2 ? items.joined() : items.dropLast().joined(separator: ", ") + " or " + items[items.count - 1]
    }

    /// Runs a check, turning its thrown diagnostics (or any other error) into the result.
    static func checked(
        _ path: String, _ body: () throws -> (diagnostics: [SourceDiagnostic], detail: String?)
    ) -> (diagnostics: [SourceDiagnostic], detail: String?) {
        do {
            return try body()
        } catch let error as SourceDiagnostics {
            return (error.diagnostics, nil)
        } catch {
            return ([.error(.unreadable, at: SourceLocation(file: path, line: 1), "\(error)")], nil)
        }
    }

    private static func loadWebhook(_ address: String, settings: ExternalBotSettings, logger: Logger) throws -> BotCatalog.LoadedBot {
        guard let url = BotFile.webhookURL(address) else {
            throw BotCatalogError(message: "webhook: needs an http:// or https:// URL, such as webhook:http://127.0.0.1:5005/bot, not '\(address)'.")
        }
        return BotCatalog.LoadedBot(responder: WebhookResponder(url: url, settings: settings, logger: logger), sourceFiles: [])
    }

    private static func loadExec(
        _ command: String, settings: ExternalBotSettings, logger: Logger, workingDirectory: URL? = nil
    ) throws -> BotCatalog.LoadedBot {
        guard !command.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw BotCatalogError(message: "exec: needs a command, such as exec:python3 Examples/bots/forms_bot.py.")
        }
        if let problem = ExecCommand.problem(with: command, workingDirectory: workingDirectory) {
            throw BotCatalogError(message: "exec:\(command) cannot start: \(problem).")
        }
        return BotCatalog.LoadedBot(
            responder: ExecResponder(command: command, workingDirectory: workingDirectory, settings: settings, logger: logger), sourceFiles: [])
    }
}
