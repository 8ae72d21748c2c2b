import Foundation
package import JSONText

/// The one codec of the GWS Chat API v2 answers, over the client's vocabulary (``GWSChat``,
/// ``GWSMessage``, ...): the server encodes with it (ChatHTTPAPI maps its chats onto that
/// vocabulary), ``GWSClient`` and ReplayBot's saved transcripts decode with it, so the two sides
/// cannot drift apart. Package-only: a user of the client sees its calls and their answers.
///
/// Members are written in the documented order (`id`, `statusCode`, `path`; `capabilities`,
/// `id`, `participants`, `state`; `from`, `index`, `text`, `type`). Reading is lenient where
/// servers differ and strict where meaning would be lost: unknown members are ignored, a
/// `participantId` may be a string or a number (the original Node emulator sends a number), a
/// message type, role, state or operation this build does not know is kept by its name, but a
/// missing `index` or an empty `type` is an error naming the member.
package enum GWSWire {
    /// The path of a chat under the API's base URL.
    package static let chatsPath = "/api/v2/chats"

    // MARK: - Encoding (the server)

    /// `{"statusCode":0}`: the answer to SendMessage, typing notifications and Complete.
    package static let success: [UInt8] = Array("{\"statusCode\":0}".utf8)

    package static func encode(_ created: GWSChatCreated) -> [UInt8] {
        var writer = JSONWriter(capacity: 128)
        writer.beginObject()
        writer.member("id", created.id)
        writer.member("statusCode", 0)
        writer.member("path", created.path)
        writer.endObject()
        return writer.bytes
    }

    /// The RequestChat answer for a chat of this emulator, whose id is `id`.
    package static func created(_ id: String) -> GWSChatCreated {
        GWSChatCreated(id: id, path: "\(chatsPath)/\(id)")
    }

    package static func encode(_ chat: GWSChat) -> [UInt8] {
        encodeChat(
            id: chat.id, state: chat.state, capabilityCount: chat.capabilities.count, capability: { chat.capabilities[$0] },
            participantCount: chat.participants.count, participant: { chat.participants[$0] })
    }

    /// A GetChat answer written from a server's own values, each capability and participant
    /// asked for by its position as it is written: no array of wire values is built per answer
    /// (GetChat is the API's most frequent read).
    package static func encodeChat(
        id: String, state: GWSChat.State, capabilityCount: Int, capability: (Int) -> GWSOperation,
        participantCount: Int, participant: (Int) -> GWSParticipant
    ) -> [UInt8] {
        var writer = JSONWriter(capacity: 384)
        writer.beginObject()
        writer.key(Keys.chat)
        writer.beginObject()
        writer.key(Keys.capabilities)
        writer.beginArray()
        for position in 0..<capabilityCount { writer.string(capability(position).name) }
        writer.endArray()
        writer.member(Keys.id, id)
        writer.key(Keys.participants)
        writer.beginArray()
        for position in 0..<participantCount { write(participant(position), to: &writer) }
        writer.endArray()
        writer.member(Keys.state, state.name)
        writer.endObject()
        writer.member(Keys.statusCode, 0)
        writer.endObject()
        return writer.bytes
    }

    /// The member names of GetChat and GetTranscript answers, quoted once (they are written on
    /// every answer, several times each).
    private enum Keys {
        static let chat = JSONKey("chat")
        static let capabilities = JSONKey("capabilities")
        static let id = JSONKey("id")
        static let participants = JSONKey("participants")
        static let state = JSONKey("state")
        static let statusCode = JSONKey("statusCode")
        static let nickname = JSONKey("nickname")
        static let participantId = JSONKey("participantId")
        static let type = JSONKey("type")
        static let from = JSONKey("from")
        static let index = JSONKey("index")
        static let text = JSONKey("text")
        static let utcTime = JSONKey("utcTime")
    }

    package static func encode(_ transcript: GWSTranscript) -> [UInt8] {
        var writer = TranscriptWriter(maxBytes: .max, capacity: 64 + transcript.messages.count * 160)
        for message in transcript.messages { _ = writer.add(message) }
        return writer.finish()
    }

    /// A GetTranscript answer written one message at a time, bounded in size, so a server can
    /// stop at the bound without building the whole transcript first.
    package struct TranscriptWriter {
        private var writer: JSONWriter
        private var messageCount = 0
        /// The answer, closing brackets included, stays within this unless its first message
        /// alone is larger.
        private let maxBytes: Int
        private static let closing = #"],"statusCode":0}"#.utf8.count

        package init(maxBytes: Int, capacity: Int = 4096) {
            self.maxBytes = maxBytes
            writer = JSONWriter(capacity: capacity)
            writer.beginObject()
            writer.key("messages")
            writer.beginArray()
        }

        /// Adds the message if it fits (the first always does); `false` when it did not fit.
        package mutating func add(_ message: GWSMessage) -> Bool {
            let mark = writer.mark
            GWSWire.write(message, to: &writer)
            if messageCount > 0, writer.count + Self.closing > maxBytes {
                writer.rollBack(to: mark)
                return false
            }
            messageCount += 1
            return true
        }

        /// The answer's bytes.
        package mutating func finish() -> [UInt8] {
            writer.endArray()
            writer.member("statusCode", 0)
            writer.endObject()
            return writer.bytes
        }
    }

    /// What comes before and after the comma-separated messages of a GetTranscript answer, for a
    /// server that keeps each message's JSON (written by `write(_:to:)`) and joins them.
    package static let transcriptPrefix = Array(#"{"messages":["#.utf8)
    package static let transcriptSuffix = Array(#"],"statusCode":0}"#.utf8)

    /// One element of a GetTranscript answer's `messages`.
    package static func write(_ message: GWSMessage, to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key(Keys.from)
        write(message.from, to: &writer)
        writer.member(Keys.index, message.index)
        // A Text always has a text; other types carry one when they have it (a notice, an agent's
        // typing preview), as GWS does.
        if message.kind == .text || message.text != nil { writer.member(Keys.text, message.text ?? "") }
        writer.member(Keys.type, message.kind.name)
        if let time = message.utcTime { writer.member(Keys.utcTime, Int((time.timeIntervalSince1970 * 1000).rounded())) }
        writer.endObject()
    }

    package static func encode(_ error: GWSErrorBody) -> [UInt8] {
        var writer = JSONWriter(capacity: 64 + error.statusMessage.utf8.count)
        writer.beginObject()
        writer.member("statusCode", error.statusCode)
        writer.member("statusMessage", error.statusMessage)
        writer.endObject()
        return writer.bytes
    }

    fileprivate static func write(_ participant: GWSParticipant, to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member(Keys.nickname, participant.nickname)
        writer.member(Keys.participantId, participant.id)
        writer.member(Keys.type, participant.kind.name)
        writer.endObject()
    }

    // MARK: - Decoding (clients, recordings)

    package static func decodeCreated(_ bytes: [UInt8]) throws(GWSWireError) -> GWSChatCreated {
        let root = try WireValue.root(bytes, shape: "RequestChat answer")
        let idValue = try root.member("id")
        let id = try idValue.string()
        guard !id.isEmpty else { throw idValue.error("is empty; a chat id was expected") }
        let path = try root.optionalMember("path")?.string() ?? "\(chatsPath)/\(id)"
        return GWSChatCreated(id: id, path: path)
    }

    package static func decodeChat(_ bytes: [UInt8]) throws(GWSWireError) -> GWSChat {
        let chat = try WireValue.root(bytes, shape: "GetChat answer").member("chat")
        let state = GWSChat.State(try chat.member("state").name("chat state"))
        var capabilities: [GWSOperation] = []
        for item in try chat.optionalMember("capabilities")?.elements() ?? [] {
            capabilities.append(GWSOperation(try item.name("operation")))
        }
        var participants: [GWSParticipant] = []
        for item in try chat.optionalMember("participants")?.elements() ?? [] {
            participants.append(try participant(item))
        }
        return GWSChat(id: try chat.member("id").string(), state: state, participants: participants, capabilities: capabilities)
    }

    package static func decodeTranscript(_ bytes: [UInt8]) throws(GWSWireError) -> GWSTranscript {
        try decodeTranscript(WireValue.root(bytes, shape: "GetTranscript answer"))
    }

    /// A GetTranscript answer already parsed (a file that was checked to be JSON first).
    package static func decodeTranscript(_ value: JSONValue, shape: String = "GetTranscript answer") throws(GWSWireError) -> GWSTranscript {
        try decodeTranscript(WireValue(value: value, shape: shape, path: "$"))
    }

    private static func decodeTranscript(_ root: WireValue) throws(GWSWireError) -> GWSTranscript {
        var messages: [GWSMessage] = []
        for item in try root.member("messages").elements() {
            let text = try item.optionalMember("text")?.string()
            let time = try item.optionalMember("utcTime")?.integer().map { Date(timeIntervalSince1970: Double($0) / 1000) }
            messages.append(
                GWSMessage(
                    index: try item.member("index").requiredInteger(),
                    kind: GWSMessage.Kind(try item.member("type").name("message type")),
                    from: try participant(item.member("from")), text: text, utcTime: time ?? nil))
        }
        return GWSTranscript(messages: messages)
    }

    /// A refusal's body, or `nil` when the bytes are not one (an HTTP layer's own page, say).
    package static func decodeError(_ bytes: [UInt8]) -> GWSErrorBody? {
        guard let root = try? WireValue.root(bytes, shape: "error"),
            let code = try? root.member("statusCode").requiredInteger()
        else { return nil }
        let message = (try? root.optionalMember("statusMessage")?.string()) ?? nil
        return GWSErrorBody(statusCode: code, statusMessage: message ?? "")
    }

    /// The `statusCode` of any answer, if it has one.
    package static func statusCode(of bytes: [UInt8]) -> Int? {
        guard let root = try? WireValue.root(bytes, shape: "answer") else { return nil }
        return try? root.member("statusCode").requiredInteger()
    }

    private static func participant(_ value: WireValue) throws(GWSWireError) -> GWSParticipant {
        let id: String
        let idValue = try value.member("participantId")
        switch idValue.value {
        case .string(let text): id = text
        case .number(let text): id = text
        default: throw idValue.error("must be a string or a number, not \(idValue.value.typeName)")
        }
        let nickname = try value.optionalMember("nickname")?.string() ?? ""
        return GWSParticipant(id: id, nickname: nickname, kind: GWSParticipant.Kind(try value.member("type").name("participant type")))
    }
}
