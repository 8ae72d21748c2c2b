import GWSChatClient
package import JSONText

/// The one codec of the GMS Chat API v2 answers (docs.genesys.com, GMS "Chat API Version 2" and
/// "API Responses"): the GMS front encodes with it, clients and tests decode with it.
///
/// Members are written in the order of the documentation's example (`statusCode`, `alias`,
/// `userId`, `secureKey`, `messages`, `chatId`, then `nextPosition` and `chatEnded`); a message as
/// `from` (`nickname`, `participantId` a number, `type`), `index`, `text`, `type`, `utcTime`.
/// Reading is lenient where servers differ (unknown members ignored, `participantId` a number or
/// a string of digits) and strict where meaning would be lost (a message without `index`).
package enum GMSWire {
    // MARK: - Encoding (the server)

    /// The answer, its messages cut at the last whole one within `maxBytes` (the first always
    /// fits). Returns the bytes and how many messages they hold.
    package static func encode(_ answer: GMSAnswer, maxBytes: Int = .max) -> (bytes: [UInt8], messageCount: Int) {
        var writer = JSONWriter(capacity: 256 + answer.messages.count * 160)
        writeHead(answer, to: &writer)
        let closing = tailBound(answer)
        var count = 0
        for message in answer.messages {
            let mark = writer.mark
            write(message, to: &writer)
            if count > 0, writer.count + closing > maxBytes {
                writer.rollBack(to: mark)
                break
            }
            count += 1
        }
        var tail = answer
        // A cut answer continues after its last message.
        if answer.nextPosition != nil, count < answer.messages.count { tail.nextPosition = answer.messages[count].index }
        writer.endArray()
        writeTailMembers(tail, to: &writer)
        return (writer.bytes, count)
    }

    // A server that keeps each message's JSON (the GMS front) sends an answer as its head, the
    // messages written by ``write(_:to:)`` separated by commas, and its tail: the bytes
    // ``encode(_:maxBytes:)`` writes.

    /// Everything before the first message: `{"statusCode":0,"alias":…,"userId":…,"secureKey":…,"messages":[`.
    package static func head(_ answer: GMSAnswer) -> [UInt8] {
        var writer = JSONWriter(capacity: 128)
        writeHead(answer, to: &writer)
        return writer.bytes
    }

    /// Everything after the last message, appended to `bytes`: `],"chatId":…,"nextPosition":…,"chatEnded":…}`
    /// (`nextPosition` as given: the position after the last message sent).
    package static func appendTail(_ answer: GMSAnswer, to bytes: inout [UInt8]) {
        JSONWriter.append(to: &bytes) { writer in
            writer.endArray()
            writeTailMembers(answer, to: &writer)
        }
    }

    /// The most bytes ``appendTail(_:to:)`` writes for `answer`, for a size bound.
    package static func tailBound(_ answer: GMSAnswer) -> Int {
        // `],"chatId":"<id>","nextPosition":<20>,"chatEnded":false}` and the userData object.
        100 + (answer.chatId?.utf8.count ?? 0) + answer.userData.reduce(0) { $0 + 6 * ($1.key.utf8.count + $1.value.utf8.count) + 8 }
    }

    private static func writeHead(_ answer: GMSAnswer, to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member(Keys.statusCode, answer.statusCode)
        writer.member(Keys.alias, answer.alias)
        writer.member(Keys.userId, answer.userId)
        writer.member(Keys.secureKey, answer.secureKey)
        writer.key(Keys.messages)
        writer.beginArray()
    }

    private static func writeTailMembers(_ answer: GMSAnswer, to writer: inout JSONWriter) {
        writer.member(Keys.chatId, answer.chatId)
        if let next = answer.nextPosition { writer.member(Keys.nextPosition, next) }
        if let ended = answer.chatEnded { writer.member(Keys.chatEnded, ended) }
        if !answer.userData.isEmpty { writer.member("userData", answer.userData) }
        writer.endObject()
    }

    package static func encode(_ error: GMSErrorAnswer) -> [UInt8] {
        var writer = JSONWriter(capacity: 96 + error.errors.reduce(0) { $0 + $1.advice.utf8.count })
        writer.beginObject()
        writer.member(Keys.statusCode, error.statusCode)
        if let ended = error.chatEnded { writer.member(Keys.chatEnded, ended) }
        writer.key(Keys.errors)
        writer.beginArray()
        for item in error.errors {
            writer.beginObject()
            writer.member(Keys.code, item.code)
            writer.member(Keys.advice, item.advice)
            writer.endObject()
        }
        writer.endArray()
        writer.endObject()
        return writer.bytes
    }

    /// One element of an answer's `messages`.
    package static func write(_ message: GMSMessage, to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key(Keys.from)
        writer.beginObject()
        writer.member(Keys.nickname, message.from.nickname)
        writer.member(Keys.participantId, message.from.participantId)
        writer.member(Keys.type, message.from.type)
        writer.endObject()
        writer.member(Keys.index, message.index)
        writer.member(Keys.text, message.text)
        writer.member(Keys.type, message.type)
        writer.member(Keys.utcTime, Int(message.utcTime))
        if !message.userData.isEmpty { writer.member("userData", message.userData) }
        writer.endObject()
    }

    /// The member names, quoted once.
    private enum Keys {
        static let statusCode = JSONKey("statusCode")
        static let alias = JSONKey("alias")
        static let userId = JSONKey("userId")
        static let secureKey = JSONKey("secureKey")
        static let messages = JSONKey("messages")
        static let chatId = JSONKey("chatId")
        static let nextPosition = JSONKey("nextPosition")
        static let chatEnded = JSONKey("chatEnded")
        static let errors = JSONKey("errors")
        static let code = JSONKey("code")
        static let advice = JSONKey("advice")
        static let from = JSONKey("from")
        static let nickname = JSONKey("nickname")
        static let participantId = JSONKey("participantId")
        static let type = JSONKey("type")
        static let index = JSONKey("index")
        static let text = JSONKey("text")
        static let utcTime = JSONKey("utcTime")
    }

    // MARK: - Decoding (clients)

    /// Whether the bytes are an error answer (they hold `errors`); decode them with
    /// ``decodeError(_:)``, else with ``decodeAnswer(_:)``.
    package static func isError(_ bytes: [UInt8]) -> Bool {
        guard case .object(let members)? = try? JSONParser.parse(bytes) else { return false }
        return members["errors"] != nil
    }

    package static func decodeAnswer(_ bytes: [UInt8]) throws(GMSWireError) -> GMSAnswer {
        let root = try WireValue.root(bytes, shape: "GMS answer")
        var answer = GMSAnswer(statusCode: try root.member("statusCode").lenientInteger())
        answer.chatId = try root.optionalMember("chatId")?.string()
        answer.userId = try root.optionalMember("userId")?.string()
        answer.secureKey = try root.optionalMember("secureKey")?.string()
        answer.alias = try root.optionalMember("alias")?.string()
        answer.nextPosition = try root.optionalMember("nextPosition")?.lenientInteger()
        answer.chatEnded = try root.optionalMember("chatEnded")?.bool()
        for item in try root.optionalMember("messages")?.elements() ?? [] {
            let from = try item.member("from")
            let party = GMSParty(
                nickname: try from.member("nickname").string(), participantId: try from.member("participantId").lenientInteger(),
                type: try from.member("type").string())
            var userData: [String: String] = [:]
            if let data = try item.optionalMember("userData") {
                guard case .object(let members) = data.value else { throw data.error("must be an object, not \(data.value.typeName)") }
                for (key, value) in members {
                    if case .string(let text) = value { userData[key] = text } else if case .number(let text) = value { userData[key] = text }
                }
            }
            answer.messages.append(
                GMSMessage(
                    index: try item.member("index").lenientInteger(), type: try item.member("type").string(), from: party,
                    text: try item.optionalMember("text")?.string(), utcTime: Int64(try item.optionalMember("utcTime")?.lenientInteger() ?? 0),
                    userData: userData))
        }
        return answer
    }

    package static func decodeError(_ bytes: [UInt8]) throws(GMSWireError) -> GMSErrorAnswer {
        let root = try WireValue.root(bytes, shape: "GMS error answer")
        var errors: [GMSError] = []
        for item in try root.optionalMember("errors")?.elements() ?? [] {
            errors.append(GMSError(code: try item.member("code").lenientInteger(), advice: try item.optionalMember("advice")?.string() ?? ""))
        }
        return GMSErrorAnswer(
            statusCode: try root.optionalMember("statusCode")?.lenientInteger() ?? 2, chatEnded: try root.optionalMember("chatEnded")?.bool(),
            errors: errors)
    }
}

extension WireValue {
    /// An integer written as a number or as a string of digits: GMS servers write both.
    fileprivate func lenientInteger() throws(GMSWireError) -> Int {
        switch value {
        case .number(let text), .string(let text):
            guard let number = Int(text) else { throw error("must be an integer, not '\(text)'") }
            return number
        default:
            throw error("must be an integer, not \(value.typeName)")
        }
    }
}
