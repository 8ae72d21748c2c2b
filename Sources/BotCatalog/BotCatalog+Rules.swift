import ChatCore
import ExternalBots
import Foundation
import Logging
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
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        let responder = try ReloadingRuleResponder(path: path, logger: source.logger, customers: customers) { functions in
            try functions.mapValues { try ruleFunction($0, folder: folder, logger: source.logger) }
        }
        return LoadedBot(responder: responder, sourceFiles: responder.book.files.map { URL(fileURLWithPath: $0) })
    }

    /// The bot of a rules file's `function NAME = exec:COMMAND` (run in the file's folder) or
    /// `function NAME = webhook:URL` line.
    static func ruleFunction(_ bot: String, folder: URL, logger: Logger) throws -> any Responder {
        if bot.hasPrefix("exec:") {
            return ExecResponder(command: String(bot.dropFirst("exec:".count)), workingDirectory: folder, settings: ExternalBotSettings(), logger: logger)
        }
        let address = String(bot.dropFirst("webhook:".count))
        guard let url = BotFile.webhookURL(address) else {
            throw BotCatalogError(message: "function: webhook: needs an http:// or https:// URL, such as webhook:http://127.0.0.1:5005/weather, not '\(address)'.")
        }
        return WebhookResponder(url: url, settings: ExternalBotSettings(), logger: logger)
    }
}
