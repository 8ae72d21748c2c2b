import ChatCore
import Foundation
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

    /// A GetTranscript response body.
    static func transcript(_ data: Data, file: String) throws(SourceDiagnostic) -> [RecordedMessage] {
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let messages = object["messages"] as? [Any] else {
            throw SourceDiagnostic(.invalidRecording, at: SourceLocation(file: file, line: 1), "not a saved transcript: expected a JSON object with a \"messages\" array, as GetTranscript returns")
        }
        var recorded: [RecordedMessage] = []
        for (position, item) in messages.enumerated() {
            guard let message = item as? [String: Any], let from = message["from"] as? [String: Any],
                  let kind = (message["type"] as? String).flatMap(ChatMessage.Kind.init(rawValue:)),
                  let role = (from["type"] as? String).flatMap(Participant.Kind.init(rawValue:)) else {
                throw SourceDiagnostic(.invalidRecording, at: SourceLocation(file: file, line: 1), "message \(position + 1) of \"messages\" lacks a known \"type\" or \"from\".\"type\"")
            }
            let time = (message["utcTime"] as? NSNumber).map { Date(timeIntervalSince1970: $0.doubleValue / 1000) }
            recorded.append(RecordedMessage(
                index: (message["index"] as? NSNumber)?.intValue ?? position + 1, kind: kind, role: role,
                nickname: from["nickname"] as? String ?? "", text: message["text"] as? String, time: time))
        }
        return recorded.sorted { $0.index < $1.index }
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
