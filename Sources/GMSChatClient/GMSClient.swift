package import Foundation
package import GMSWire
import GWSChatClient

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A customer's side of the GMS Chat API v2 (REST), as Genesys Widgets speak it: form-encoded
/// `POST`s to a service's URL, answers decoded by ``GMSWire``. Blocking calls, for the `.convo`
/// live runner and command-line tools; under the same bounds as `GWSClient` (a total deadline, a
/// largest answer, no redirect to another origin).
///
/// ```swift
/// let client = GMSClient(serviceURL: URL(string: "http://127.0.0.1:8888/genesys/2/chat/customer-support")!)
/// var (session, answer) = try client.requestChat(nickname: "Chris", subject: "Where is my order?")
/// answer = try client.send("Hello!", in: session)
/// answer = try client.refresh(session, from: answer.nextPosition ?? 1)
/// ```
package struct GMSClient: Sendable {
    /// The service's URL, such as `http://127.0.0.1:8888/genesys/2/chat/customer-support`: chats
    /// are requested there, and their operations are under `{chatId}/`.
    package var serviceURL: URL
    /// Sent as the `apikey` header when set (Widgets' `webchat.apikey`).
    package var apiKey: String?
    /// How long one call may take in all. Default 10 s.
    package var timeout: Duration
    /// The largest answer a call accepts, in bytes. Default 8 MiB.
    package var maxAnswerBytes: Int

    package init(serviceURL: URL, apiKey: String? = nil, timeout: Duration = .seconds(10), maxAnswerBytes: Int = 8 * 1024 * 1024) {
        self.serviceURL = serviceURL
        self.apiKey = apiKey
        self.timeout = timeout
        self.maxAnswerBytes = maxAnswerBytes
    }

    /// Whether `url` is a GMS service's URL: its path ends in `genesys/2/chat/SERVICE` (a slash
    /// after it allowed), as Widgets' `webchat.dataURL` is.
    package static func isServiceURL(_ url: URL) -> Bool {
        let parts = url.path.split(separator: "/", omittingEmptySubsequences: true)
        return parts.count >= 4 && Array(parts.suffix(4).prefix(3)) == ["genesys", "2", "chat"]
    }

    // MARK: - Operations

    /// Requests a chat: the session to send back with every operation, and the answer (the
    /// messages so far, `nextPosition`).
    package func requestChat(nickname: String, subject: String, userData: [String: String] = [:]) throws(GMSClientError) -> (GMSSession, GMSAnswer) {
        let fields = [("nickname", nickname), ("subject", subject)] + userData.sorted { $0.key < $1.key }.map { ("userData[\($0.key)]", $0.value) }
        let (answer, described) = try post(nil, fields)
        guard let chatId = answer.chatId, let userId = answer.userId, let secureKey = answer.secureKey, let alias = answer.alias else {
            throw GMSClientError(code: .malformedAnswer, request: described, httpStatus: 200, message: "an answer without chatId, userId, secureKey and alias")
        }
        return (GMSSession(chatId: chatId, userId: userId, secureKey: secureKey, alias: alias), answer)
    }

    /// `send`: the customer says `text`.
    package func send(_ text: String, in session: GMSSession) throws(GMSClientError) -> GMSAnswer {
        try operation("send", session, [("message", text)])
    }

    /// `startTyping`, with the text typed so far when given.
    package func startTyping(in session: GMSSession, preview: String? = nil) throws(GMSClientError) -> GMSAnswer {
        try operation("startTyping", session, preview.map { [("message", $0)] } ?? [])
    }

    package func stopTyping(in session: GMSSession) throws(GMSClientError) -> GMSAnswer {
        try operation("stopTyping", session)
    }

    /// `customNotice`: a notice from the customer.
    package func customNotice(_ text: String, in session: GMSSession) throws(GMSClientError) -> GMSAnswer {
        try operation("customNotice", session, [("message", text)])
    }

    /// `pushUrl`: the customer shares a page.
    package func pushURL(_ url: String, in session: GMSSession) throws(GMSClientError) -> GMSAnswer {
        try operation("pushUrl", session, [("pushUrl", url)])
    }

    /// `updateNickname`: the customer is called `nickname` from now on.
    package func updateNickname(_ nickname: String, in session: GMSSession) throws(GMSClientError) -> GMSAnswer {
        try operation("updateNickname", session, [("nickname", nickname)])
    }

    /// `updateData`: `values` are merged over the chat's user data.
    package func updateData(_ values: [String: String], in session: GMSSession) throws(GMSClientError) -> GMSAnswer {
        try operation("updateData", session, values.sorted { $0.key < $1.key }.map { ("userData[\($0.key)]", $0.value) })
    }

    /// `disconnect`: the customer leaves.
    package func disconnect(_ session: GMSSession) throws(GMSClientError) -> GMSAnswer {
        try operation("disconnect", session)
    }

    /// `refresh`: the transcript from `position` on (1-based), `nextPosition` and `chatEnded`.
    package func refresh(_ session: GMSSession, from position: Int) throws(GMSClientError) -> GMSAnswer {
        try operation("refresh", session, [("transcriptPosition", String(position))])
    }

    // MARK: - Sending

    private func operation(_ name: String, _ session: GMSSession, _ extra: [(String, String)] = []) throws(GMSClientError) -> GMSAnswer {
        guard !session.chatId.isEmpty, session.chatId.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-._".contains($0)) }) else {
            throw GMSClientError(
                code: .invalidRequest, request: "POST \(serviceURL.absoluteString)/…/\(name)", message: "chat id '\(session.chatId)' is not a path segment")
        }
        return try post("\(session.chatId)/\(name)", session.fields + extra).answer
    }

    /// Posts the form to the service's URL (or `path` under it) and decodes the answer.
    private func post(_ path: String?, _ fields: [(String, String)]) throws(GMSClientError) -> (answer: GMSAnswer, described: String) {
        let base = serviceURL.absoluteString.hasSuffix("/") ? String(serviceURL.absoluteString.dropLast()) : serviceURL.absoluteString
        let target = path.map { base + "/" + $0 } ?? base
        guard let url = URL(string: target) else {
            throw GMSClientError(code: .invalidRequest, request: "POST \(target)", message: "not a valid URL")
        }
        let described = "POST \(url.absoluteString)"
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        // URLSession's own timeout is an idle one; the exchange enforces the total one.
        request.timeoutInterval = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18 + 1
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(Self.form(fields).utf8)
        if let apiKey { request.setValue(apiKey, forHTTPHeaderField: "apikey") }
        let body: [UInt8]
        switch HTTPExchange(request: request, maxAnswerBytes: maxAnswerBytes, deadline: timeout).runBlocking() {
        case .success(let answer):
            guard answer.status == 200, !GMSWire.isError(answer.body) else {
                let refusal = try? GMSWire.decodeError(answer.body)
                let first = refusal?.errors.first
                throw GMSClientError(
                    code: .refused, request: described, httpStatus: answer.status, errorCode: first?.code,
                    message: first?.advice ?? String(decoding: answer.body.prefix(200), as: UTF8.self))
            }
            body = answer.body
        case .failure(.tooLarge(let limit)):
            throw GMSClientError(code: .answerTooLarge, request: described, message: "an answer larger than \(limit) bytes (the client's maxAnswerBytes)")
        case .failure(let failure):
            throw GMSClientError(code: .noAnswer, request: described, message: failure.explanation)
        }
        do {
            return (try GMSWire.decodeAnswer(body), described)
        } catch {
            throw GMSClientError(code: .malformedAnswer, request: described, httpStatus: 200, message: "\(error)")
        }
    }

    /// `application/x-www-form-urlencoded`, every byte but the unreserved ones escaped.
    static func form(_ fields: [(String, String)]) -> String {
        let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        let escape = { (text: String) in text.addingPercentEncoding(withAllowedCharacters: allowed) ?? "" }
        return fields.map { escape($0.0) + "=" + escape($0.1) }.joined(separator: "&")
    }
}
