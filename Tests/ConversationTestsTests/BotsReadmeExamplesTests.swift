import ConversationTests
import Foundation
import LineFormat
import ReplayBot
import RuleBot
import Testing

/// Every code block of Bots/README.md is a working example: rule fragments compile, `.replay`
/// scripts parse, and `.convo` examples for a shipped bot pass against it. An example that the
/// language or the shipped bots outgrow fails here, not in a reader's hands.
@Suite struct BotsReadmeExamplesTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    enum Kind { case rules, conversation, replay }

    struct Example: CustomTestStringConvertible, Sendable {
        var line: Int
        var text: String
        var testDescription: String { "Bots/README.md:\(line)" }

        /// What the block is, from its first line that is not a comment.
        var kind: Kind {
            let first = text.split(separator: "\n").first { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("#") } ?? ""
            if first.hasPrefix("bot "), !first.contains("=") { return .conversation }
            if text.contains("\nstep\n") || text.hasPrefix("step\n") || first.hasPrefix("off-script") || text.contains("\noff-script ") { return .replay }
            return .rules
        }
    }

    /// The fenced blocks without a language (the file formats' examples), with their lines.
    static let examples: [Example] = {
        guard let text = try? String(contentsOf: root.appendingPathComponent("Bots/README.md"), encoding: .utf8) else { return [] }
        var examples: [Example] = []
        var current: (line: Int, lines: [String])?
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line == "```" {
                if let block = current {
                    examples.append(Example(line: block.line, text: block.lines.joined(separator: "\n") + "\n"))
                    current = nil
                } else {
                    current = (index + 2, [])
                }
            } else if line.hasPrefix("```") {
                current = nil
            } else {
                current?.lines.append(String(line))
            }
        }
        return examples
    }()

    @Test func theReadmeHasExamplesOfEveryFormat() {
        #expect(Self.examples.filter { $0.kind == .rules }.count >= 25)
        #expect(Self.examples.filter { $0.kind == .conversation }.count >= 3)
        #expect(Self.examples.filter { $0.kind == .replay }.count >= 1)
    }

    @Test(arguments: examples.filter { $0.kind == .rules })
    func aRulesExample_compiles(_ example: Example) throws {
        // A fragment of a block (indented lines only) is shown inside a rule.
        var text = example.text.hasPrefix(" ") ? "rule\n" + example.text : example.text
        // Included files are not part of the example: the include lines alone are checked to parse.
        let includes = text.split(separator: "\n").filter { $0.hasPrefix("include ") }
        if !includes.isEmpty {
            #expect(includes.allSatisfy { $0.hasSuffix(".rules") })
            text = text.split(separator: "\n").filter { !$0.hasPrefix("include ") }.joined(separator: "\n") + "\n# (includes)\n"
        }
        // `# broken.rules` shows what `check` reports: it must have errors.
        let meantToFail = text.hasPrefix("# broken")
        do {
            _ = try RuleBookLoader.compile(text: text, name: "example.rules")
            if meantToFail { Issue.record("Bots/README.md:\(example.line): the broken example compiles") }
        } catch {
            if !meantToFail { Issue.record("Bots/README.md:\(example.line): the example does not compile:\n\(error)") }
        }
    }

    @Test(arguments: examples.filter { $0.kind == .replay })
    func aReplayExample_parses(_ example: Example) throws {
        #expect(throws: Never.self) { try ReplayScript(parsing: example.text, file: "example.replay") }
    }

    @Test(arguments: examples.filter { $0.kind == .conversation })
    func aConversationExample_parses_andPassesAgainstTheShippedBot(_ example: Example) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("readme-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // Beside the shipped bots, so `bot support` names Bots/support.rules.
        let bots = Self.root.appendingPathComponent("Bots")
        for name in try FileManager.default.contentsOfDirectory(atPath: bots.path) where name.hasSuffix(".rules") || name.hasSuffix(".replay") {
            try FileManager.default.copyItem(at: bots.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
        let file = folder.appendingPathComponent("example.convo").path
        try example.text.write(toFile: file, atomically: true, encoding: .utf8)
        let result = ConversationSuite(parallelism: 2).run(files: [file])
        #expect(result.fileErrors.isEmpty, "Bots/README.md:\(example.line): \(result.fileErrors)")
        #expect(result.failedCount == 0, "Bots/README.md:\(example.line):\n\(SuiteReport.render(result))")
        #expect(result.passedCount > 0)
    }
}
