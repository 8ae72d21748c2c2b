package import ChatCore
package import Foundation
import LastCharacterBot
package import Logging

/// Turns the bot names users write (`--bot`, a conversation file's `bot:` line) into responders,
/// through its table of ``kinds``:
///
/// - `last-character`: the original emulator's bot.
/// - `NAME`: `Bots/NAME.rules` under the bots folder, else `Bots/NAME.replay`, else `Bots/NAME.bot`.
/// - a path ending in `.rules`: that rule file.
/// - `replay:PATH`: a scripted replay (`.replay` script, saved transcript or chat journal).
/// - `webhook:URL`, `exec:COMMAND`: an external bot (docs/external-bots.md).
package struct BotCatalog: Sendable {
    /// Where bare bot names are looked up (`Bots/` of the working directory by default); `nil`:
    /// no folder, only built-in bots have names.
    package var botsDirectory: URL?

    /// Where rules bots keep their `customer.NAME` variables across chats and restarts
    /// (`customers/NAME.tsv` under it); `nil` keeps them in memory while the bot is loaded.
    package var customerMemoryDirectory: URL?

    /// The kinds of bots this catalog loads, in lookup order (``BotKind/standard`` by default).
    package var kinds: [BotKind]

    package init(
        botsDirectory: URL? = URL(fileURLWithPath: "Bots", isDirectory: true), customerMemoryDirectory: URL? = nil,
        kinds: [BotKind] = BotKind.standard
    ) {
        self.botsDirectory = botsDirectory
        self.customerMemoryDirectory = customerMemoryDirectory
        self.kinds = kinds
    }

    /// The prefix of a scripted replay: `replay:PATH`.
    package static let replayPrefix = "replay:"

    /// A bot that was found and loaded.
    package struct LoadedBot: Sendable {
        package var responder: any Responder
        /// The files it was loaded from (for hot reload and coverage); empty for built-in bots.
        package var sourceFiles: [URL]

        package init(responder: any Responder, sourceFiles: [URL]) {
            self.responder = responder
            self.sourceFiles = sourceFiles
        }
    }

    /// Loads the bot called `name`.
    /// - Parameter logger: where a rules bot reports reloads and rule files with errors.
    /// - Throws: ``BotCatalogError`` saying what was looked for and where, or the loader's own
    ///   error (with file, line and column) when the bot's file is malformed.
    package func load(_ name: String, logger: Logger = Logger(label: "rules", factory: { _ in SwiftLogNoOpLogHandler() })) throws -> LoadedBot {
        guard let (kind, source) = try find(name, logger: logger) else {
            throw BotCatalogError(message: "Unknown bot '\(name)'. Use \(BotKind.namingSummary(of: kinds, botsDirectory: botsDirectory?.path ?? "a bots folder")).")
        }
        return try kind.load(source)
    }

    /// The kind and source `name` stands for, `nil` when no kind has it.
    private func find(_ name: String, logger: Logger) throws -> (BotKind, BotSource)? {
        func source(name: String, path: String?) -> BotSource {
            BotSource(name: name, path: path, logger: logger, customerMemoryDirectory: customerMemoryDirectory)
        }
        if let kind = kinds.first(where: { $0.builtInNames.contains(name) }) { return (kind, source(name: name, path: nil)) }
        for kind in kinds {
            guard let prefix = kind.pathPrefix, name.hasPrefix(prefix) else { continue }
            let path = String(name.dropFirst(prefix.count))
            guard !path.isEmpty else {
                throw BotCatalogError(message: "\(prefix) needs a \(kind.placeholder.lowercased())\(kind.example.map { ", such as \($0)" } ?? "").")
            }
            return (kind, source(name: Self.stem(of: path), path: path))
        }
        for kind in kinds where kind.loadsPathsByExtension {
            guard let suffix = kind.fileExtension.map({ ".\($0)" }), name.hasSuffix(suffix) else { continue }
            return (kind, source(name: Self.stem(of: name), path: name))
        }
        guard let botsDirectory, !name.contains("/"), !name.hasPrefix(".") else { return nil }
        for kind in kinds {
            guard let fileExtension = kind.fileExtension else { continue }
            let path = botsDirectory.appendingPathComponent("\(name).\(fileExtension)").path
            if FileManager.default.fileExists(atPath: path) {
                return (kind, source(name: name, path: Self.relativeToWorkingDirectory(path)))
            }
        }
        return nil
    }

    /// `support` for `Bots/support.rules`.
    static func stem(of path: String) -> String {
        ((path as NSString).lastPathComponent as NSString).deletingPathExtension
    }
}

extension BotCatalog {
    /// A bot that can be chosen by name, for listings (`GET /emulator/bots`).
    package struct Entry: Sendable, Equatable {
        /// The name `--bot` and a RequestChat's `userData.bot` use.
        package var name: String
        /// The ``BotKind/name`` of its kind: `built-in`, `rules` or `replay`.
        package var kind: String
        /// The file the bot is loaded from; `nil` for a built-in bot.
        package var source: String?
    }

    /// Every bot available by name: the built-in ones, then each `NAME.EXT` file of a kind in the
    /// bots folder, by name (a file of an earlier kind wins over one of the same name of a later
    /// kind: `.rules` over `.replay`). A missing folder lists the built-in bots only.
    package func availableBots() -> [Entry] {
        var builtIns: [Entry] = []
        var seen: Set<String> = []
        for kind in kinds {
            for name in kind.builtInNames where seen.insert(name).inserted {
                builtIns.append(Entry(name: name, kind: kind.name, source: nil))
            }
        }
        guard let botsDirectory else { return builtIns }
        let files = (try? FileManager.default.contentsOfDirectory(atPath: botsDirectory.path)) ?? []
        var inFolder: [Entry] = []
        for kind in kinds {
            guard let suffix = kind.fileExtension.map({ ".\($0)" }) else { continue }
            for file in files.sorted() where file.hasSuffix(suffix) && !file.hasPrefix(".") {
                let name = String(file.dropLast(suffix.count))
                guard !name.isEmpty, seen.insert(name).inserted else { continue }
                let path = Self.relativeToWorkingDirectory(botsDirectory.appendingPathComponent(file).path)
                inFolder.append(Entry(name: name, kind: kind.name, source: path))
            }
        }
        return builtIns + inFolder.sorted { $0.name < $1.name }
    }
}

/// A bot name that does not name any bot.
package struct BotCatalogError: Error, CustomStringConvertible {
    package var message: String
    package var description: String { message }
}
