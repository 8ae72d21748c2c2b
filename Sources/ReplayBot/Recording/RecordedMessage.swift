import ChatCore
import Foundation
import GWSChatClient
import JournalStore
import LineFormat

/// One message of a recorded chat, from a saved transcript or a chat journal.
struct RecordedMessage: Sendable {
    var index: Int
    var kind: ChatMessage.Kind
    var role: Participant.Kind
    var nickname: String
    var text: String?
    /// When it was posted, if the recording says (journals always do; GWS transcripts may carry
    /// `utcTime`).
    var time: Date?
}

/// Reads recorded chats: one of our chat journals (a `.jsonl` file, as under `chats/`), read by
/// the journal store's own reader, or else a GetTranscript response saved with curl
/// (`{"messages": [...]}`).
enum RecordingReader {
    static func read(contentsOf path: String) throws(SourceDiagnostic) -> [RecordedMessage] {
        if path.hasSuffix(".jsonl") { return try journal(contentsOf: path) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw unreadable(path)
        }
        return try transcript(data, file: path)
    }

    private static func unreadable(_ path: String) -> SourceDiagnostic {
        SourceDiagnostic(.unreadable, at: SourceLocation(file: path, line: 1), "cannot read the recording; check that the file exists and is readable")
    }

    /// A GetTranscript response body, decoded with the server's own codec.
    static func transcript(_ data: Data, file: String) throws(SourceDiagnostic) -> [RecordedMessage] {
        let transcript: GWSTranscript
        do {
            transcript = try GWSWire.decodeTranscript([UInt8](data))
        } catch {
            let place = error.path == "$" ? "" : "\(error.path) "
            throw SourceDiagnostic(.invalidRecording, at: SourceLocation(file: file, line: 1), "not a saved transcript, as GetTranscript returns it (a JSON object with a \"messages\" array): \(place)\(error.reason)")
        }
        return transcript.messages.map {
            // The wire's vocabulary and the core's spell every name the same.
            RecordedMessage(
                index: $0.index, kind: ChatMessage.Kind($0.kind.name), role: Participant.Kind($0.from.kind.name), nickname: $0.from.nickname,
                text: $0.text, time: $0.utcTime)
        }.sorted { $0.index < $1.index }
    }

    /// A chat journal: its `message` records (the other records are the chat's bookkeeping). A
    /// torn last line (a crash mid-write) is dropped, as recovery drops it; any other damage, or a
    /// journal of another format version, is an error at its line.
    static func journal(contentsOf path: String) throws(SourceDiagnostic) -> [RecordedMessage] {
        let reading: JournalReading
        do {
            reading = try JournalReader.read(contentsOf: path)
        } catch {
            throw unreadable(path)
        }
        if let damage = reading.damage.first(where: { $0.kind != .tornLastLine }) {
            throw SourceDiagnostic(.invalidRecording, at: SourceLocation(file: path, line: damage.line), "not a chat journal: \(damage.problem)")
        }
        guard reading.records.first?.createsChat == true else {
            throw SourceDiagnostic(.invalidRecording, at: SourceLocation(file: path, line: 1), "not a chat journal: the first line must be the chat's \"created\" record")
        }
        return reading.records.compactMap(\.message).map { message in
            RecordedMessage(
                index: message.index, kind: message.kind, role: message.from.kind, nickname: message.from.nickname,
                text: message.text, time: message.time)
        }
    }
}
