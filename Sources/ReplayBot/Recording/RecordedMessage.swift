import ChatCore
import Foundation
import GWSWire
import JSONText
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
            RecordedMessage(index: $0.index, kind: $0.kind, role: $0.from.kind, nickname: $0.from.nickname, text: $0.text, time: $0.utcTime)
        }.sorted { $0.index < $1.index }
    }

    /// A chat journal: its `message` records (the other records are the chat's bookkeeping).
    static func journal(_ text: String, file: String) throws(SourceDiagnostic) -> [RecordedMessage] {
        var recorded: [RecordedMessage] = []
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let lastLine = lines.lastIndex { !$0.isEmpty } ?? 0
        for (number, line) in lines.enumerated() where !line.isEmpty {
            guard case .object(let record)? = try? JSONParser.parse(Array(line.utf8)) else {
                // A torn last line (a crash mid-write) is what recovery drops too.
                if number >= lastLine { break }
                throw SourceDiagnostic(.invalidRecording, at: SourceLocation(file: file, line: number + 1), "not a journal record: each line must be a JSON object")
            }
            guard record["e"] == .string("message") else { continue }
            guard case .string(let type)? = record["type"], let kind = ChatMessage.Kind(rawValue: type),
                  case .string(let roleName)? = record["role"], let role = Participant.Kind(rawValue: roleName),
                  case .number(let indexText)? = record["index"], let index = Int(indexText) else {
                throw SourceDiagnostic(.invalidRecording, at: SourceLocation(file: file, line: number + 1), "message record without a known type, role or index")
            }
            var time: Date?
            if case .number(let millis)? = record["t"], let value = Double(millis) { time = Date(timeIntervalSince1970: value / 1000) }
            var nickname = ""
            if case .string(let name)? = record["nickname"] { nickname = name }
            var messageText: String?
            if case .string(let said)? = record["text"] { messageText = said }
            recorded.append(RecordedMessage(index: index, kind: kind, role: role, nickname: nickname, text: messageText, time: time))
        }
        return recorded.sorted { $0.index < $1.index }
    }
}
