@testable import ExternalBots
import Foundation
import Locking
import Logging
import Testing

/// One exec bot process serves every chat, and answers are matched to events by order: the lines
/// must go out in the order the events are owed, whatever the threads of two chats do.
@Suite struct BotProcessOrderTests {
    /// Chat A's event is owed first; before A's `send` returns, chat B sends its own (the window
    /// in which B's line was once written first, so the process's answer to B went to A).
    @Test func twoChatsSendingAtOnce_eachGetsTheAnswerToItsOwnEvent() async throws {
        let results = Locked([String: String]())
        let finished = AsyncStream<Void>.makeStream()
        let process = Locked<BotProcess?>(nil)
        @Sendable func send(_ text: String) {
            let bot = process.withLock { $0 }
            bot?.send({ _ in Array(text.utf8) }) { result in
                let answer: String
                switch result {
                case .success(let line): answer = String(decoding: line, as: UTF8.self)
                case .failure(let reason): answer = "failure: \(reason)"
                }
                results.withLock { $0[text] = answer }
                finished.continuation.yield()
            }
        }
        // `cat` answers each line with itself: the answer to event "A" is the line "A".
        let bot = BotProcess(
            command: "cat", workingDirectory: nil, maximumLine: 1024, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }),
            afterQueuing: { sequence in if sequence == 1 { send("B") } })
        process.withLock { $0 = bot }
        defer { bot.stop() }

        send("A")
        var iterator = finished.stream.makeAsyncIterator()
        _ = await iterator.next()
        _ = await iterator.next()
        #expect(results.withLock { $0 } == ["A": "A", "B": "B"])
    }
}
