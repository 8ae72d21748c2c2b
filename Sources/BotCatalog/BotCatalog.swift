import ChatCore
import Foundation
import LastCharacterBot
import Logging
import ReplayBot

/// Turns the bot names users write (`--bot`, a conversation file's `bot:` line) into responders,
/// by the kinds of ``BotKind/all``:
///
/// - `last-character`: the original emulator's bot.
/// - `NAME`: `Bots/NAME.rules` under the bots folder, else `Bots/NAME.replay`, else `Bots/NAME.bot`.
/// - a path ending in `.rules`: that rule file.
/// - `replay:PATH`, `webhook:URL`, `exec:COMMAND`: a bot addressed by its kind's prefix.
public struct BotCatalog: Sendable {
    /// Where bare bot names are looked up (`Bots/` of the working directory by default).
    public var botsDirectory: URL

    /// Where rules bots keep their `customer.NAME` variables across chats and restarts
    /// (`customers/NAME.tsv` under it); `nil` keeps them in memory while the bot is loaded.
    public var customerMemoryDirectory: URL?

    public init(botsDirectory: URL = URL(fileURLWithPath: "Bots", isDirectory: true), customerMemoryDirectory: URL? = nil) {
        self.botsDirectory = botsDirectory
        self.customerMemoryDirectory = customerMemoryDirectory
    }

    /// The prefix of a scripted replay: `replay:PATH`.
    public static let replayPrefix = "replay:"

    /// A bot that was found and loaded.
    public struct LoadedBot: Sendable {
        public var responder: any Responder
        /// The files it was loaded from (for hot reload and coverage); empty for built-in bots.
        public var sourceFiles: [URL]
    }

    /// Loads the bot called `name`.
    /// - Parameter logger: where a rules bot reports reloads and rule files with errors.
    /// - Throws: ``BotCatalogError`` saying what was looked for and where, or the loader's own
    ///   error (with file, line and column) when the bot's file is malformed.
    public func load(_ name: String, logger: Logger = Logger(label: "rules", factory: { _ in SwiftLogNoOpLogHandler() })) throws -> LoadedBot {
        let request = BotKind.Request(catalog: self, logger: logger)
        if name == LastCharacterResponder.botName, let builtIn = BotKind.all.first(where: { $0.name == "built-in" }) {
            return try builtIn.load(name, request)
        }
        if let (kind, address) = BotKind.prefixed(name) { return try kind.load(address, request) }
        if name.hasSuffix(".rules"), let rules = BotKind.all.first(where: { $0.name == "rules" }) { return try rules.load(name, request) }
        if !name.contains("/"), !name.hasPrefix(".") {
            for (kind, fileExtension) in BotKind.fileKinds {
                let path = botsDirectory.appendingPathComponent("\(name).\(fileExtension)").path
                if FileManager.default.fileExists(atPath: path) { return try kind.load(Self.relativeToWorkingDirectory(path), request) }
            }
        }
        throw BotCatalogError(message: "Unknown bot '\(name)'. Use \(BotKind.namingSummary(botsDirectory: botsDirectory.path)).")
    }
}

extension BotCatalog {
    /// A bot that can be chosen by name, for listings (`GET /emulator/bots`).
    public struct Entry: Sendable, Equatable {
        /// The name `--bot` and a RequestChat's `userData.bot` use.
        public var name: String
        /// The ``BotKind/name``: `built-in`, `rules`, `replay` or `external` (a `.bot` file).
        public var kind: String
        /// The file the bot is loaded from; `nil` for a built-in bot.
        public var source: String?
    }

    /// Every bot available by name: the built-in `last-character`, then each file of a kind with
    /// a file extension in the bots folder (`NAME.rules`, `NAME.replay`, `NAME.bot`), by name (an
    /// earlier kind wins over a later one of the same name). A missing folder lists the built-in
    /// bot only.
    public func availableBots() -> [Entry] {
        var entries = [Entry(name: LastCharacterResponder.botName, kind: "built-in", source: nil)]
        let files = (try? FileManager.default.contentsOfDirectory(atPath: botsDirectory.path)) ?? []
        var seen: Set<String> = [LastCharacterResponder.botName]
        for (kind, fileExtension) in BotKind.fileKinds {
            let suffix = "." + fileExtension
            for file in files.sorted() where file.hasSuffix(suffix) && !file.hasPrefix(".") {
                let name = String(file.dropLast(suffix.count))
                guard !name.isEmpty, seen.insert(name).inserted else { continue }
                let path = Self.relativeToWorkingDirectory(botsDirectory.appendingPathComponent(file).path)
                entries.append(Entry(name: name, kind: kind.name, source: path))
            }
        }
        return [entries[0]] + entries.dropFirst().sorted { $0.name < $1.name }
    }
}

/// A bot name that does not name any bot.
public struct BotCatalogError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
