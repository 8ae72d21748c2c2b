import ConversationTests
import Foundation
import Testing

/// The shipped `.convo` files, run from a Swift test as `gws-emulator test Bots/` runs them.
@Test func theShippedConversationFiles_pass() throws {
    let bots = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Bots")
    let files = try ConversationSuite.findFiles([bots.path])
    #expect(!files.isEmpty)
    let result = ConversationSuite().run(files: files)
    #expect(result.failedCount == 0, "\(SuiteReport.render(result))")
}
