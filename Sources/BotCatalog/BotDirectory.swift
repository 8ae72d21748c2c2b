import ChatCore
import Foundation
import Logging
import RuleBot

/// Every bot of a bots folder, loaded once, so that each chat can choose its bot by name
/// (RequestChat's `userData.bot`): the built-in `last-character`, each `NAME.rules` and each
/// `NAME.replay`. Rules bots reload their files on their own once ``startWatching()`` runs: an
/// edit shows in every chat with that bot, and a file with errors keeps its last good version.
public struct BotDirectory: ResponderDirectory {
    /// The bots that loaded, as listed (`GET /emulator/bots`).
    public let entries: [BotCatalog.Entry]
    /// Bots that could not be loaded, with why (a rule file's `file:line:column: message`).
    public let problems: [String]
    private let responders: [String: any Responder]

    /// Loads every bot `catalog.availableBots()` lists; one that fails is left out and reported
    /// in ``problems``, so one broken file does not take the others down.
    public init(catalog: BotCatalog, logger: Logger = Logger(label: "rules", factory: { _ in SwiftLogNoOpLogHandler() })) {
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
        self.responders = responders
    }

    public func responder(named name: String) -> (any Responder)? { responders[name] }

    public var names: [String] { entries.map(\.name) }

    /// Starts hot reload of every rules bot.
    public func startWatching() {
        for responder in responders.values { (responder as? ReloadingRuleResponder)?.startWatching() }
    }

    public func stopWatching() {
        for responder in responders.values { (responder as? ReloadingRuleResponder)?.stopWatching() }
    }
}
