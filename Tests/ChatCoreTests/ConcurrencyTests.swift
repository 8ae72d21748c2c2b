import ChatCore
import Foundation
import Testing

@Suite struct ConcurrencyTests {
    /// Threads hammer a few chats at once; every chat must come out whole: contiguous indexes, and
    /// each customer message directly followed by its answer (zero reply delay answers inline).
    @Test func manyThreadsOnManyChats_keepEveryTranscriptConsistent() throws {
        let (host, _) = try makeHost(joinDelay: .zero, replyDelay: .zero, systemInterval: .zero)
        let chats = try (0..<4).map { try host.requestChat(nickname: "c\($0)", subject: "s") }
        let threads = 8, messagesPerThread = 250
        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            for number in 0..<messagesPerThread {
                let chat = chats[(thread + number) % chats.count]
                try? host.sendMessage("t\(thread) m\(number).", to: chat)
                if number % 10 == 0 { _ = try? host.transcript(of: chat) }
            }
        }
        var total = 0
        for chat in chats {
            let messages = try host.allMessages(chat)
            #expect(messages.map(\.index) == Array(1...messages.count))
            let conversation = messages.dropFirst(3)
            #expect(conversation.count % 2 == 0)
            for (question, answer) in zip(conversation.enumerated().filter { $0.offset % 2 == 0 }.map(\.element),
                                          conversation.enumerated().filter { $0.offset % 2 == 1 }.map(\.element)) {
                #expect(question.from.kind == .customer && answer.from.kind == .agent && answer.text == "Ok.")
            }
            total += conversation.count / 2
        }
        #expect(total == threads * messagesPerThread)
    }
}
