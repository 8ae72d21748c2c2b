import ChatCore
import ExternalBots
import Foundation
import LastCharacterBot
import LineFormat
import Logging
import ReplayBot
import RuleBot

/// One kind of bot: how users name it and how it is loaded. ``BotKind/all`` is the one table of
/// kinds: the catalog, `check`, `serve --help` and `GET /emulator/bots` read it, so adding a kind
/// is one entry here.
public struct BotKind: Sendable {
    /// The kind's name, as `/emulator/bots` lists it: `built-in`, `rules`, `replay`, `webhook`, `exec`.
    public let name: String
    /// How a user names a bot of this kind, for help texts: `webhook:URL`.
    public let syntax: String
    /// What it is, in a few words.
    public let summary: String
    /// The prefix of a name that addresses a bot of this kind directly (`webhook:`), if any.
    public let prefix: String?
    /// What follows the prefix, for help texts: `URL`.
    public let placeholder: String
    /// The file extension of bots of this kind in the bots folder (`rules`), if any.
    public let fileExtension: String?
    /// Loads a bot of this kind from its address (the name after the prefix, or the path of its
    /// file in the bots folder).
    let load: @Sendable (_ address: String, _ request: BotKind.Request) throws -> BotCatalog.LoadedBot
    /// Checks a file of this kind for `gws-emulator check`: its problems, and what it holds
    /// when it is usable (such as `19 rules and events from 2 files`).
    let check: @Sendable (_ path: String) -> (diagnostics: [SourceDiagnostic], detail: String?)

    /// What a loader gets besides the address.
    struct Request {
        var catalog: BotCatalog
        var logger: Logger
    }

    /// Every kind, in the order help texts list them; a `NAME` in the bots folder is looked up
    /// by extension in this order too (`.rules` first).
    public static let all: [BotKind] = [
        BotKind(
            name: "built-in", syntax: LastCharacterResponder.botName, summary: "the original emulator's bot",
            prefix: nil, placeholder: "", fileExtension: nil, load: { _, _ in BotCatalog.LoadedBot(responder: LastCharacterResponder(), sourceFiles: []) },
            check: { _ in ([], nil) }),
        BotKind(
            name: "rules", syntax: "NAME (Bots/NAME.rules) or PATH.rules", summary: "a rules bot (Bots/README.md)",
            prefix: nil, placeholder: "", fileExtension: "rules", load: { path, request in try request.catalog.loadRules(path, logger: request.logger) },
            check: { path in
                checked(path) {
                    let book = try RuleBookLoader.load(path: path)
                    return (book.warnings, "\(book.ruleCount) rules and events from \(book.files.count) file\(book.files.count == 1 ? "" : "s")")
                }
            }),
        BotKind(
            name: "replay", syntax: "replay:PATH or NAME (Bots/NAME.replay)", summary: "a scripted replay, transcript or chat journal",
            prefix: "replay:", placeholder: "PATH", fileExtension: "replay",
            load: { path, _ in
                guard !path.isEmpty else {
                    throw BotCatalogError(message: "replay: needs a path, such as replay:Bots/demo.replay, replay:transcript.json or replay:chats/ID.jsonl.")
                }
                return BotCatalog.LoadedBot(responder: try ReplayResponder(contentsOf: path), sourceFiles: [URL(fileURLWithPath: path)])
            },
            check: { path in
                checked(path) {
                    _ = try ReplayResponder(contentsOf: path)
                    return ([], "replay script")
                }
            }),
        BotKind(
            name: "webhook", syntax: "webhook:URL", summary: "an HTTP endpoint that gets each event as JSON (docs/external-bots.md)",
            prefix: "webhook:", placeholder: "URL", fileExtension: nil,
            load: { address, request in try loadWebhook(address, settings: ExternalBotSettings(), logger: request.logger) },
            check: { _ in ([], nil) }),
        BotKind(
            name: "exec", syntax: "exec:COMMAND", summary: "a child process that reads events and writes answers, one JSON line each",
            prefix: "exec:", placeholder: "COMMAND", fileExtension: nil,
            load: { command, request in try loadExec(command, settings: ExternalBotSettings(), logger: request.logger) },
            check: { _ in ([], nil) }),
        BotKind(
            name: "external", syntax: "NAME (Bots/NAME.bot)", summary: "a webhook or exec bot with its settings (kind, address, timeout, fallback)",
            prefix: nil, placeholder: "", fileExtension: "bot",
            load: { path, request in
                let text: String
                do {
                    text = try String(contentsOfFile: path, encoding: .utf8)
                } catch {
                    throw BotCatalogError(message: "\(path): cannot read the file: \(error.localizedDescription)")
                }
                let file = try BotFile(text: text, file: path)
                let loaded = file.kind == "webhook"
                    ? try loadWebhook(file.address, settings: file.settings, logger: request.logger)
                    : try loadExec(
                        file.address, settings: file.settings, logger: request.logger,
                        workingDirectory: URL(fileURLWithPath: path).deletingLastPathComponent())
                return BotCatalog.LoadedBot(responder: loaded.responder, sourceFiles: [URL(fileURLWithPath: path)])
            },
            check: { path in
                checked(path) {
                    let file = try BotFile(text: try String(contentsOfFile: path, encoding: .utf8), file: path)
                    return ([], "\(file.kind) bot at \(file.address)")
                }
            }),
    ]

    /// The kind whose prefix starts `name`, with the address after it.
    static func prefixed(_ name: String) -> (BotKind, String)? {
        for kind in all {
            if let prefix = kind.prefix, name.hasPrefix(prefix) { return (kind, String(name.dropFirst(prefix.count))) }
        }
        return nil
    }

    /// The kind of bot whose files end in `.EXTENSION`, if any.
    public static func forFile(_ path: String) -> BotKind? {
        let fileExtension = (path as NSString).pathExtension
        return all.first { $0.fileExtension == fileExtension }
    }

    /// Checks the bot file at `path` (see ``forFile(_:)``).
    public func check(file path: String) -> (diagnostics: [SourceDiagnostic], detail: String?) { check(path) }

    /// The kinds of bots the bots folder holds as files, by extension.
    public static var fileKinds: [(kind: BotKind, fileExtension: String)] { all.compactMap { kind in kind.fileExtension.map { (kind, $0) } } }

    /// One line per kind, for help texts: `webhook:URL: an HTTP endpoint ...`.
    public static var helpLines: [String] { all.map { "\($0.syntax): \($0.summary)" } }

    /// How names are written, for `--bot`'s help and the error for an unknown name:
    /// `last-character, a name from Bots (NAME for NAME.rules, NAME.replay or NAME.bot), a path
    /// to a .rules file, replay:PATH, webhook:URL or exec:COMMAND`.
    public static func namingSummary(botsDirectory: String) -> String {
        let files = fileKinds.map { "NAME.\($0.fileExtension)" }
        let prefixed = all.compactMap { kind in kind.prefix.map { $0 + kind.placeholder } }
        return "\(LastCharacterResponder.botName), a name from \(botsDirectory) (NAME for \(list(files, "or"))), a path to a .rules file, "
            + list(prefixed, "or")
    }

    private static func list(_ items: [String], _ last: String) -> String {
        items.count < 2 ? items.joined() : items.dropLast().joined(separator: ", ") + " \(last) " + items[items.count - 1]
    }

    /// Runs a check, turning its thrown diagnostics (or any other error) into the result.
    private static func checked(
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
            throw BotCatalogError(message: "exec: needs a command, such as exec:python3 Examples/bots/echo.py.")
        }
        return BotCatalog.LoadedBot(responder: ExecResponder(command: command, workingDirectory: workingDirectory, settings: settings, logger: logger), sourceFiles: [])
    }
}
