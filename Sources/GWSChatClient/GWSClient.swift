import ChatCore
import Foundation
// The client's answers are the wire codec's types (GWSChat, GWSMessage, ...): importing the
// client is enough to use them.
@_exported import GWSWire
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A customer's side of the GWS Chat API v2 over HTTP, with typed answers.
///
/// Each call sends one request and blocks until its answer (bounded by ``timeout``), so it reads
/// like the conversation it drives. Answers are decoded with `GWSWire`, the codec the emulator
/// encodes with. Works against this emulator and any GWS-compatible server.
///
/// ```swift
/// let client = GWSClient(baseURL: URL(string: "http://127.0.0.1:8888/api")!)
/// let chat = try client.requestChat(nickname: "Chris", subject: "Where is my order?")
/// try client.sendMessage("Hello!", in: chat.id)
/// let messages = try client.transcript(of: chat.id)
/// ```
public struct GWSClient: Sendable {
    /// The API's base URL, such as `http://127.0.0.1:8888/api`; chats are under `v2/chats`.
    public var baseURL: URL
    /// Sent as the `apikey` header when set.
    public var apiKey: String?
    /// How long one request may take.
    public var timeout: Duration

    public init(baseURL: URL, apiKey: String? = nil, timeout: Duration = .seconds(10)) {
        self.baseURL = baseURL
        self.apiKey = apiKey
        self.timeout = timeout
    }

    // MARK: - Operations

    /// RequestChat: opens a chat; the answer carries its id.
    @discardableResult
    public func requestChat(nickname: String, subject: String, userData: [String: String] = [:]) throws(GWSClientError) -> GWSChatCreated {
        let (request, body) = try send("POST", "v2/chats", body: GWSWire.requestChatBody(nickname: nickname, subject: subject, userData: userData))
        return try decode(body, for: request, GWSWire.decodeCreated)
    }

    /// SendMessage: the customer says `text`.
    public func sendMessage(_ text: String, in chatID: String) throws(GWSClientError) {
        try operation(.sendMessage, text: text, in: chatID)
    }

    /// SendStartTypingNotification.
    public func startTyping(in chatID: String) throws(GWSClientError) {
        try operation(.sendStartTypingNotification, in: chatID)
    }

    /// SendStopTypingNotification.
    public func stopTyping(in chatID: String) throws(GWSClientError) {
        try operation(.sendStopTypingNotification, in: chatID)
    }

    /// Complete: the customer leaves; the chat becomes `Idle`.
    public func complete(_ chatID: String) throws(GWSClientError) {
        try operation(.complete, in: chatID)
    }

    /// GetChat: state, participants and capabilities.
    public func chat(_ chatID: String) throws(GWSClientError) -> GWSChat {
        let (request, body) = try send("GET", try chatPath(chatID), body: nil)
        return try decode(body, for: request, GWSWire.decodeChat)
    }

    /// GetTranscript. Without `index`: the messages this chat's transcript has not returned
    /// before (the server's cursor moves). With `index`: every message from that index on
    /// (`0` returns all).
    public func transcript(of chatID: String, from index: Int? = nil) throws(GWSClientError) -> [GWSMessage] {
        let query = index.map { "?index=\($0)" } ?? ""
        let (request, body) = try send("GET", try chatPath(chatID) + "/messages" + query, body: nil)
        return try decode(body, for: request, GWSWire.decodeTranscript).messages
    }

    // MARK: - Requests

    private func operation(_ operation: ChatOperation, text: String? = nil, in chatID: String) throws(GWSClientError) {
        _ = try send("POST", try chatPath(chatID), body: GWSWire.operationBody(operation, text: text))
    }

    /// `v2/chats/ID`, with the id percent-encoded so that no id can change the path.
    private func chatPath(_ chatID: String) throws(GWSClientError) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove("/")
        guard !chatID.isEmpty, let escaped = chatID.addingPercentEncoding(withAllowedCharacters: allowed) else {
            throw GWSClientError(code: .malformedAnswer, request: "chat id", message: "an empty or unusable chat id '\(chatID)'")
        }
        return "v2/chats/\(escaped)"
    }

    private func decode<Value>(_ body: [UInt8], for request: String, _ decoder: ([UInt8]) throws(GWSWireError) -> Value) throws(GWSClientError) -> Value {
        do {
            return try decoder(body)
        } catch {
            throw GWSClientError(code: .malformedAnswer, request: request, httpStatus: 200, message: error.description)
        }
    }

    /// Sends one request; returns its description and the body of a successful answer.
    private func send(_ method: String, _ path: String, body: [UInt8]?) throws(GWSClientError) -> (String, [UInt8]) {
        let base = baseURL.absoluteString.hasSuffix("/") ? baseURL.absoluteString : baseURL.absoluteString + "/"
        guard let url = URL(string: base + path) else {
            throw GWSClientError(code: .noAnswer, request: "\(method) \(base)\(path)", message: "not a valid URL")
        }
        let described = "\(method) \(url.absoluteString)"
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.timeoutInterval = timeout.timeInterval
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        if let body {
            request.httpBody = Data(body)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        if let apiKey { request.setValue(apiKey, forHTTPHeaderField: "apikey") }

        let answer = Self.exchange(request)
        if let error = answer.error {
            throw GWSClientError(code: .noAnswer, request: described, message: error.localizedDescription)
        }
        let bytes = [UInt8](answer.data ?? Data())
        let status = (answer.response as? HTTPURLResponse)?.statusCode ?? 0
        let statusCode = GWSWire.statusCode(of: bytes)
        guard status == 200, statusCode ?? 0 == 0 else {
            let refusal = GWSWire.decodeError(bytes)
            let message = refusal?.statusMessage ?? String(decoding: bytes.prefix(200), as: UTF8.self)
            throw GWSClientError(code: .refused, request: described, httpStatus: status, statusCode: refusal?.statusCode ?? statusCode, message: message)
        }
        return (described, bytes)
    }

    /// Sends `request` and waits for the answer (URLSession's own timeout bounds the wait).
    private static func exchange(_ request: URLRequest) -> Exchange {
        let done = DispatchSemaphore(value: 0)
        let exchange = Exchange()
        URLSession.shared.dataTask(with: request) { data, response, error in
            exchange.data = data
            exchange.response = response
            exchange.error = error
            done.signal()
        }.resume()
        done.wait()
        return exchange
    }
}

/// Carries a URLSession answer from its delegate queue to the waiting thread.
private final class Exchange: @unchecked Sendable {
    // @unchecked: written once by the completion handler before `done.signal()`, read only after
    // `done.wait()`; the semaphore orders the two.
    var data: Data?
    var response: URLResponse?
    var error: (any Error)?
}
