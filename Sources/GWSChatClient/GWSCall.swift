import Foundation

/// One GWS request and how its answer is read: the calls of ``GWSClient`` and of its blocking
/// form are these, described once.
struct GWSCall<Value>: Sendable {
    let method: String
    /// `v2/chats...`, relative to the base URL; throws for a chat id that cannot be a path segment.
    let path: @Sendable () throws(GWSClientError) -> String
    let body: [UInt8]?
    let decode: @Sendable ([UInt8]) throws(GWSWireError) -> Value

    static func requestChat(nickname: String, subject: String, userData: [String: String]) -> GWSCall<GWSChatCreated> {
        GWSCall<GWSChatCreated>(
            method: "POST", path: { "v2/chats" }, body: GWSWire.requestChatBody(nickname: nickname, subject: subject, userData: userData),
            decode: GWSWire.decodeCreated)
    }

    static func operation(_ operation: GWSOperation, text: String? = nil, in chatID: String) -> GWSCall<Void> {
        GWSCall<Void>(method: "POST", path: { () throws(GWSClientError) in try chatPath(chatID) }, body: GWSWire.operationBody(operation, text: text), decode: { _ in })
    }

    static func chat(_ chatID: String) -> GWSCall<GWSChat> {
        GWSCall<GWSChat>(method: "GET", path: { () throws(GWSClientError) in try chatPath(chatID) }, body: nil, decode: GWSWire.decodeChat)
    }

    static func transcript(of chatID: String, from index: Int?) -> GWSCall<[GWSMessage]> {
        let query = index.map { "?index=\($0)" } ?? ""
        return GWSCall<[GWSMessage]>(
            method: "GET", path: { () throws(GWSClientError) in try chatPath(chatID) + "/messages" + query }, body: nil,
            decode: { (body) throws(GWSWireError) in try GWSWire.decodeTranscript(body).messages })
    }

    /// `v2/chats/ID`, with the id percent-encoded so that no id can change the path: a `/` is
    /// encoded, and so is every dot of an id made of dots only (`.` and `..` would otherwise be
    /// removed as dot segments, sending the request to another path).
    static func chatPath(_ chatID: String) throws(GWSClientError) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove("/")
        guard !chatID.isEmpty, var escaped = chatID.addingPercentEncoding(withAllowedCharacters: allowed) else {
            throw GWSClientError(code: .malformedAnswer, request: "chat id", message: "an empty or unusable chat id '\(chatID)'")
        }
        if escaped.allSatisfy({ $0 == "." }) { escaped = escaped.replacingOccurrences(of: ".", with: "%2E") }
        return "v2/chats/\(escaped)"
    }
}
