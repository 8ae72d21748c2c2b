import ChatCore
import Foundation
import GMSWire
import HTTPTesting

/// A GMS REST client for tests, on one keep-alive connection: form-encoded requests as Genesys
/// Widgets send them, answers decoded by ``GMSWire``.
struct GMSTestClient {
    let api: APIClient
    var service = "customer-support"

    /// The credentials of a chat, from its request's answer.
    struct Session {
        var chatId: String
        var userId: String
        var secureKey: String
        var alias: String
        var fields: [(String, String)] { [("userId", userId), ("secureKey", secureKey), ("alias", alias)] }
    }

    struct Reply {
        var raw: APIClient.Reply
        var status: Int { raw.status }
        /// Decoded when the answer is a success.
        var answer: GMSAnswer? { try? GMSWire.decodeAnswer(raw.response.body) }
        /// Decoded when the answer is an error.
        var error: GMSErrorAnswer? { GMSWire.isError(raw.response.body) ? try? GMSWire.decodeError(raw.response.body) : nil }
        var code: Int? { error?.errors.first?.code }
        var advice: String { error?.errors.first?.advice ?? "" }
    }

    static func form(_ fields: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._*")
        return fields.map { "\($0.0.addingPercentEncoding(withAllowedCharacters: allowed)!)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed)!)" }
            .joined(separator: "&")
    }

    func post(_ path: String, _ fields: [(String, String)], headers: [String: String] = [:]) throws -> Reply {
        var all = headers
        all["Content-Type"] = all["Content-Type"] ?? "application/x-www-form-urlencoded"
        return Reply(raw: try api.send("POST", path, body: Self.form(fields), headers: all))
    }

    func postRaw(_ path: String, body: String, contentType: String = "application/x-www-form-urlencoded") throws -> Reply {
        Reply(raw: try api.send("POST", path, body: body, headers: ["Content-Type": contentType]))
    }

    func requestChat(_ fields: [(String, String)] = [("nickname", "James"), ("subject", "Relativity")]) throws -> Reply {
        try post("/genesys/2/chat/\(service)", fields)
    }

    /// Requests a chat and returns its credentials, or throws with the answer.
    func start(_ fields: [(String, String)] = [("nickname", "James"), ("subject", "Relativity")]) throws -> Session {
        let reply = try requestChat(fields)
        guard reply.status == 200, let answer = reply.answer, let chatId = answer.chatId, let userId = answer.userId,
            let secureKey = answer.secureKey, let alias = answer.alias
        else {
            throw RawHTTPClient.ClientError(description: "request chat failed: \(reply.status) \(reply.raw.response.text)")
        }
        return Session(chatId: chatId, userId: userId, secureKey: secureKey, alias: alias)
    }

    func operation(_ name: String, _ session: Session, _ extra: [(String, String)] = []) throws -> Reply {
        try post("/genesys/2/chat/\(service)/\(session.chatId)/\(name)", session.fields + extra)
    }

    func refresh(_ session: Session, from position: Int) throws -> Reply {
        try operation("refresh", session, [("transcriptPosition", String(position))])
    }
}
