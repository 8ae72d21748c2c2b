import ChatCore
import Foundation
import JSONText

/// The JSON shapes of the `/emulator/` endpoints. Messages are written as GetTranscript writes
/// them, plus what GWS does not carry: `time` (ISO 8601) and, on agent messages a bot sent,
/// `origin` (which rule answered). A member without a value is left out, never `null`.
enum EmulatorJSON {
    /// `{"KEY": [{…}, …], …, "statusCode": 0}`, the shape of the `/emulator/` lists: `item` writes
    /// the members of one element's object, `trailer` the members after the list.
    static func list<Item>(
        _ key: String, _ items: some Sequence<Item>, capacity: Int = 256, item: (Item, inout JSONWriter) -> Void,
        trailer: (inout JSONWriter) -> Void = { _ in }
    ) -> [UInt8] {
        var writer = JSONWriter(capacity: capacity)
        writer.beginObject()
        writer.key(key)
        writer.beginArray()
        for element in items {
            writer.beginObject()
            item(element, &writer)
            writer.endObject()
        }
        writer.endArray()
        trailer(&writer)
        writer.member("statusCode", 0)
        writer.endObject()
        return writer.bytes
    }

    static func bots(_ bots: [BotListing], defaultBot: String) -> [UInt8] {
        list("bots", bots) { bot, writer in
            writer.member("name", bot.name)
            writer.member("kind", bot.kind)
            writer.member("source", bot.source)
        } trailer: { writer in
            writer.member("default", defaultBot)
        }
    }

    /// A page of the open chats: as many of `summaries` as fit in `maxBytes` (at least one),
    /// `openCount`, and `next` (the offset of the next page) when some did not fit or were left.
    static func chats(_ summaries: some Sequence<ChatSummary>, offset: Int, openCount: Int, maxBytes: Int) -> [UInt8] {
        var writer = JSONWriter(capacity: 4096)
        writer.beginObject()
        writer.key("chats")
        writer.beginArray()
        var taken = 0
        for summary in summaries {
            let mark = writer.mark
            write(summary, to: &writer)
            if taken > 0, writer.count + closingReserve > maxBytes {
                writer.rollBack(to: mark)
                break
            }
            taken += 1
        }
        writer.endArray()
        writer.member("openCount", openCount)
        if offset + taken < openCount { writer.member("next", offset + taken) }
        writer.member("statusCode", 0)
        writer.endObject()
        return writer.bytes
    }

    /// Room kept for what follows the last element of a bounded answer.
    private static let closingReserve = 64

    static func chat(_ summary: ChatSummary) -> [UInt8] {
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("chat")
        write(summary, to: &writer)
        writer.member("statusCode", 0)
        writer.endObject()
        return writer.bytes
    }

    /// As many of `messages` as fit in `maxBytes` (at least one), and `nextIndex` (where the
    /// next read continues) when some did not fit.
    static func messages(_ messages: some Collection<ChatMessage>, maxBytes: Int, origin: (ChatMessage) -> MessageOrigin?) -> [UInt8] {
        var writer = JSONWriter(capacity: 4096)
        writer.beginObject()
        writer.key("messages")
        writer.beginArray()
        var next: Int?
        var taken = 0
        for message in messages {
            let mark = writer.mark
            write(message, origin: origin(message), to: &writer)
            if taken > 0, writer.count + closingReserve > maxBytes {
                writer.rollBack(to: mark)
                next = message.index
                break
            }
            taken += 1
        }
        writer.endArray()
        if let next { writer.member("nextIndex", next) }
        writer.member("statusCode", 0)
        writer.endObject()
        return writer.bytes
    }

    /// `lastMessage.text` in a chat list is cut to this many characters (and `…`).
    static let lastMessagePreviewLength = 200

    private static func write(_ summary: ChatSummary, to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("id", summary.id.description)
        writer.member("nickname", summary.nickname)
        writer.member("subject", summary.subject)
        writer.member("state", summary.state.rawValue)
        writer.member("bot", summary.bot)
        writer.member("agentNickname", summary.agentNickname)
        writer.member("takenOver", summary.takenOver)
        writer.member("needsPerson", summary.needsPerson)
        writer.member("started", summary.started.map(timeText))
        writer.member("messageCount", summary.messageCount)
        if var last = summary.lastMessage {
            // A preview: the whole text is one read of the chat's messages away.
            if let text = last.text, text.count > lastMessagePreviewLength { last.text = text.prefix(lastMessagePreviewLength) + "…" }
            writer.key("lastMessage")
            write(last, origin: nil, to: &writer)
        }
        writer.endObject()
    }

    private static func write(_ message: ChatMessage, origin: MessageOrigin?, to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("from")
        writer.beginObject()
        writer.member("nickname", message.from.nickname)
        writer.member("participantId", message.from.id)
        writer.member("type", message.from.kind.name)
        writer.endObject()
        writer.member("index", message.index)
        if message.kind == .text || message.text != nil { writer.member("text", message.text ?? "") }
        writer.member("type", message.kind.name)
        if let file = message.file {
            // The agent console links it: GET /emulator/chats/{chat}/files/{id}.
            writer.key("file")
            writer.beginObject()
            writer.member("id", file.id.description)
            writer.member("name", file.name)
            writer.member("size", file.size)
            writer.member("contentType", file.contentType)
            writer.endObject()
        }
        writer.member("time", timeText(message.time))
        if let origin {
            writer.key("origin")
            writer.beginObject()
            writer.member("source", origin.source)
            writer.member("rule", origin.rule)
            writer.endObject()
        }
        writer.endObject()
    }

    /// ISO 8601 with milliseconds, in UTC.
    static func timeText(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}

/// One chat as the agent console lists it.
struct ChatSummary {
    var id: ChatID
    var nickname: String
    var subject: String
    var state: ChatState
    var bot: String
    var agentNickname: String
    var takenOver: Bool
    /// The bot handed the chat over and no person has taken it yet.
    var needsPerson: Bool
    var started: Date?
    var messageCount: Int
    var lastMessage: ChatMessage?
}

/// Which rule answered an agent message: its `file:line`, and its name when the bot says.
struct MessageOrigin {
    var source: String
    var rule: String?
}
