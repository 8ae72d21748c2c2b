import ChatCore
import ChatStoreChecks
import Foundation
import LastCharacterBot
import Locking
import Testing

/// The core's side of the store seam, on an in-memory store: what a restart restores, and a
/// change the store refuses leaving no trace.
@Suite struct ChatStoreTests {
    /// The promises every store keeps (``ChatStoreConformance``), on the in-memory store.
    @Test func inMemoryStore_keepsEveryPromiseOfTheSeam() {
        var store = InMemoryChatStore()
        let failures = ChatStoreConformance.check(open: { store }, erase: { store = InMemoryChatStore() })
        #expect(failures.isEmpty, "\(failures)")
    }

    /// The checks find a store that breaks a promise: one that keeps only the first record of
    /// each append, and one that loses every chat but the first.
    @Test func conformanceChecks_findABrokenStore() {
        var store = InMemoryChatStore()
        let dropsRecords = ChatStoreConformance.check(open: { ForgetfulStore(store, keepsAll: false) }, erase: { store = InMemoryChatStore() })
        #expect(dropsRecords.map(\.check).contains("a restart restores transcript, state, cursor and participants"))
        #expect(dropsRecords.map(\.check).contains("the bot's memory survives a restart"))
        let losesChats = ChatStoreConformance.check(open: { ForgetfulStore(store, keepsAll: true, onlyFirstChat: true) }, erase: { store = InMemoryChatStore() })
        #expect(losesChats.map(\.check).contains("many chats come back, each with its own records"))
    }

    @Test func restart_afterAStopDuringAResponderCall_answersWhatWaitedBehindIt() throws {
        let store = InMemoryChatStore()
        let farewell = ClosureResponder { event, _ in event.kind == .customerLeft ? AgentReply([.say("Bye!")]) : .none }
        let clock = ManualClock()
        let id: ChatID
        do {
            // Calls that never come back: the host stops while the bot thinks.
            var configuration = ChatHostConfiguration()
            configuration.agentJoinDelay = .zero
            configuration.replyDelay = .zero
            configuration.responderExecution = ResponderExecution { _ in }
            let host = try ChatHost(configuration: configuration, responder: farewell, clock: clock, store: store)
            id = try host.requestChat(nickname: "n", subject: "s")
            try host.sendMessage("hello", to: id)
            clock.advance(by: .zero)
            try host.complete(id)
            host.shutdown()
        }
        let (host, restartedClock) = try makeHost(responder: farewell, clock: ManualClock(start: clock.now()), store: store)
        restartedClock.advance(by: .zero)
        #expect(try host.texts(id, from: .agent) == ["Bye!"])
    }

    /// A host that is shut down leaves no work on its clock (the test's clock would otherwise
    /// keep every stopped host's timers), changes nothing afterwards, and is freed once let go of.
    @Test func shutdown_cancelsTheTimers_dropsALateAnswer_andTheHostIsFreed() throws {
        let store = InMemoryChatStore()
        let clock = ManualClock()
        let calls = Locked<[@Sendable () -> Void]>([])
        weak var released: ChatHost?
        do {
            var configuration = ChatHostConfiguration()
            configuration.agentJoinDelay = .zero
            configuration.replyDelay = .zero
            // Responder calls wait here until the test runs them: one is under way at the stop.
            configuration.responderExecution = ResponderExecution { call in calls.withLock { $0.append(call) } }
            let host = try ChatHost(configuration: configuration, responder: LastCharacterResponder(), clock: clock, store: store)
            let id = try host.requestChat(nickname: "n", subject: "s")
            try host.sendMessage("hello", to: id)
            clock.advance(by: .zero)
            #expect(calls.withLock { $0.count } == 1)
            #expect(clock.nextDeadline != nil)  // the system message
            host.shutdown()
            #expect(clock.nextDeadline == nil)
            // The answer comes back after the stop, while the host is still held: it changes nothing.
            let stored = store.records(of: id).count
            for call in calls.withLock({ $0 }) { call() }
            clock.advance(by: .seconds(60))
            #expect(store.records(of: id).count == stored)
            #expect(try host.allMessages(id).filter { $0.from.kind == .agent && $0.kind == .text }.isEmpty)
            released = host
        }
        #expect(released == nil, "a shut-down host is still alive")
    }

    @Test func records_readBackFromTheirLines_areTheSameRecords() throws {
        let store = InMemoryChatStore()
        let (host, _) = try makeHost(joinDelay: .zero, replyDelay: .zero, store: store)
        let id = try host.requestChat(nickname: "n \"q\"", subject: "s", userData: ["a": "b"])
        try host.sendMessage("hi \u{1} ✓", to: id)
        _ = try host.transcript(of: id)
        try host.complete(id)
        let records = store.records(of: id)
        #expect(records.count > 8)
        try expectRoundTrips(records)
    }

    /// The records GMS's operations, files, transfers and idle control add, pending steps included
    /// (those are read back only after a restart).
    @Test func newerRecords_readBackFromTheirLines_areTheSameRecords() throws {
        let bot = ClosureResponder(agentNickname: "Eve") { event, _ in
            guard event.kind == .customerText else { return .none }
            return AgentReply([
                AgentAction(.startTyping(preview: "Let me look"), delay: .seconds(1)), AgentAction(.notice("Shipped"), delay: .seconds(1)),
                AgentAction(.pushURL("https://shop.example/track"), delay: .seconds(1)),
                AgentAction(.invite("Dana", supervisor: true), delay: .seconds(1)), AgentAction(.transfer(to: "Pat"), delay: .seconds(1)),
            ])
        }
        var configuration = ChatHostConfiguration.instant()
        configuration.idleControl = IdleControl(alertAfter: .seconds(60), closeAfter: .seconds(30))
        let store = InMemoryChatStore()
        let clock = ManualClock()
        let host = try ChatHost(configuration: configuration, responder: bot, clock: clock, store: store)
        let id = try host.requestChat(nickname: "Ann", subject: "s")
        try host.updateNickname("Annie", in: id)
        try host.updateData(["plan": "gold"], in: id)
        let file = try host.uploadFile(named: "a.png", bytes: [1, 2, 3], to: id)
        try host.deleteFile(file.id, of: id)
        try host.sendMessage("order?", to: id)
        clock.advance(by: .seconds(5))
        clock.advance(by: .seconds(60))
        clock.advance(by: .seconds(30))
        let records = store.records(of: id)
        #expect(try host.chat(id).state == .idle, "idle control closed the chat after the transfer")
        var lines: [UInt8] = []
        for record in records { record.appendLine(to: &lines) }
        let text = String(decoding: lines, as: UTF8.self)
        for value in ["post", "invite", "transfer", "idleAlert", "idleClose", "userData", "agent", "fileId"] {
            #expect(text.contains("\"\(value)\""), "a record with \(value)")
        }
        try expectRoundTrips(records)
    }

    private func expectRoundTrips(_ records: [JournalRecord]) throws {
        for record in records {
            var line: [UInt8] = []
            record.appendLine(to: &line)
            #expect(line.last == UInt8(ascii: "\n"))
            #expect(try JournalRecord(line: line.dropLast()) == record)
        }
    }
}

/// A store that forgets: it keeps only the first record of each append, or (`onlyFirstChat`)
/// hands back only the first chat it recovers.
struct ForgetfulStore: ChatStore {
    let kept: InMemoryChatStore
    let keepsAll: Bool
    var onlyFirstChat = false

    init(_ kept: InMemoryChatStore, keepsAll: Bool, onlyFirstChat: Bool = false) {
        self.kept = kept
        self.keepsAll = keepsAll
        self.onlyFirstChat = onlyFirstChat
    }

    func append(_ records: [JournalRecord], to chat: ChatID) throws {
        try kept.append(keepsAll ? records : Array(records.prefix(1)), to: chat)
    }

    func recover(_ restore: (StoredChat) -> Void) throws {
        var first = true
        try kept.recover { chat in
            if first || !onlyFirstChat { restore(chat) }
            first = false
        }
    }
}

/// A store that refuses appends while `refusing` is set, and otherwise keeps records in memory;
/// it always keeps files (in memory), and counts how many it was given.
final class RefusingStore: ChatStore {
    let kept = InMemoryChatStore()
    let refusing = Locked(false)
    let filesStored = Locked(0)

    struct Refused: Error {}

    func append(_ records: [JournalRecord], to chat: ChatID) throws {
        if refusing.withLock({ $0 }) { throw Refused() }
        try kept.append(records, to: chat)
    }

    func recover(_ restore: (StoredChat) -> Void) throws { try kept.recover(restore) }

    func storeFile(_ bytes: [UInt8], _ file: ChatFileID, of chat: ChatID) throws {
        try kept.storeFile(bytes, file, of: chat)
        filesStored.withLock { $0 += 1 }
    }

    func file(_ file: ChatFileID, of chat: ChatID) throws -> [UInt8] { try kept.file(file, of: chat) }

    func removeFile(_ file: ChatFileID, of chat: ChatID) throws { try kept.removeFile(file, of: chat) }
}

@Suite struct RefusedChangeTests {
    @Test func aRefusedMessage_leavesNoTrace_nowOrAfterARestart() throws {
        let store = RefusingStore()
        let (host, clock) = try makeHost(joinDelay: .zero, replyDelay: .zero, store: store)
        let id = try host.requestChat(nickname: "n", subject: "s")
        try host.sendMessage("kept.", to: id)
        clock.advance(by: .zero)
        let before = try host.allMessages(id)

        store.refusing.withLock { $0 = true }
        #expect { try host.sendMessage("lost?", to: id) } throws: { ($0 as? ChatError)?.code == .internalFailure }
        #expect { try host.complete(id) } throws: { ($0 as? ChatError)?.code == .internalFailure }
        #expect(try host.allMessages(id) == before)
        #expect(try host.chat(id).state == .chatting)

        // Once the store takes writes again the chat carries on, and the refused message's index
        // goes to the next message.
        store.refusing.withLock { $0 = false }
        try host.sendMessage("next!", to: id)
        clock.advance(by: .zero)
        let after = try host.allMessages(id)
        #expect(after.dropLast(2).elementsEqual(before))
        #expect(after.suffix(2).map(\.index) == [before.count + 1, before.count + 2])
        #expect(after.suffix(2).compactMap(\.text) == ["next!", "Neat."])

        let (restarted, _) = try makeHost(joinDelay: .zero, replyDelay: .zero, store: store)
        #expect(try restarted.allMessages(id) == after)
    }

    @Test func aRefusedTranscriptRead_leavesTheCursorWhereItWas() throws {
        let store = RefusingStore()
        let (host, _) = try makeHost(joinDelay: .zero, replyDelay: .zero, store: store)
        let id = try host.requestChat(nickname: "n", subject: "s")
        store.refusing.withLock { $0 = true }
        #expect { try host.transcript(of: id) } throws: { ($0 as? ChatError)?.code == .internalFailure }
        store.refusing.withLock { $0 = false }
        #expect(try host.transcript(of: id).count == 3)
    }

    @Test func aRefusedRequestChat_createsNoChat() throws {
        let store = RefusingStore()
        let (host, _) = try makeHost(store: store)
        store.refusing.withLock { $0 = true }
        #expect { try host.requestChat(nickname: "n", subject: "s") } throws: { ($0 as? ChatError)?.code == .internalFailure }
        #expect(host.chatIDs.isEmpty)
        let (restarted, _) = try makeHost(store: store)
        #expect(restarted.chatIDs.isEmpty)
    }

    @Test func aScheduledStepTheStoreRefused_runsWhenTheStoreRecovers() throws {
        let store = RefusingStore()
        let (host, clock) = try makeHost(joinDelay: .seconds(2, 2), store: store)
        let id = try host.requestChat(nickname: "n", subject: "s")
        store.refusing.withLock { $0 = true }
        clock.advance(by: .seconds(2))
        #expect(try host.chat(id).state == .waitingForAgent)
        store.refusing.withLock { $0 = false }
        clock.advance(by: .seconds(1))
        #expect(try host.chat(id).state == .chatting)
        #expect(try host.allMessages(id).map(\.index) == [1, 2, 3])
    }
}
