import ChatCore
import Foundation
import RuleBot

extension BotCatalog {
    /// `path` without the working directory in front, so origins read `Bots/support.rules:12`.
    static func relativeToWorkingDirectory(_ path: String) -> String {
        let directory = FileManager.default.currentDirectoryPath + "/"
        return path.hasPrefix(directory) ? String(path.dropFirst(directory.count)) : path
    }

    /// Loads a rule bot that reloads itself when its files change, once it is served with
    /// ``ServingOptions/watchFiles``.
    static func loadRules(_ source: BotSource) throws -> LoadedBot {
        let path = source.path ?? source.name
        var customers: any CustomerMemoryStore = InMemoryCustomerMemory()
        if let directory = source.customerMemoryDirectory {
            customers = try FileCustomerMemory(path: directory.appendingPathComponent("customers/\(source.name).tsv").path, logger: source.logger)
        }
        let responder = try ReloadingRuleResponder(path: path, logger: source.logger, customers: customers)
        return LoadedBot(responder: responder, sourceFiles: responder.book.files.map { URL(fileURLWithPath: $0) })
    }
}
