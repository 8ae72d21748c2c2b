package import ChatCore
import Foundation
package import Logging

/// Every bot of a bots folder, loaded once, so that each chat can choose its bot by name
/// (RequestChat's `userData.bot`): the built-in `last-character`, each `NAME.rules` and each
/// `NAME.replay`. The emulator's default bot comes from here too (``bot(_:)``), so a bot a chat
/// chooses by name and the same bot as the default are one bot, with one customer memory.
///
/// Serving starts with ``startServing(_:)`` (rules bots then reload their files on their own:
/// an edit shows in every chat with that bot, and a file with errors keeps its last good
/// version) and ends with ``stopServing()``.
package struct BotDirectory: ResponderDirectory {
    /// The bots that loaded, as listed (`GET /emulator/bots`).
    package let entries: [BotCatalog.Entry]
    /// Bots that could not be loaded, with why (a rule file's `file:line:column: message`).
    package let problems: [String]
    /// The catalog the bots came from.
    package let catalog: BotCatalog
    private let responders: [String: any Responder]

    /// Loads every bot `catalog.availableBots()` lists; one that fails is left out and reported
    /// in ``problems``, so one broken file does not take the others down.
    package init(catalog: BotCatalog, logger: Logger = Logger(label: "rules", factory: { _ in SwiftLogNoOpLogHandler() })) {
        var entries: [BotCatalog.Entry] = []
        var problems: [String] = []
        var responders: [String: any Responder] = [:]
        for entry in catalog.availableBots() {
            do {
                responders[entry.name] = try catalog.load(entry.name, logger: logger).responder
                entries.append(entry)
            } catch {
                problems.append("bot '\(entry.name)' (\(entry.source ?? "built-in")) not available: \(error)")
            }
        }
        self.entries = entries
        self.problems = problems
        self.catalog = catalog
        self.responders = responders
    }

    package func responder(named name: String) -> (any Responder)? { responders[name] }

    package var names: [String] { entries.map(\.name) }

    /// The bot `name` stands for (as `--bot` takes it): this directory's own bot when `name` is
    /// one of its names or the path of one of its files, so that no bot is loaded twice;
    /// otherwise loaded from ``catalog`` (the caller then serves it itself).
    /// - Returns: the responder, and whether it is one of this directory's (served by
    ///   ``startServing(_:)``).
    package func bot(_ name: String, logger: Logger = Logger(label: "rules", factory: { _ in SwiftLogNoOpLogHandler() })) throws -> (responder: any Responder, isInDirectory: Bool) {
        if let responder = responders[name] { return (responder, true) }
        let path = Self.absolute(name.hasPrefix(BotCatalog.replayPrefix) ? String(name.dropFirst(BotCatalog.replayPrefix.count)) : name)
        if let entry = entries.first(where: { $0.source.map(Self.absolute) == path }), let responder = responders[entry.name] {
            return (responder, true)
        }
        return (try catalog.load(name, logger: logger).responder, false)
    }

    private static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }

    /// Starts serving every bot, in listing order (``Responder/startServing(_:)``); when one
    /// refuses, the ones started are stopped again and its error is thrown.
    package func startServing(_ options: ServingOptions) throws {
        var started: [any Responder] = []
        for entry in entries {
            guard let responder = responders[entry.name] else { continue }
            do {
                try responder.startServing(options)
                started.append(responder)
            } catch {
                for responder in started.reversed() { responder.stopServing() }
                throw BotCatalogError(message: "bot '\(entry.name)' (\(entry.source ?? "built-in")) could not start: \(error)")
            }
        }
    }

    /// Stops serving every bot, in reverse listing order.
    package func stopServing() {
        for entry in entries.reversed() { responders[entry.name]?.stopServing() }
    }
}
