import ChatCore
import Foundation
import Testing

@Suite struct ConcurrencyTests {
    /// Threads hammer a few chats at once while another thread runs the clock; every chat must
    /// come out whole: contiguous indexes, and the agent's answers in the order of the questions.
    @Test func manyThreadsOnManyChats_keepEveryTranscriptConsistent() throws {
        let echo = ClosureResponder { event, _ in
            event.kind == .customerText ? AgentReply([.say("re: \(event.text ?? "")")]) : .none
        }
        let (host, clock) = try makeHost(responder: echo, joinDelay: .zero, replyDelay: .zero, systemInterval: .zero)
        let chats = try (0..<4).map { try host.requestChat(nickname: "c\($0)", subject: "s") }
        let threads = 8, messagesPerThread = 250
        DispatchQueue.concurrentPerform(iterations: threads + 1) { thread in
            guard thread < threads else {
                for _ in 0..<500 { clock.advance(by: .zero) }
                return
            }
            for number in 0..<messagesPerThread {
                let chat = chats[(thread + number) % chats.count]
                try? host.sendMessage("t\(thread) m\(number).", to: chat)
                if number % 10 == 0 { _ = try? host.transcript(of: chat) }
            }
        }
        clock.runUntilIdle()
        var total = 0
        for chat in chats {
            let messages = try host.allMessages(chat)
            #expect(messages.map(\.index) == Array(1...messages.count))
            let questions = messages.filter { $0.from.kind == .customer && $0.kind == .text }.compactMap(\.text)
            let answers = messages.filter { $0.from.kind == .agent && $0.kind == .text }.compactMap(\.text)
            #expect(answers == questions.map { "re: \($0)" })
            total += answers.count
        }
        #expect(total == threads * messagesPerThread)
    }
}
