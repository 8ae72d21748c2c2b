import ChatCore
import Locking
import Testing

/// Events a responder says it ignores (``Responder/wantsEvents(of:)``) are not queued: the chat
/// looks the same, the responder is not called about them, and the store gets fewer records.
@Suite struct IgnoredEventsTests {
    /// Answers customer texts only, counts its calls by kind, and says what it wants or not.
    struct TextOnlyResponder: Responder {
        let declaresWhatItIgnores: Bool
        let calls = Locked<[ChatEvent.Kind]>([])
        var agentNickname: String { "Agent" }

        func wantsEvents(of kind: ChatEvent.Kind) -> Bool { !declaresWhatItIgnores || kind == .customerText }

        func respond(to event: ChatEvent, context: inout ResponderContext) -> AgentReply {
            calls.withLock { $0.append(event.kind) }
            guard event.kind == .customerText else { return .none }
            return AgentReply([.say("Re: \(event.text ?? "")")])
        }
    }

    /// A short chat with typing, two messages and the customer leaving; what it stored and showed.
    static func converse(with responder: TextOnlyResponder) throws -> (texts: [String], records: Int) {
        let store = InMemoryChatStore()
        let (host, clock) = try makeHost(responder: responder, joinDelay: .zero, replyDelay: .seconds(1, 1), systemInterval: .zero, store: store)
        let id = try host.requestChat(nickname: "n", subject: "s")
        for text in ["one", "two"] {
            try host.startTyping(in: id)
            try host.stopTyping(in: id)
            try host.sendMessage(text, to: id)
        }
        _ = clock.runUntilIdle()
        try host.complete(id)
        _ = clock.runUntilIdle()
        return (try host.allMessages(id).map { "\($0.from.kind.name) \($0.kind.name) \($0.text ?? "")" }, store.records(of: id).count)
    }

    @Test func ignoredEvents_changeNothingVisible_andAreNeitherAskedNorStored() throws {
        let asksAll = TextOnlyResponder(declaresWhatItIgnores: false)
        let ignoring = TextOnlyResponder(declaresWhatItIgnores: true)
        let everything = try Self.converse(with: asksAll)
        let textsOnly = try Self.converse(with: ignoring)

        #expect(textsOnly.texts == everything.texts)
        #expect(textsOnly.texts.filter { $0.hasPrefix("Agent Text") } == ["Agent Text Re: one", "Agent Text Re: two"])
        #expect(ignoring.calls.withLock { $0 } == [.customerText, .customerText])
        #expect(asksAll.calls.withLock { $0 }.count > 2)
        // Each ignored event saved at least its queued step and that step's end.
        let ignoredEvents = asksAll.calls.withLock { $0 }.count - 2
        #expect(everything.records - textsOnly.records >= 2 * ignoredEvents)
    }
}
