import ChatCore
import Foundation
import Testing

@Suite struct PersistenceTests {
    @Test func restart_restoresTranscriptStateCursorAndParticipants() throws {
        let directory = try makeTemporaryDirectory()
        let clock = ManualClock()
        let id: ChatID
        let before: [ChatMessage]
        do {
            let (host, _) = try makeHost(joinDelay: .zero, replyDelay: .zero, clock: clock, storage: ChatStorage(dataDirectory: directory))
            id = try host.requestChat(nickname: "Grüße \"quoted\"\n", subject: "Ünïcode ✓", userData: ["k": "v"])
            try host.sendMessage("Line one.\nLine \\two\t!", to: id)
            _ = try host.transcript(of: id)
            try host.sendMessage("Again?", to: id)
            before = try host.allMessages(id)
            host.shutdown()
        }
        let (host, _) = try makeHost(clock: clock, storage: ChatStorage(dataDirectory: directory))
        #expect(try host.allMessages(id) == before)
        let chat = try host.chat(id)
        #expect(chat.state == .chatting)
        #expect(chat.participants.map(\.id) == ["1", "2", "3"])
        #expect(chat.customerNickname == "Grüße \"quoted\"\n")
        #expect(chat.userData == ["k": "v"])
        // The cursor survived: only the messages after the first GetTranscript are new.
        #expect(try host.transcript(of: id).compactMap(\.text) == ["Again?", "Good question..."])
    }

    @Test func restart_resumesPendingSteps_soTheAgentStillJoins() throws {
        let directory = try makeTemporaryDirectory()
        let clock = ManualClock()
        let id: ChatID
        do {
            let (host, _) = try makeHost(joinDelay: .seconds(3, 3), clock: clock, storage: ChatStorage(dataDirectory: directory))
            id = try host.requestChat(nickname: "n", subject: "s")
            clock.advance(by: .seconds(1))
            host.shutdown()
        }
        let restartedClock = ManualClock(start: clock.now())
        let (host, _) = try makeHost(joinDelay: .seconds(3, 3), clock: restartedClock, storage: ChatStorage(dataDirectory: directory))
        #expect(try host.chat(id).state == .waitingForAgent)
        restartedClock.advance(by: .seconds(2))
        #expect(try host.chat(id).state == .chatting)
        restartedClock.advance(by: .seconds(20))
        #expect(try host.texts(id, from: .external).count == 1)
    }

    @Test func tornLastLine_isSkipped_andLaterWritesStartOnACleanLine() throws {
        let directory = try makeTemporaryDirectory()
        let id: ChatID
        do {
            let (host, _) = try makeHost(joinDelay: .zero, replyDelay: .zero, storage: ChatStorage(dataDirectory: directory))
            id = try host.requestChat(nickname: "n", subject: "s")
            try host.sendMessage("kept.", to: id)
            host.shutdown()
        }
        let journal = directory.appendingPathComponent("chats/\(id).jsonl")
        let handle = try FileHandle(forWritingTo: journal)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(#"{"e":"message","index":6,"type":"Te"#.utf8))
        try handle.close()

        let (host, _) = try makeHost(joinDelay: .zero, replyDelay: .zero, storage: ChatStorage(dataDirectory: directory))
        #expect(try host.texts(id, from: .customer) == ["kept."])
        try host.sendMessage("after the crash!", to: id)
        host.shutdown()
        let (again, _) = try makeHost(storage: ChatStorage(dataDirectory: directory))
        #expect(try again.texts(id, from: .customer) == ["kept.", "after the crash!"])
        #expect(try again.texts(id, from: .agent) == ["Ok.", "Neat."])
    }

    @Test func responderMemory_survivesARestart() throws {
        let directory = try makeTemporaryDirectory()
        let counter = ClosureResponder { event, context in
            guard event.kind == .customerText else { return .none }
            let count = (Int(context.memory["count"] ?? "") ?? 0) + 1
            context.memory["count"] = String(count)
            return AgentReply([.say("#\(count)")])
        }
        let id: ChatID
        do {
            let (host, _) = try makeHost(responder: counter, joinDelay: .zero, replyDelay: .zero, storage: ChatStorage(dataDirectory: directory))
            id = try host.requestChat(nickname: "n", subject: "s")
            try host.sendMessage("a", to: id)
            host.shutdown()
        }
        let (host, _) = try makeHost(responder: counter, joinDelay: .zero, replyDelay: .zero, storage: ChatStorage(dataDirectory: directory))
        try host.sendMessage("b", to: id)
        #expect(try host.texts(id, from: .agent) == ["#1", "#2"])
    }

    @Test func journal_isOneJSONObjectPerLine() throws {
        let directory = try makeTemporaryDirectory()
        let (host, _) = try makeHost(joinDelay: .zero, replyDelay: .zero, storage: ChatStorage(dataDirectory: directory, fsync: .always))
        let id = try host.requestChat(nickname: "n", subject: "s")
        try host.sendMessage("hi \u{1}", to: id)
        host.shutdown()
        let text = try String(contentsOf: directory.appendingPathComponent("chats/\(id).jsonl"), encoding: .utf8)
        let lines = text.split(separator: "\n")
        #expect(lines.count > 5)
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object?["e"] is String)
        }
    }

    @Test func filesThatAreNotJournals_areIgnored() throws {
        let directory = try makeTemporaryDirectory()
        let chats = directory.appendingPathComponent("chats")
        try FileManager.default.createDirectory(at: chats, withIntermediateDirectories: true)
        try Data("junk\n".utf8).write(to: chats.appendingPathComponent("notes.jsonl"))
        let (host, _) = try makeHost(storage: ChatStorage(dataDirectory: directory))
        #expect(host.chatIDs.isEmpty)
    }
}

@Suite struct ChatIDTests {
    @Test(arguments: ["../../etc/passwd", "", "652492d9-c2d9-44c9-b9ad-0ab7984114bg", "652492d9c-2d9-44c9-b9ad-0ab7984114bb", "652492d9-c2d9-44c9-b9ad-0ab7984114bbb", "652492d9-c2d9-44c9-b9ad+0ab7984114bb", "652492d9-c2d9-44c9-b9ad-0ab7984114b", "652492d9c2d944c9b9ad0ab7984114bbxxxx", "652492d9-c2d9-44c9-b9ad-0ab7984114bb/.."])
    func malformedIDs_areRejected(text: String) {
        #expect(ChatID(validating: text) == nil)
    }

    @Test func canonicalIDs_areAccepted_andPrintedInLowerCase() {
        #expect(ChatID(validating: "652492D9-C2D9-44C9-B9AD-0AB7984114BB")?.description == "652492d9-c2d9-44c9-b9ad-0ab7984114bb")
        for _ in 0..<100 {
            let uuid = UUID()
            #expect(ChatID(validating: uuid.uuidString)?.uuid == uuid)
        }
    }
}

@Suite struct DelayRangeTests {
    @Test func parsing() {
        #expect(DelayRange(parsing: "1-3") == .seconds(1, 3))
        #expect(DelayRange(parsing: "0") == .zero)
        #expect(DelayRange(parsing: "0.5-1.5") == .seconds(0.5, 1.5))
        for bad in ["", "-1", "3-1", "a-b", "1-2-3", "nan", "1e9"] { #expect(DelayRange(parsing: bad) == nil, "\(bad)") }
    }
}

@Suite struct JournalFailureTests {
    /// Replaces a chat's journal file with a folder, so the next append cannot open it.
    static func breakJournal(of id: ChatID, in directory: URL) throws {
        let journal = directory.appendingPathComponent("chats/\(id).jsonl")
        try FileManager.default.removeItem(at: journal)
        try FileManager.default.createDirectory(at: journal, withIntermediateDirectories: false)
    }

    @Test func unwritableJournal_failsTheRequest_andTheChatRefusesChangesAfterwards() throws {
        let directory = try makeTemporaryDirectory()
        let (host, _) = try makeHost(joinDelay: .zero, replyDelay: .zero, storage: ChatStorage(dataDirectory: directory))
        let id = try host.requestChat(nickname: "n", subject: "s")
        let healthy = try host.requestChat(nickname: "m", subject: "s")
        host.shutdown()  // closes the journals: the next write opens the file again
        try Self.breakJournal(of: id, in: directory)

        #expect { try host.sendMessage("lost?", to: id) } throws: { ($0 as? ChatError)?.code == .internalFailure }
        #expect { try host.startTyping(in: id) } throws: { ($0 as? ChatError)?.code == .internalFailure }
        // Reading still works, and other chats are unaffected.
        #expect(try host.chat(id).state == .chatting)
        try host.sendMessage("fine.", to: healthy)
        #expect(try host.texts(healthy, from: .agent) == ["Ok."])
    }
}
