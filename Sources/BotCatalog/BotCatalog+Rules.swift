import Foundation
import Logging
import RuleBot

extension BotCatalog {
    /// The rule file `name` stands for: a path ending in `.rules`, or `NAME` for `Bots/NAME.rules`
    /// when that file exists; `nil` otherwise.
    func rulesFile(for name: String) -> String? {
        if name.hasSuffix(".rules") { return name }
        guard !name.contains("/") else { return nil }
        let path = botsDirectory.appendingPathComponent("\(name).rules").path
        return FileManager.default.fileExists(atPath: path) ? Self.relativeToWorkingDirectory(path) : nil
    }

    /// `path` without the working directory in front, so origins read `Bots/support.rules:12`.
    static func relativeToWorkingDirectory(_ path: String) -> String {
        let directory = FileManager.default.currentDirectoryPath + "/"
        return path.hasPrefix(directory) ? String(path.dropFirst(directory.count)) : path
    }

    /// Loads a rule bot that reloads itself when its files change (once a server starts watching
    /// them: `(bot.responder as? ReloadingRuleResponder)?.startWatching()`).
    func loadRules(_ path: String, logger: Logger) throws -> LoadedBot {
        var customers: any CustomerMemoryStore = InMemoryCustomerMemory()
        if let directory = customerMemoryDirectory {
            let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
            customers = try FileCustomerMemory(path: directory.appendingPathComponent("customers/\(name).tsv").path, logger: logger)
        }
        let responder = try ReloadingRuleResponder(path: path, logger: logger, customers: customers)
        return LoadedBot(responder: responder, sourceFiles: responder.book.files.map { URL(fileURLWithPath: $0) })
    }
}
