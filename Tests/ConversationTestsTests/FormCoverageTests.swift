import BotCatalog
import ChatCore
@testable import ConversationTests
import Foundation
import Testing

/// `test --coverage` counts a form's parts: the form, each slot, its retry and invalid lines,
/// the confirmation, the change, the end and the cancel; the shipped pizza bot's tests reach all.
@Suite struct FormCoverageTests {
    static let bots = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Bots", isDirectory: true)

    @Test func theShippedPizzaTests_reachEveryPartOfTheBot_formIncluded() throws {
        let result = ConversationSuite().run(files: [Self.bots.appendingPathComponent("pizza.convo").path])
        #expect(result.failedCount == 0)
        let coverage = try #require(CoverageReport.compute(result).first)
        #expect(coverage.rules.map(\.name).contains { $0.hasSuffix("(order.count.invalid)") })
        #expect(coverage.unfired.map(\.name) == [])
    }

    @Test func aTestThatNeverCancelsOrRefuses_leavesThosePartsUnfired() throws {
        let file = try ConversationParser.parse(contentsOf: Self.bots.appendingPathComponent("pizza.convo").path).get()
        let loaded = try ConversationSuite.loadBot(of: file)
        let test = try #require(file.tests.first { $0.name == "takes an order one question at a time" })
        var result = SuiteResult()
        result.bots = [SuiteResult.ExercisedBot(name: file.bot, loaded: loaded)]
        result.outcomes = [ConversationSuite().runTest(test, in: file, with: loaded.responder)]
        #expect(result.outcomes.first?.passed == true)
        let unfired = try #require(CoverageReport.compute(result).first).unfired.map(\.name)
        for part in ["order.count.invalid", "order.cancel", "order.change", "order.pizza.retry", "the-usual"] {
            #expect(unfired.contains { $0.hasSuffix("(\(part))") }, "\(part) was not reached")
        }
        for part in ["order", "order.pizza", "order.size", "order.count", "order.address", "order.confirm", "order.done", "start-order"] {
            #expect(!unfired.contains { $0.hasSuffix("(\(part))") }, "\(part) was reached")
        }
    }
}
