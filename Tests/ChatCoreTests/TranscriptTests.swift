import ChatCore
import Testing
import FoundationEssentials

@Suite struct TranscriptTests {
    @Test func transcriptWithoutIndex_returnsOnlyMessagesNotYetReturned() throws {
        let (host, clock) = try makeHost(joinDelay: .zero, replyDelay: .zero)
        let id = try host.requestChat(nickname: "n", subject: "s")
        #expect(try host.transcript(of: id).map(\.index) == [1, 2, 3])
        #expect(try host.transcript(of: id).isEmpty)
        try host.sendMessage("Hi.", to: id)
        clock.advance(by: .zero)
        let new = try host.transcript(of: id)
        #expect(new.map(\.index) == [4, 5])
        #expect(new.map(\.text) == ["Hi.", "Ok."])
        #expect(try host.transcript(of: id).isEmpty)
    }

    @Test func indexZeroAndOne_returnEverything() throws {
        let (host, _) = try makeHost(joinDelay: .zero, replyDelay: .zero)
        let id = try host.requestChat(nickname: "n", subject: "s")
        #expect(try host.transcript(of: id, from: 0).map(\.index) == [1, 2, 3])
        #expect(try host.transcript(of: id, from: 1).map(\.index) == [1, 2, 3])
        #expect(try host.transcript(of: id, from: 3).map(\.index) == [3])
        #expect(try host.transcript(of: id, from: 4).isEmpty)
        #expect(try host.transcript(of: id, from: 400).isEmpty)
    }

    @Test func readWithIndex_countsAsReceived_soAPlainPollReturnsOnlyLaterMessages() throws {
        let (host, clock) = try makeHost(joinDelay: .zero, replyDelay: .zero)
        let id = try host.requestChat(nickname: "n", subject: "s")
        #expect(try host.transcript(of: id, from: 0).map(\.index) == [1, 2, 3])
        #expect(try host.transcript(of: id).isEmpty)
        try host.sendMessage("Hi.", to: id)
        clock.advance(by: .zero)
        #expect(try host.transcript(of: id, from: 5).map(\.index) == [5])
        #expect(try host.transcript(of: id).isEmpty)
        // An earlier index returns old messages again but never moves the cursor back.
        #expect(try host.transcript(of: id, from: 2).map(\.index) == [2, 3, 4, 5])
        #expect(try host.transcript(of: id).isEmpty)
    }

    @Test func readNotMarkingReceived_leavesTheCursorAlone() throws {
        let (host, _) = try makeHost(joinDelay: .zero, replyDelay: .zero)
        let id = try host.requestChat(nickname: "n", subject: "s")
        #expect(try host.transcript(of: id, markingReceived: false).map(\.index) == [1, 2, 3])
        #expect(try host.transcript(of: id, from: 0, markingReceived: false).map(\.index) == [1, 2, 3])
        #expect(try host.transcript(of: id).map(\.index) == [1, 2, 3])
    }

    @Test func negativeIndex_isAnInvalidParameter() throws {
        let (host, _) = try makeHost()
        let id = try host.requestChat(nickname: "n", subject: "s")
        #expect(throws: ChatError(.invalidParameter, "index must be 0 or more, not -1.")) { try host.transcript(of: id, from: -1) }
    }

    @Test func indexes_areContiguousFromOne() throws {
        let (host, clock) = try makeHost()
        let id = try host.requestChat(nickname: "n", subject: "s")
        for turn in 0..<20 {
            try host.sendMessage("message \(turn)?", to: id)
            if turn % 3 == 0 { try host.startTyping(in: id) }
            clock.advance(by: .milliseconds(700))
        }
        clock.advance(by: .seconds(5))
        let indexes = try host.allMessages(id).map(\.index)
        #expect(indexes == Array(1...indexes.count))
    }
}

@Suite struct DeterminismTests {
    /// Runs the same requests against a fresh host and returns every chat's transcript as text.
    private func run(seed: UInt64) throws -> [String] {
        let (host, clock) = try makeHost(seed: seed)
        var lines: [String] = []
        for chat in 0..<3 {
            let id = try host.requestChat(nickname: "c\(chat)", subject: "s")
            clock.advance(by: .milliseconds(1500))
            try host.sendMessage("Hello there", to: id)
            clock.advance(by: .seconds(30))
            for message in try host.allMessages(id) {
                lines.append("\(id) \(message.index) \(message.time.timeIntervalSince1970) \(message.from.id) \(message.kind.name) \(message.text ?? "")")
            }
        }
        return lines
    }

    @Test func sameSeed_givesTheSameIdsTimesAndTranscripts() throws {
        #expect(try run(seed: 7) == run(seed: 7))
    }

    @Test func differentSeeds_giveDifferentChats() throws {
        #expect(try run(seed: 7) != run(seed: 8))
    }
}
