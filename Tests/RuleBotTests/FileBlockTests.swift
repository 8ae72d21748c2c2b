import BotTesting
import ChatCore
import Testing
@testable import RuleBot

/// `file` blocks: a rules bot answers the customer attaching a file; `{$file}` is its name.
@Suite struct FileBlockTests {
    static let rules = """
        option typing off
        file
          when $file = invoice.pdf
          reply Thanks, I have your PDF {$file}.
        file
          reply Got {$file}, {$nickname}.
        fallback
          reply You said {$message}.

        """

    private func chat(_ rules: String = Self.rules) throws -> TestChat {
        try TestChat.rules(rules)
    }

    @Test func anUpload_isAnsweredByTheFirstFileBlockWhoseConditionsHold() throws {
        let chat = try chat()
        chat.runUntilIdle()
        try chat.host.uploadFile(named: "photo.png", bytes: [1], to: chat.id)
        chat.runUntilIdle()
        try chat.host.uploadFile(named: "../invoice.pdf", bytes: [2], to: chat.id)
        chat.runUntilIdle()
        #expect(chat.allAgentReplies == ["Got photo.png, Ann.", "Thanks, I have your PDF invoice.pdf."])
        #expect(chat.transcript.last?.origin == "t.rules:2")
    }

    @Test func aBotWithoutFileBlocks_isNotAskedAboutUploads() throws {
        let chat = try chat("option typing off\nfallback\n  reply You said {$message}.\n")
        chat.runUntilIdle()
        try chat.host.uploadFile(named: "photo.png", bytes: [1], to: chat.id)
        chat.runUntilIdle()
        #expect(chat.allAgentReplies.isEmpty)
        #expect(chat.transcript.last?.kind == .fileUploaded)
        #expect(!chat.responder.wantsEvents(of: .customerFileUploaded))
    }

    @Test func aFileBlockWithAMatchLine_isRefusedByTheCompiler() throws {
        let text = "file\n  match hello\n  reply hi\n"
        #expect {
            _ = try RuleBookLoader.compile(text: text, name: "t.rules")
        } throws: { error in
            "\(error)".contains("a file answers an event, not a message")
        }
    }
}
