import BotTesting
import ChatCore
import Foundation
import JournalStore
import LastCharacterBot
import LineFormat
@testable import ReplayBot
import Testing

@Suite struct RecordingReplayTests {
    /// A GetTranscript response as curl saves it, from the API documentation's example shape.
    static let transcriptJSON = """
        {"messages":[
          {"from":{"nickname":"Chris","participantId":"1","type":"Customer"},"index":1,"type":"ParticipantJoined"},
          {"from":{"nickname":"Kristi","participantId":"3","type":"Agent"},"index":2,"type":"ParticipantJoined"},
          {"from":{"nickname":"Kristi","participantId":"3","type":"Agent"},"index":3,"type":"Text","text":"Hi, I'm Kristi."},
          {"from":{"nickname":"Chris","participantId":"1","type":"Customer"},"index":4,"type":"Text","text":"Hello?"},
          {"from":{"nickname":"system","participantId":"2","type":"External"},"index":5,"type":"Text","text":"Current Time: now"},
          {"from":{"nickname":"Kristi","participantId":"3","type":"Agent"},"index":6,"type":"Text","text":"How can I help?"},
          {"from":{"nickname":"Chris","participantId":"1","type":"Customer"},"index":7,"type":"Text","text":"Bye"},
          {"from":{"nickname":"Kristi","participantId":"3","type":"Agent"},"index":8,"type":"Text","text":"Goodbye."},
          {"from":{"nickname":"Kristi","participantId":"3","type":"Agent"},"index":9,"type":"ParticipantLeft"}
        ],"statusCode":0}
        """

    static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("replay-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func aSavedTranscript_isReplayedInRecordedOrder_byTheRecordedAgent() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("t.json").path
        try Self.transcriptJSON.write(toFile: path, atomically: true, encoding: .utf8)
        let chat = try TestChat(responder: ReplayResponder(contentsOf: path))
        #expect(chat.waitForAgentText() == "Hi, I'm Kristi.")
        try chat.say("anything at all")
        chat.runUntilIdle()
        #expect(chat.agentReplies == ["How can I help?"])
        try chat.say("more")
        chat.runUntilIdle()
        #expect(chat.agentReplies == ["Goodbye."])
        #expect(chat.state == .idle)
        #expect(chat.transcript.first { $0.from.kind == .agent }?.from.nickname == "Kristi")
    }

    @Test func withGuards_theCustomersRecordedLinesMustBeSaid() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.transcriptJSON.write(to: folder.appendingPathComponent("t.json"), atomically: true, encoding: .utf8)
        let script = folder.appendingPathComponent("guarded.replay").path
        try "from t.json\nguards caseless\noff-script say Please follow the recording.\n".write(toFile: script, atomically: true, encoding: .utf8)
        let chat = try TestChat(responder: ReplayResponder(contentsOf: script))
        try chat.say("Something else")
        chat.runUntilIdle()
        #expect(chat.agentReplies == ["Please follow the recording."])
        try chat.say("HELLO?")
        chat.runUntilIdle()
        #expect(chat.agentReplies == ["How can I help?"])
    }

    @Test func aChatJournal_isReplayed_withTheAgentsRecordedGapsAndLeaving() throws {
        // Record a real chat with the last-character bot into a journal, then replay it.
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try JournalStore(dataDirectory: folder)
        let clock = ManualClock()
        let host = try ChatHost(responder: LastCharacterResponder(), clock: clock, store: store)
        let id = try host.requestChat(nickname: "Chris", subject: "Recording")
        clock.advance(by: .seconds(5))
        try host.sendMessage("Hello!", to: id)
        clock.advance(by: .seconds(5))
        try host.sendMessage("Why?", to: id)
        clock.advance(by: .seconds(5))
        host.shutdown()
        let journal = folder.appendingPathComponent("chats/\(id).jsonl").path
        #expect(FileManager.default.fileExists(atPath: journal))

        let chat = try TestChat(responder: ReplayResponder(contentsOf: journal))
        try chat.say("one")
        chat.runUntilIdle()
        try chat.say("two")
        chat.runUntilIdle()
        #expect(chat.allAgentReplies == ["Neat.", "Good question..."])
        #expect(chat.transcript.first { $0.from.kind == .agent }?.from.nickname == "Roboto")
    }

    @Test func aFileThatIsNotATranscript_isRefusedWithItsName() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("x.json").path
        try "[1, 2]".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: SourceDiagnostics.self) { try ReplayResponder(contentsOf: path) }
        do throws(SourceDiagnostics) {
            _ = try ReplayResponder(contentsOf: path)
        } catch {
            #expect(error.description.hasPrefix("\(path):1:1: not a saved transcript"))
        }
    }

    @Test func aJournalOfAnotherFormatVersion_isRefusedAtItsLine() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("chat.jsonl").path
        let created = #"{"e":"created","v":99,"id":"652492d9-c2d9-44c9-b9ad-0ab7984114bb","nickname":"n","subject":"s","userData":{},"seed":"1","t":0}"#
        try (created + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        do throws(SourceDiagnostics) {
            _ = try ReplayResponder(contentsOf: path)
            Issue.record("a journal of format version 99 was replayed")
        } catch {
            #expect(error.description.hasPrefix("\(path):1:1: not a chat journal: journal format version 99 is not supported"))
        }
    }
}
