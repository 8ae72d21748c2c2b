import ChatCore
import Foundation
import LastCharacterBot
import Logging
import ReplayBot

/// Turns the bot names users write (`--bot`, a conversation file's `bot:` line) into responders.
///
/// - `last-character`: the original emulator's bot.
/// - `NAME`: `Bots/NAME.rules` under the bots folder, else `Bots/NAME.replay`.
/// - a path ending in `.rules`: that rule file.
/// - `replay:PATH`: a scripted replay (`.replay` script, saved transcript or chat journal).
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
        if name == LastCharacterResponder.botName {
            return LoadedBot(responder: LastCharacterResponder(), sourceFiles: [])
        }
        if name.hasPrefix(Self.replayPrefix) {
            let path = String(name.dropFirst(Self.replayPrefix.count))
            guard !path.isEmpty else {
                throw BotCatalogError(message: "replay: needs a path, such as replay:Bots/demo.replay, replay:transcript.json or replay:chats/ID.jsonl.")
            }
            return LoadedBot(responder: try ReplayResponder(contentsOf: path), sourceFiles: [URL(fileURLWithPath: path)])
        }
        if let rulesPath = rulesFile(for: name) { return try loadRules(rulesPath, logger: logger) }
        if !name.contains("/"), !name.hasPrefix(".") {
            let replayPath = botsDirectory.appendingPathComponent("\(name).replay").path
            if FileManager.default.fileExists(atPath: replayPath) {
                let path = Self.relativeToWorkingDirectory(replayPath)
                return LoadedBot(responder: try ReplayResponder(contentsOf: path), sourceFiles: [URL(fileURLWithPath: path)])
            }
        }
        throw BotCatalogError(message: "Unknown bot '\(name)'. Use \(LastCharacterResponder.botName), a name from \(botsDirectory.path) (NAME for NAME.rules), a path to a .rules file, or replay:PATH.")
    }
}

extension BotCatalog {
    /// A bot that can be chosen by name, for listings (`GET /emulator/bots`).
    public struct Entry: Sendable, Equatable {
        /// The name `--bot` and a RequestChat's `userData.bot` use.
        public var name: String
        /// `built-in`, `rules` or `replay`.
        public var kind: String
        /// The file the bot is loaded from; `nil` for a built-in bot.
        public var source: String?
    }

    /// Every bot available by name: the built-in `last-character`, then each `NAME.rules` and
    /// `NAME.replay` in the bots folder, by name (a `.rules` file wins over a `.replay` of the
    /// same name). A missing folder lists the built-in bot only.
    public func availableBots() -> [Entry] {
        var entries = [Entry(name: LastCharacterResponder.botName, kind: "built-in", source: nil)]
        let files = (try? FileManager.default.contentsOfDirectory(atPath: botsDirectory.path)) ?? []
        var seen: Set<String> = [LastCharacterResponder.botName]
        for (suffix, kind) in [(".rules", "rules"), (".replay", "replay")] {
            for file in files.sorted() where file.hasSuffix(suffix) && !file.hasPrefix(".") {
                let name = String(file.dropLast(suffix.count))
                guard !name.isEmpty, seen.insert(name).inserted else { continue }
                let path = Self.relativeToWorkingDirectory(botsDirectory.appendingPathComponent(file).path)
                entries.append(Entry(name: name, kind: kind, source: path))
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
