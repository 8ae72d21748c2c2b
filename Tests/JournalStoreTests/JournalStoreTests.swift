import ChatCore
import ChatStoreChecks
import Foundation
import JournalStore
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite struct JournalStoreTests {
    /// The promises every store keeps (``ChatStoreConformance``), on journal files, with and
    /// without fsync.
    @Test(arguments: [FsyncPolicy.never, .always])
    func journalStore_keepsEveryPromiseOfTheSeam(fsync: FsyncPolicy) throws {
        let folder = try DataFolder()
        defer { folder.remove() }
        let failures = ChatStoreConformance.check(
            open: { try folder.store(fsync: fsync) },
            erase: { try? FileManager.default.removeItem(at: folder.chats) })
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test func tornLastLine_isSkipped_andLaterWritesStartOnACleanLine() throws {
        let folder = try DataFolder()
        defer { folder.remove() }
        let id: ChatID
        do {
            let clock = ManualClock()
            let host = try makeHost(clock: clock, store: folder.store())
            id = try host.requestChat(nickname: "n", subject: "s")
            try host.sendMessage("kept.", to: id)
            clock.advance(by: .zero)
            host.shutdown()
        }
        let completeLines = try Data(contentsOf: folder.journal(id)).count { $0 == UInt8(ascii: "\n") }
        let handle = try FileHandle(forWritingTo: folder.journal(id))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(#"{"e":"message","index":6,"type":"Te"#.utf8))
        try handle.close()

        let log = LogLines()
        let clock = ManualClock()
        let host = try makeHost(clock: clock, store: folder.store(log: log))
        #expect(try host.texts(id, from: .customer) == ["kept."])
        #expect(log.all.contains { $0.contains("\(folder.journal(id).path) line \(completeLines + 1): torn last line") })
        try host.sendMessage("after the crash!", to: id)
        clock.advance(by: .zero)
        host.shutdown()
        let again = try makeHost(store: folder.store())
        #expect(try again.texts(id, from: .customer) == ["kept.", "after the crash!"])
        #expect(try again.texts(id, from: .agent) == ["Ok.", "Neat."])
    }

    @Test func journal_isOneJSONObjectPerLine() throws {
        let folder = try DataFolder()
        defer { folder.remove() }
        let host = try makeHost(store: folder.store(fsync: .always))
        let id = try host.requestChat(nickname: "n", subject: "s")
        try host.sendMessage("hi \u{1}", to: id)
        host.shutdown()
        let text = try String(contentsOf: folder.journal(id), encoding: .utf8)
        let lines = text.split(separator: "\n")
        #expect(lines.count > 5)
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object?["e"] is String)
        }
    }

    @Test func filesThatAreNotJournals_areIgnored() throws {
        let folder = try DataFolder()
        defer { folder.remove() }
        try FileManager.default.createDirectory(at: folder.chats, withIntermediateDirectories: true)
        try Data("junk\n".utf8).write(to: folder.chats.appendingPathComponent("notes.jsonl"))
        let host = try makeHost(store: folder.store())
        #expect(host.chatIDs.isEmpty)
    }

    // MARK: Damage keeps indices unique

    /// A chat with `count` customer messages (and the bot's answers), its journal, and its lines.
    private func journaledChat(in folder: DataFolder, messages count: Int) throws -> (ChatID, [Substring]) {
        let clock = ManualClock()
        let host = try makeHost(clock: clock, store: folder.store())
        let id = try host.requestChat(nickname: "n", subject: "s")
        for number in 1...count {
            try host.sendMessage("m\(number).", to: id)
            clock.advance(by: .zero)
        }
        host.shutdown()
        let text = try String(contentsOf: folder.journal(id), encoding: .utf8)
        return (id, text.split(separator: "\n", omittingEmptySubsequences: false))
    }

    /// The line number (1-based) of the message record with `index`.
    private func lineNumber(ofMessage index: Int, in lines: [Substring]) throws -> Int {
        try #require(lines.firstIndex { $0.hasPrefix(#"{"e":"message","index":\#(index),"#) }) + 1
    }

    @Test func aDamagedLineInTheMiddle_isReportedWithFileAndLine_andNewMessagesGetNewIndices() throws {
        let folder = try DataFolder()
        defer { folder.remove() }
        var (id, lines) = try journaledChat(in: folder, messages: 4)
        let damaged = try lineNumber(ofMessage: 6, in: lines)
        lines[damaged - 1] = #"{"e":"message","index":6,"ty\#u{0}pe"#
        try lines.joined(separator: "\n").write(to: folder.journal(id), atomically: false, encoding: .utf8)

        let log = LogLines()
        let clock = ManualClock()
        let host = try makeHost(clock: clock, store: folder.store(log: log))
        #expect(log.all.contains { $0.hasPrefix("error: Journal \(folder.journal(id).path) line \(damaged): ") })
        try host.sendMessage("after.", to: id)
        clock.advance(by: .zero)
        let indices = try host.allMessages(id).map(\.index)
        #expect(indices == [1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 12, 13])
        host.shutdown()
        let restarted = try makeHost(store: folder.store())
        #expect(try restarted.allMessages(id).map(\.index) == indices)
        #expect(try restarted.transcript(of: id, from: 7).first?.index == 7)
        #expect(try restarted.transcript(of: id, from: 6).first?.index == 7)
    }

    @Test func aDuplicatedLine_isReported_andSkipsNoIndex() throws {
        let folder = try DataFolder()
        defer { folder.remove() }
        var (id, lines) = try journaledChat(in: folder, messages: 3)
        let repeated = try lineNumber(ofMessage: 5, in: lines)
        lines.insert(lines[repeated - 1], at: repeated)
        try lines.joined(separator: "\n").write(to: folder.journal(id), atomically: false, encoding: .utf8)

        let log = LogLines()
        let clock = ManualClock()
        let host = try makeHost(clock: clock, store: folder.store(log: log))
        #expect(log.all.contains { $0.contains("\(folder.journal(id).path) line \(repeated + 1): message index 5 does not follow 5") })
        try host.sendMessage("after.", to: id)
        clock.advance(by: .zero)
        #expect(try host.allMessages(id).map(\.index) == Array(1...11))
    }

    // MARK: Odd entries in chats/

    @Test func aFolderADanglingLinkAndAFIFONamedLikeJournals_areLoggedAndSkipped_andTheRestIsServed() throws {
        let folder = try DataFolder()
        defer { folder.remove() }
        let good: ChatID
        do {
            let host = try makeHost(store: folder.store())
            good = try host.requestChat(nickname: "n", subject: "s")
            host.shutdown()
        }
        let odd = (0..<3).map { _ in ChatID(UUID()) }
        try FileManager.default.createDirectory(at: folder.journal(odd[0]), withIntermediateDirectories: false)
        try FileManager.default.createSymbolicLink(atPath: folder.journal(odd[1]).path, withDestinationPath: "/nonexistent/x.jsonl")
        #expect(mkfifo(folder.journal(odd[2]).path, 0o644) == 0)

        let log = LogLines()
        let host = try makeHost(store: folder.store(log: log))
        #expect(host.chatIDs == [good])
        for (id, kind) in zip(odd, ["directory", "symbolic link", "FIFO"]) {
            #expect(log.all.contains { $0.contains("Skipping \(folder.journal(id).path): a \(kind)") }, "\(kind)")
        }
        try host.sendMessage("still served.", to: good)
    }

    @Test func aSymlinkNamedLikeAJournal_isNeverFollowed_soItsTargetIsNotTruncated() throws {
        let folder = try DataFolder()
        defer { folder.remove() }
        try FileManager.default.createDirectory(at: folder.chats, withIntermediateDirectories: true)
        let outside = folder.url.appendingPathComponent("outside.txt")
        let precious = "precious data without a final newline"
        try precious.write(to: outside, atomically: false, encoding: .utf8)
        let id = ChatID(UUID())
        try FileManager.default.createSymbolicLink(atPath: folder.journal(id).path, withDestinationPath: outside.path)

        let store = try folder.store()
        let host = try makeHost(store: store)
        #expect(host.chatIDs.isEmpty)
        #expect(try String(contentsOf: outside, encoding: .utf8) == precious)
        // Nor does appending follow it.
        let record = try JournalRecord(line: Array(#"{"e":"state","state":"Chatting"}"#.utf8))
        #expect(throws: JournalStoreError.self) { try store.append([record], to: id) }
        #expect(try String(contentsOf: outside, encoding: .utf8) == precious)
    }

    // MARK: Bounded open journals

    @Test func openJournals_stayWithinTheCap_whileEveryChatKeepsWorking() throws {
        let folder = try DataFolder()
        defer { folder.remove() }
        let store = try folder.store(maxOpenJournals: 4)
        let host = try makeHost(store: store)
        let ids = try (0..<20).map { _ in try host.requestChat(nickname: "n", subject: "s") }
        for id in ids { try host.sendMessage("a", to: id) }
        for id in ids.reversed() { try host.sendMessage("b", to: id) }
        #expect(store.openJournalCount <= 4)
        host.shutdown()
        #expect(store.openJournalCount == 0)
        let restarted = try makeHost(store: folder.store(maxOpenJournals: 4))
        for id in ids { #expect(try restarted.texts(id, from: .customer) == ["a", "b"]) }
    }

    @Test func theCap_isAtMostAQuarterOfTheDescriptorLimit() throws {
        let folder = try DataFolder()
        defer { folder.remove() }
        var limit = rlimit()
        #expect(getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0)
        let store = try folder.store(maxOpenJournals: .max)
        #expect(store.openJournalLimit <= max(1, Int(clamping: limit.rlim_cur) / 4))
    }

    @Test func anAppendThatFails_leavesTheFileAsItWas() throws {
        let folder = try DataFolder()
        defer { folder.remove() }
        let store = try folder.store(maxOpenJournals: 1)
        let clock = ManualClock()
        let host = try makeHost(clock: clock, store: store)
        let id = try host.requestChat(nickname: "n", subject: "s")
        let other = try host.requestChat(nickname: "n", subject: "s")  // pushes `id`'s journal out
        let saved = folder.chats.appendingPathComponent("saved")
        try FileManager.default.moveItem(at: folder.journal(id), to: saved)
        try FileManager.default.createDirectory(at: folder.journal(id), withIntermediateDirectories: false)
        #expect { try host.sendMessage("refused", to: id) } throws: { ($0 as? ChatError)?.code == .internalFailure }
        try FileManager.default.removeItem(at: folder.journal(id))
        try FileManager.default.moveItem(at: saved, to: folder.journal(id))
        try host.sendMessage("accepted", to: id)
        try host.sendMessage("x", to: other)
        clock.advance(by: .zero)
        host.shutdown()
        let restarted = try makeHost(store: folder.store())
        #expect(try restarted.texts(id, from: .customer) == ["accepted"])
        #expect(try restarted.allMessages(id).map(\.index) == Array(1...5))
    }
}
