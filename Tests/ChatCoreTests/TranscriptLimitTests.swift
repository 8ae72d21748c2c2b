import ChatCore
import LastCharacterBot
import Testing

/// Point 12 of issue 19, "keep memory per chat bounded": a chat's transcript stops at
/// ``ChatHostConfiguration/maxTranscriptBytes``. The message that would cross it is not added,
/// the chat ends with a system text saying why, and the customer is told in the refusal.
@Suite struct TranscriptLimitTests {
    /// Each message counts its text's bytes plus 128; the three joins of a new chat count 384.
    static let joins = 3 * ChatMessage.fixedTranscriptBytes

    static func bytes(_ messages: some Sequence<ChatMessage>) -> Int { messages.reduce(0) { $0 + $1.transcriptBytes } }

    static func closing(_ messages: [ChatMessage]) -> [String] {
        messages.suffix(2).map { "\($0.from.kind.name) \($0.kind.name) \($0.text ?? "")" }
    }

    @Test func aCustomersMessagesStopAtTheLimit_theChatEnds_andTheRefusalSaysWhy() throws {
        let clock = ManualClock()
        let host = try GrowthBoundsTests.host(transcriptLimit: 8_192, clock: clock)
        defer { host.shutdown() }
        let id = try host.requestChat(nickname: "Ann", subject: "Long chat")
        let text = String(repeating: "x", count: 1_000) + "."  // answered "Ok."
        var sent = 0
        var refusal: ChatError?
        while refusal == nil, sent < 100 {
            do {
                try host.sendMessage(text, to: id)
                sent += 1
                clock.advance(by: .seconds(1))
            } catch {
                refusal = error
            }
        }
        let error = try #require(refusal, "the transcript must stop growing at its limit")
        #expect(error.code == .invalidState)
        #expect(error.message.contains("transcript limit of 8192 bytes"), "\(error.message)")
        // 384 for the joins, then 1,129 + 131 a round: six rounds make 7,944, a seventh message would make 9,073.
        #expect(sent == 6)
        let messages = try host.allMessages(id)
        #expect(try host.chat(id).state == .idle)
        #expect(Self.closing(messages) == ["External Text This chat reached its transcript limit of 8192 bytes and was ended.", "Agent ParticipantLeft "])
        #expect(messages.filter { $0.from.kind == .customer && $0.kind == .text }.count == 6, "the refused message is not in the transcript")
        #expect(Self.bytes(messages.dropLast(2)) <= 8_192)
        #expect(throws: ChatError.self) { try host.sendMessage("more", to: id) }
    }

    @Test func aBotReplyThatWouldCrossTheLimit_endsTheChatInstead() throws {
        let clock = ManualClock()
        let host = try GrowthBoundsTests.host(transcriptLimit: 4_096, clock: clock)
        defer { host.shutdown() }
        let id = try host.requestChat(nickname: "Ann", subject: "s")
        // 384 + 1,928 fits; the echo "yyy… to you too!" (1,940 more) would make 4,252.
        try host.sendMessage(String(repeating: "y", count: 1_800), to: id)
        clock.advance(by: .seconds(1))
        let messages = try host.allMessages(id)
        #expect(try host.chat(id).state == .idle)
        #expect(messages.filter { $0.from.kind == .agent && $0.kind == .text }.isEmpty, "the reply was not added")
        #expect(Self.closing(messages) == ["External Text This chat reached its transcript limit of 4096 bytes and was ended.", "Agent ParticipantLeft "])
        #expect(Self.bytes(messages.dropLast(2)) <= 4_096)
    }

    @Test func notificationsCountToo_soAFloodOfThemIsBounded() throws {
        let host = try GrowthBoundsTests.host(transcriptLimit: 4_096)
        defer { host.shutdown() }
        let id = try host.requestChat(nickname: "Ann", subject: "s")
        var accepted = 0
        for number in 0..<10_000 {
            do {
                if number.isMultiple(of: 2) { try host.startTyping(in: id) } else { try host.stopTyping(in: id) }
                accepted += 1
            } catch {
                break
            }
        }
        #expect(accepted == (4_096 - Self.joins) / ChatMessage.fixedTranscriptBytes)  // 29
        #expect(try host.allMessages(id).count == 3 + accepted + 2)
    }

    @Test func aRestoredChat_countsWhatItAlreadyHolds() throws {
        let store = InMemoryChatStore()
        let clock = ManualClock()
        let id: ChatID
        do {
            let host = try GrowthBoundsTests.host(transcriptLimit: 4_096, store: store, clock: clock)
            id = try host.requestChat(nickname: "Ann", subject: "s")
            for _ in 0..<20 { try host.startTyping(in: id) }
            host.shutdown()
        }
        let restarted = try GrowthBoundsTests.host(transcriptLimit: 4_096, store: store, clock: clock)
        defer { restarted.shutdown() }
        var accepted = 0
        while accepted < 100, (try? restarted.startTyping(in: id)) != nil { accepted += 1 }
        #expect(accepted == 29 - 20, "the restored transcript's bytes count toward the limit")
    }

    @Test func theDefaultIs4MiB_andNilLeavesTranscriptsUnbounded() throws {
        var configuration = ChatHostConfiguration()
        #expect(configuration.maxTranscriptBytes == 4 * 1_024 * 1_024, "the documented default")
        configuration.maxTranscriptBytes = nil
        configuration.agentJoinDelay = .zero
        let host = try ChatHost(configuration: configuration, responder: LastCharacterResponder(), clock: ManualClock())
        defer { host.shutdown() }
        let id = try host.requestChat(nickname: "Ann", subject: "s")
        try host.sendMessage(String(repeating: "z", count: 5 * 1_024 * 1_024) + ".", to: id)
        #expect(try host.chat(id).state == .chatting)
    }
}
