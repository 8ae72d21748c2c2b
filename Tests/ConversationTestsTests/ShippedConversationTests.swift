@testable import ConversationTests
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import BotCatalog

@Suite struct ShippedConversationTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func theShippedConversationFiles_allPass() throws {
        let bots = Self.packageRoot.appendingPathComponent("Bots").path
        let files = try ConversationSuite.findFiles([bots])
        #expect(files.contains { $0.hasSuffix("last-character.convo") })
        let result = ConversationSuite().run(files: files)
        #expect(result.failedCount == 0, "\(SuiteReport.render(result))")
        #expect(result.summary == "\(result.outcomes.count) passed, 0 failed")
    }

    @Test func junit_hasOneTestcasePerTest_andTheFailure() throws {
        let file = try ConversationParser.parse(text: "bot last-character\ntest good\n  customer says Hi!\n  agent says Neat.\ntest bad <one>\n  customer says Hi!\n  agent says Ok.\n", path: "Bots/x.convo").get()
        let bot = try ConversationSuite.loadBot(of: file)
        var result = SuiteResult()
        result.outcomes = file.tests.map { ConversationSuite().runTest($0, in: file, with: bot.responder) }
        let xml = JUnitReport.render(result)
        #expect(xml.contains("<testsuites name=\"gws-emulator test\" tests=\"2\" failures=\"1\" errors=\"0\""))
        #expect(xml.contains("<testcase classname=\"Bots.x\" name=\"good\" file=\"Bots/x.convo\" line=\"2\""))
        #expect(xml.contains("name=\"bad &lt;one&gt;\""))
        #expect(xml.contains("<failure message=\"Bots/x.convo:7:3: expected exactly &quot;Ok.&quot;, but got &quot;Neat.&quot;\">"))
        _ = try XMLDocument(xmlString: xml)
    }

    @Test func aFileWithErrors_countsAsAFailure_andSaysWhere() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("convo-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("broken.convo").path
        try "bot no-such-bot\ntest t\n  agent replies\n".write(toFile: path, atomically: true, encoding: .utf8)
        let result = ConversationSuite().run(files: try ConversationSuite.findFiles([folder.path]))
        #expect(result.summary == "0 passed, 1 failed")
        #expect(SuiteReport.render(result).contains("\(path):1:5: cannot load bot `no-such-bot`"))
    }
}
