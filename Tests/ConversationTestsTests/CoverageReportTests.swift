@testable import ConversationTests
import Foundation
import Testing

@Suite struct CoverageReportTests {
    @Test func coverage_listsTheRulesNoTestMadeFire_withFileAndLine() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("coverage-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let rules = """
        agent Sam
        greeting
          reply Hello
        rule apple
          match apple
          reply A
        rule banana
          match banana
          reply B
        rule cherry
          match cherry
          reply => goto apple with apple
        """
        try rules.write(to: folder.appendingPathComponent("fruit.rules"), atomically: true, encoding: .utf8)
        let convo = "bot fruit.rules\ntest t\n  agent says Hello\n  customer says cherry\n  agent says A\n"
        try convo.write(to: folder.appendingPathComponent("fruit.convo"), atomically: true, encoding: .utf8)

        let result = ConversationSuite().run(files: try ConversationSuite.findFiles([folder.path]))
        #expect(result.summary == "1 passed, 0 failed", "\(SuiteReport.render(result))")
        let rulesPath = folder.appendingPathComponent("fruit.rules").path
        let report = CoverageReport.render(result)
        #expect(report == "coverage of \(rulesPath): 3 of 4 rules fired\n  never fired: \(rulesPath):7 (banana)\n", "the redirecting rule counts as fired")
    }

    @Test func coverage_saysSo_whenNoRulesBotWasExercised() throws {
        #expect(CoverageReport.render(SuiteResult()) == "coverage: no rules bot was exercised\n")
    }
}
