import JSONText
import ChatCore

/// The GWS JSON shapes of the chat API, written with ``JSONWriter`` in the documented key order.
enum ChatJSON {
    /// RequestChat: `{"id":…,"statusCode":0,"path":"/api/v2/chats/…"}`.
    static func created(_ id: ChatID) -> [UInt8] {
        var writer = JSONWriter(capacity: 128)
        writer.beginObject()
        writer.member("id", id.description)
        writer.member("statusCode", 0)
        writer.member("path", "\(APIRoute.apiPrefix)/\(id)")
        writer.endObject()
        return writer.bytes
    }

    /// `{"statusCode":0}`.
    static let success: [UInt8] = Array("{\"statusCode\":0}".utf8)

    /// GetChat: `{"chat":{"capabilities":[…],"id":…,"participants":[…],"state":…},"statusCode":0}`.
    static func chat(_ snapshot: ChatSnapshot) -> [UInt8] {
        var writer = JSONWriter(capacity: 384)
        writer.beginObject()
        writer.key("chat")
        writer.beginObject()
        writer.key("capabilities")
        writer.beginArray()
        for operation in snapshot.capabilities { writer.string(operation.rawValue) }
        writer.endArray()
        writer.member("id", snapshot.id.description)
        writer.key("participants")
        writer.beginArray()
        for participant in snapshot.participants { write(participant, to: &writer) }
        writer.endArray()
        writer.member("state", snapshot.state.rawValue)
        writer.endObject()
        writer.member("statusCode", 0)
        writer.endObject()
        return writer.bytes
    }

    /// GetTranscript: `{"messages":[{"from":{…},"index":N,"text":…,"type":…}],"statusCode":0}`;
    /// `text` only on `Text` messages. Written one message at a time, bounded in size.
    struct Transcript {
        private var writer = JSONWriter(capacity: 4096)
        private var messageCount = 0
        /// The answer, closing brackets included, stays within this unless its first message alone is larger.
        private let maxBytes: Int
        private static let closing = #"],"statusCode":0}"#.utf8.count

        init(maxBytes: Int) {
            self.maxBytes = maxBytes
            writer.beginObject()
            writer.key("messages")
            writer.beginArray()
        }

        /// Adds the message if it fits (the first always does); `false` when it did not fit.
        mutating func add(_ message: ChatMessage) -> Bool {
            let mark = writer.mark
            writer.beginObject()
            writer.key("from")
            ChatJSON.write(message.from, to: &writer)
            writer.member("index", message.index)
            if message.kind == .text { writer.member("text", message.text ?? "") }
            writer.member("type", message.kind.rawValue)
            writer.endObject()
            if messageCount > 0, writer.count + Self.closing > maxBytes {
                writer.rollBack(to: mark)
                return false
            }
            messageCount += 1
            return true
        }

        mutating func finish() -> [UInt8] {
            writer.endArray()
            writer.member("statusCode", 0)
            writer.endObject()
            return writer.bytes
        }
    }

    fileprivate static func write(_ participant: Participant, to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("nickname", participant.nickname)
        writer.member("participantId", participant.id)
        writer.member("type", participant.kind.rawValue)
        writer.endObject()
    }
}
