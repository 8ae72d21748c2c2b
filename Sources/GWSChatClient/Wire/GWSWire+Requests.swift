import JSONText

extension GWSWire {
    // MARK: - Request bodies (the client)

    /// The RequestChat body: `{"operationName":"RequestChat","nickname":…,"subject":…,"userData":{…}}`
    /// (`userData` only when there is some).
    package static func requestChatBody(nickname: String, subject: String, userData: [String: String] = [:]) -> [UInt8] {
        var writer = JSONWriter(capacity: 128)
        writer.beginObject()
        writer.member("operationName", "RequestChat")
        writer.member("nickname", nickname)
        writer.member("subject", subject)
        if !userData.isEmpty { writer.member("userData", userData) }
        writer.endObject()
        return writer.bytes
    }

    /// The body of an operation on a chat: `{"operationName":…}`, with `text` for SendMessage.
    package static func operationBody(_ operation: GWSOperation, text: String? = nil) -> [UInt8] {
        var writer = JSONWriter(capacity: 64 + (text?.utf8.count ?? 0))
        writer.beginObject()
        writer.member("operationName", operation.name)
        writer.member("text", text)
        writer.endObject()
        return writer.bytes
    }
}
