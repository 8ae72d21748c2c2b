import ChatCore
import Foundation
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

/// Reads recorded chats: a GetTranscript response saved with curl (`{"messages": [...]}`), or
/// one of our chat journals (`chats/<id>.jsonl`).
enum RecordingReader {
    static func read(contentsOf path: String) throws(SourceDiagnostic) -> [RecordedMessage] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SourceDiagnostic(.unreadable, at: SourceLocation(file: path, line: 1), "cannot read the recording; check that the file exists and is readable")
        }
        let text = String(decoding: data, as: UTF8.self)
        let start = text.drop { $0.isWhitespace }
        if path.hasSuffix(".jsonl") || start.hasPrefix("{\"e\"") {
            return try journal(text, file: path)
        }
        return try transcript(data, file: path)
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

    /// A chat journal: its `message` records (the other records are the chat's bookkeeping).
    static func journal(_ text: String, file: String) throws(SourceDiagnostic) -> [RecordedMessage] {
        var recorded: [RecordedMessage] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where !line.isEmpty {
            guard let record = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                // A torn last line (a crash mid-write) is what recovery drops too.
                if number + 1 >= text.split(separator: "\n").count { break }
                throw SourceDiagnostic(.invalidRecording, at: SourceLocation(file: file, line: number + 1), "not a journal record: each line must be a JSON object")
            }
            guard record["e"] as? String == "message" else { continue }
            guard let kind = (record["type"] as? String).flatMap(ChatMessage.Kind.init(rawValue:)),
                  let role = (record["role"] as? String).flatMap(Participant.Kind.init(rawValue:)),
                  let index = (record["index"] as? NSNumber)?.intValue else {
                throw SourceDiagnostic(.invalidRecording, at: SourceLocation(file: file, line: number + 1), "message record without a known type, role or index")
            }
            let time = (record["t"] as? NSNumber).map { Date(timeIntervalSince1970: $0.doubleValue / 1000) }
            recorded.append(RecordedMessage(
                index: index, kind: kind, role: role, nickname: record["nickname"] as? String ?? "",
                text: record["text"] as? String, time: time))
        }
        return recorded.sorted { $0.index < $1.index }
    }
}
