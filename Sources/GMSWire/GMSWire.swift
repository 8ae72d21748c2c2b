public import GWSWire
package import JSONText

/// The one codec of the GMS Chat API v2 answers (docs.genesys.com, GMS "Chat API Version 2" and
/// "API Responses"): the GMS front encodes with it, clients and tests decode with it.
///
/// Members are written in the order of the documentation's example (`statusCode`, `alias`,
/// `userId`, `secureKey`, `messages`, `chatId`, then `nextPosition` and `chatEnded`); a message as
/// `from` (`nickname`, `participantId` a number, `type`), `index`, `text`, `type`, `utcTime`.
/// Reading is lenient where servers differ (unknown members ignored, `participantId` a number or
/// a string of digits) and strict where meaning would be lost (a message without `index`).
public enum GMSWire {
    // MARK: - Encoding (the server)

    /// The answer, its messages cut at the last whole one within `maxBytes` (the first always
    /// fits). Returns the bytes and how many messages they hold.
    public static func encode(_ answer: GMSAnswer, maxBytes: Int = .max) -> (bytes: [UInt8], messageCount: Int) {
        var writer = JSONWriter(capacity: 256 + answer.messages.count * 160)
        writer.beginObject()
        writer.member(Keys.statusCode, answer.statusCode)
        writer.member(Keys.alias, answer.alias)
        writer.member(Keys.userId, answer.userId)
        writer.member(Keys.secureKey, answer.secureKey)
        writer.key(Keys.messages)
        writer.beginArray()
        // What follows the messages, at most: `],"chatId":"<36>","nextPosition":<20>,"chatEnded":false}`.
        let closing = 100 + (answer.chatId?.utf8.count ?? 0)
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
        writer.endArray()
        writer.member(Keys.chatId, answer.chatId)
        if let position = answer.nextPosition {
            // A cut answer continues after its last message.
            let next = count < answer.messages.count ? answer.messages[count].index : position
            writer.member(Keys.nextPosition, next)
        }
        if let ended = answer.chatEnded { writer.member(Keys.chatEnded, ended) }
        if !answer.userData.isEmpty { writer.member("userData", answer.userData) }
        writer.endObject()
        return (writer.bytes, count)
    }

    public static func encode(_ error: GMSErrorAnswer) -> [UInt8] {
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
    public static func isError(_ bytes: [UInt8]) -> Bool {
        guard case .object(let members)? = try? JSONParser.parse(bytes) else { return false }
        return members["errors"] != nil
    }

    public static func decodeAnswer(_ bytes: [UInt8]) throws(GMSWireError) -> GMSAnswer {
        let root = try Reader.root(bytes, shape: "GMS answer")
        var answer = GMSAnswer(statusCode: try root.integer("statusCode"))
        answer.chatId = try root.optionalString("chatId")
        answer.userId = try root.optionalString("userId")
        answer.secureKey = try root.optionalString("secureKey")
        answer.alias = try root.optionalString("alias")
        answer.nextPosition = try root.optionalInteger("nextPosition")
        answer.chatEnded = try root.optionalBool("chatEnded")
        for item in try root.optionalElements("messages") {
            let from = try item.object("from")
            let party = GMSParty(nickname: try from.string("nickname"), participantId: try from.integer("participantId"), type: try from.string("type"))
            var userData: [String: String] = [:]
            for (key, value) in try item.optionalObjectMembers("userData") {
                if case .string(let text) = value.value { userData[key] = text } else if case .number(let text) = value.value { userData[key] = text }
            }
            answer.messages.append(
                GMSMessage(
                    index: try item.integer("index"), type: try item.string("type"), from: party, text: try item.optionalString("text"),
                    utcTime: Int64(try item.optionalInteger("utcTime") ?? 0), userData: userData))
        }
        return answer
    }

    public static func decodeError(_ bytes: [UInt8]) throws(GMSWireError) -> GMSErrorAnswer {
        let root = try Reader.root(bytes, shape: "GMS error answer")
        var errors: [GMSError] = []
        for item in try root.optionalElements("errors") {
            errors.append(GMSError(code: try item.integer("code"), advice: try item.optionalString("advice") ?? ""))
        }
        return GMSErrorAnswer(statusCode: try root.optionalInteger("statusCode") ?? 2, chatEnded: try root.optionalBool("chatEnded"), errors: errors)
    }
}

/// A JSON value being read, with its path for errors.
private struct Reader {
    let value: JSONValue
    let shape: String
    let path: String

    static func root(_ bytes: [UInt8], shape: String) throws(GMSWireError) -> Reader {
        do {
            return Reader(value: try JSONParser.parse(bytes), shape: shape, path: "$")
        } catch {
            throw GMSWireError(shape: shape, path: "$", reason: error.description)
        }
    }

    func error(_ reason: String, at path: String? = nil) -> GMSWireError { GMSWireError(shape: shape, path: path ?? self.path, reason: reason) }

    private func member(_ name: String) throws(GMSWireError) -> Reader? {
        guard case .object(let members) = value else { throw error("is \(value.typeName), not an object") }
        guard let found = members[name], found != .null else { return nil }
        return Reader(value: found, shape: shape, path: path == "$" ? name : "\(path).\(name)")
    }

    private func required(_ name: String) throws(GMSWireError) -> Reader {
        guard let found = try member(name) else { throw error("is missing", at: path == "$" ? name : "\(path).\(name)") }
        return found
    }

    func string(_ name: String) throws(GMSWireError) -> String {
        let found = try required(name)
        guard case .string(let text) = found.value else { throw found.error("is \(found.value.typeName), not a string") }
        return text
    }

    func optionalString(_ name: String) throws(GMSWireError) -> String? {
        guard let found = try member(name) else { return nil }
        guard case .string(let text) = found.value else { throw found.error("is \(found.value.typeName), not a string") }
        return text
    }

    func integer(_ name: String) throws(GMSWireError) -> Int {
        try Self.integer(required(name))
    }

    func optionalInteger(_ name: String) throws(GMSWireError) -> Int? {
        guard let found = try member(name) else { return nil }
        return try Self.integer(found)
    }

    private static func integer(_ found: Reader) throws(GMSWireError) -> Int {
        switch found.value {
        case .number(let text), .string(let text):
            guard let number = Int(text) else { throw found.error("is '\(text)', not an integer") }
            return number
        default:
            throw found.error("is \(found.value.typeName), not an integer")
        }
    }

    func optionalBool(_ name: String) throws(GMSWireError) -> Bool? {
        guard let found = try member(name) else { return nil }
        guard case .bool(let flag) = found.value else { throw found.error("is \(found.value.typeName), not a boolean") }
        return flag
    }

    func object(_ name: String) throws(GMSWireError) -> Reader {
        let found = try required(name)
        guard case .object = found.value else { throw found.error("is \(found.value.typeName), not an object") }
        return found
    }

    func optionalObjectMembers(_ name: String) throws(GMSWireError) -> [(String, Reader)] {
        guard let found = try member(name) else { return [] }
        guard case .object(let members) = found.value else { throw found.error("is \(found.value.typeName), not an object") }
        return members.map { ($0.key, Reader(value: $0.value, shape: shape, path: "\(found.path).\($0.key)")) }
    }

    func optionalElements(_ name: String) throws(GMSWireError) -> [Reader] {
        guard let found = try member(name) else { return [] }
        guard case .array(let items) = found.value else { throw found.error("is \(found.value.typeName), not an array") }
        return items.enumerated().map { Reader(value: $0.element, shape: shape, path: "\(found.path)[\($0.offset)]") }
    }
}
