public import ChatCore
import FoundationEssentials
import BotCatalog

/// For every rules bot the tests exercised, the rules that no test made fire.
///
/// A rule fired when the bot says so in its structured record (`TestOutcome.firedRules`, from
/// `AgentReply.fired`): it matched, even if it only redirected, or it laid down a memory. The
/// rules are the bot's `Responder.parts`.
/// Offline runs only: a live server does not say which rules fired.
public enum CoverageReport {
    public struct BotCoverage: Sendable, Hashable {
        /// The rule file (the main one; rules of included files are listed too).
        public var file: String
        public var rules: [ResponderPart]
        public var unfired: [ResponderPart]
    }

    /// The coverage of each rules bot, in the order the files named them.
    public static func compute(_ result: SuiteResult) -> [BotCoverage] {
        var coverages: [BotCoverage] = []
        for bot in result.bots {
            let summaries = bot.loaded.responder.parts
            guard !summaries.isEmpty else { continue }
            let file = bot.loaded.sourceFiles.first?.relativePath ?? bot.name
            guard !coverages.contains(where: { $0.file == file }) else { continue }
            let fired = result.outcomes.reduce(into: Set<String>()) { $0.formUnion($1.firedRules) }
            let unfired = summaries.filter { !fired.contains($0.origin) }
            coverages.append(BotCoverage(file: file, rules: summaries, unfired: unfired))
        }
        return coverages
    }

    public static func render(_ result: SuiteResult) -> String {
        let coverages = compute(result)
        guard !coverages.isEmpty else { return "coverage: no rules bot was exercised\n" }
        var lines: [String] = []
        for coverage in coverages {
            let firedCount = coverage.rules.count - coverage.unfired.count
            lines.append("coverage of \(coverage.file): \(firedCount) of \(coverage.rules.count) rules fired")
            lines += coverage.unfired.map { "  never fired: \($0.name)" }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
