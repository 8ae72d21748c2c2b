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
    /// `text` only on `Text` messages. The answer is ``transcriptPrefix``, the messages joined by
    /// commas, and ``transcriptSuffix`` (see `TranscriptFragments`, which writes each message once).
    static let transcriptPrefix = Array(#"{"messages":["#.utf8)
    static let transcriptSuffix = Array(#"],"statusCode":0}"#.utf8)

    /// One element of a GetTranscript answer's `messages`.
    static func write(_ message: ChatMessage, to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("from")
        write(message.from, to: &writer)
        writer.member("index", message.index)
        if message.kind == .text { writer.member("text", message.text ?? "") }
        writer.member("type", message.kind.rawValue)
        writer.endObject()
    }

    private static func write(_ participant: Participant, to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("nickname", participant.nickname)
        writer.member("participantId", participant.id)
        writer.member("type", participant.kind.rawValue)
        writer.endObject()
    }
}
