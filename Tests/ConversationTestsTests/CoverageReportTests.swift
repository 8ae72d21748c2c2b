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

    @Test func coverage_countsARuleThatOnlyLaidDownAMemory_fromTheBotsRecordNotItsTraceWords() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("coverage-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let rules = """
            option typing off
            rule never
              match zebra
              reply Z
            memory
              keyword order
              reply You asked about an order earlier.
            rule
              keyword order
              reply Which order?
            """
        try rules.write(to: folder.appendingPathComponent("orders.rules"), atomically: true, encoding: .utf8)
        let convo = "bot orders.rules\ntest t\n  customer says my order\n  agent says Which order?\n"
        try convo.write(to: folder.appendingPathComponent("orders.convo"), atomically: true, encoding: .utf8)

        var result = ConversationSuite().run(files: try ConversationSuite.findFiles([folder.path]))
        #expect(result.summary == "1 passed, 0 failed", "\(SuiteReport.render(result))")
        // The trace is for people: its words may change, and coverage must not notice.
        result.outcomes = result.outcomes.map { outcome in
            var withoutTrace = outcome
            withoutTrace.responderTrace = []
            return withoutTrace
        }
        let rulesPath = folder.appendingPathComponent("orders.rules").path
        #expect(CoverageReport.render(result) == "coverage of \(rulesPath): 2 of 3 rules fired\n  never fired: \(rulesPath):2 (never)\n")
    }

    @Test func coverage_saysSo_whenNoRulesBotWasExercised() throws {
        #expect(CoverageReport.render(SuiteResult()) == "coverage: no rules bot was exercised\n")
    }
}
