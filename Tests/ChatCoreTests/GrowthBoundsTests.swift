import ChatCore
import Foundation
import LastCharacterBot
import Logging
import Testing

/// What bounds the growth of a long-running host (issue 19 points 11–13): ended chats go after
/// their retention, quiet open chats stop collecting system messages, and the list of open chats
/// never walks every chat ever made.
@Suite struct GrowthBoundsTests {
    static func host(
        retention: Duration? = .seconds(3600), transcriptLimit: Int? = nil, store: (any ChatStore)? = nil, clock: ManualClock = ManualClock()
    ) throws -> ChatHost {
        var configuration = ChatHostConfiguration()
        if let transcriptLimit { configuration.maxTranscriptBytes = transcriptLimit }
        configuration.agentJoinDelay = .zero
        configuration.replyDelay = .zero
        configuration.seed = 3
        configuration.completedChatRetention = retention
        return try ChatHost(
            configuration: configuration, responder: LastCharacterResponder(), clock: clock, store: store,
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
    }

    // MARK: Point 12: retention of completed chats

    @Test func anEndedChat_isRemovedAfterItsRetention_whileRunning_fromMemoryAndStore() throws {
        let clock = ManualClock()
        let store = InMemoryChatStore()
        let host = try Self.host(store: store, clock: clock)
        defer { host.shutdown() }
        let ended = try host.requestChat(nickname: "Ann", subject: "Bye")
        let open = try host.requestChat(nickname: "Bob", subject: "Still here")
        try host.complete(ended)
        clock.advance(by: .seconds(3599))
        #expect(try host.chat(ended).state == .idle, "kept for the whole retention")
        clock.advance(by: .seconds(2))
        #expect(throws: ChatError.self) { try host.chat(ended) }
        #expect(store.records(of: ended).isEmpty, "its journal is gone too")
        #expect(try host.chat(open).state == .chatting, "an open chat is never removed")
        #expect(host.chatCount == 1)
        // The timer keeps going for chats that end later.
        try host.complete(open)
        clock.advance(by: .seconds(3601))
        #expect(host.chatCount == 0)
    }

    @Test func endedChatsPastTheirRetention_areRemovedAtStart_andTheRestWhenTheirTimeComes() throws {
        let clock = ManualClock()
        let store = InMemoryChatStore()
        var old: ChatID, recent: ChatID, open: ChatID
        do {
            let host = try Self.host(retention: nil, store: store, clock: clock)
            old = try host.requestChat(nickname: "Old", subject: "s")
            try host.complete(old)
            clock.advance(by: .seconds(3000))
            recent = try host.requestChat(nickname: "Recent", subject: "s")
            try host.complete(recent)
            open = try host.requestChat(nickname: "Open", subject: "s")
            host.shutdown()
        }
        clock.advance(by: .seconds(1000))  // `old` ended 4,000 s ago, `recent` 1,000 s ago
        let restarted = try Self.host(store: store, clock: clock)
        defer { restarted.shutdown() }
        #expect(throws: ChatError.self) { try restarted.chat(old) }
        #expect(store.records(of: old).isEmpty)
        #expect(try restarted.chat(recent).state == .idle)
        #expect(try restarted.chat(open).state == .chatting)
        clock.advance(by: .seconds(2601))
        #expect(throws: ChatError.self) { try restarted.chat(recent) }
        #expect(restarted.openChatIDs() == [open])
    }

    @Test func withoutRetention_endedChatsAreKept() throws {
        let clock = ManualClock()
        let host = try Self.host(retention: nil, clock: clock)
        defer { host.shutdown() }
        let id = try host.requestChat(nickname: "Ann", subject: "s")
        try host.complete(id)
        clock.advance(by: .seconds(400 * 24 * 3600))
        #expect(try host.chat(id).state == .idle)
    }

    // MARK: Point 13: quiet open chats stop collecting system messages

    @Test func aQuietOpenChat_collectsAtMostTheCapOfSystemMessages_untilTheCustomerIsActiveAgain() throws {
        let clock = ManualClock()
        let host = try Self.host(clock: clock)
        defer { host.shutdown() }
        let id = try host.requestChat(nickname: "Ann", subject: "s")
        func systemTexts() throws -> Int { try host.transcript(of: id, from: 0, markingReceived: false).filter { $0.from.kind == .external && $0.kind == .text }.count }
        clock.advance(by: .seconds(2 * 3600))  // 360 intervals of 20 s
        #expect(try systemTexts() == ChatHostConfiguration().maxQuietSystemMessages)
        #expect(try systemTexts() == 30, "the documented default")
        try host.startTyping(in: id)
        clock.advance(by: .seconds(20))
        #expect(try systemTexts() == 31, "the customer's activity resumes them")
        try host.sendMessage("still here", to: id)
        clock.advance(by: .seconds(24 * 3600))
        #expect(try systemTexts() == 31 + 30)
    }

    /// 2,000 chats left open and quiet for a day hold a bounded number of messages: per chat the
    /// joins, the cap of system messages, nothing more (20,000 such chats: ten times as many).
    @Test func manyQuietOpenChats_stopGrowing() throws {
        let clock = ManualClock()
        let host = try Self.host(clock: clock)
        defer { host.shutdown() }
        let ids = try (0..<2_000).map { try host.requestChat(nickname: "C\($0)", subject: "s") }
        // Checked at 11 minutes, just past the cap (30 texts at 20 s), before the day goes by:
        // without the cap a day of 2,000 chats is 8.6 million system messages (it ran for over 20
        // minutes), so a broken cap fails here, after 66,000 messages, as fast as the fixed run.
        clock.advance(by: .seconds(11 * 60))
        let pastTheCap = try ids.reduce(0) { $0 + (try host.transcript(of: $1, from: 0, markingReceived: false).count) }
        try #require(pastTheCap == 2_000 * (3 + 30), "customer, system and agent joins, and 30 system texts each")
        clock.advance(by: .seconds(24 * 3600))
        let afterADay = try ids.reduce(0) { $0 + (try host.transcript(of: $1, from: 0, markingReceived: false).count) }
        #expect(afterADay == pastTheCap)
    }

    // MARK: Point 11: the open chats are indexed

    @Test func openChats_areListedNewestFirst_withoutListingEveryChat() throws {
        let clock = ManualClock()
        let host = try Self.host(clock: clock)
        defer { host.shutdown() }
        var open: [ChatID] = []
        for number in 0..<300 {
            let id = try host.requestChat(nickname: "C\(number)", subject: "s")
            if number % 100 == 7 { open.append(id) } else { try host.complete(id) }
        }
        let listings = host.chatListingCount
        #expect(host.openChatIDs() == open.reversed())
        #expect(host.openChatIDs(from: 1, limit: 1) == [open[1]])
        #expect(host.openChatCount == 3)
        #expect(host.chatListingCount == listings)
    }
}
