public import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A customer's side of the GWS Chat API v2 over HTTP, with typed answers.
///
/// Each call sends one request and returns its decoded answer, so it reads like the conversation
/// it drives. Answers are this module's own types (``GWSChat``, ``GWSMessage``, ...), decoded
/// with the codec the emulator encodes with, so `import GWSChatClient` is all a user needs. Works
/// against this emulator and any GWS-compatible server, and does not trust the server: every call
/// has a total deadline (``timeout``), an answer larger than ``maxAnswerBytes`` is refused, a
/// redirect to another origin is not followed (the `apikey` never leaves the origin asked), and a
/// chat id cannot change the request's path.
///
/// ```swift
/// let client = GWSClient(baseURL: URL(string: "http://127.0.0.1:8888/api")!)
/// let chat = try await client.requestChat(nickname: "Chris", subject: "Where is my order?")
/// try await client.sendMessage("Hello!", in: chat.id)
/// let messages = try await client.transcript(of: chat.id)
/// ```
///
/// Command-line tools without async code use the same calls through ``blocking``.
public struct GWSClient: Sendable {
    /// The API's base URL, such as `http://127.0.0.1:8888/api`; chats are under `v2/chats`.
    public var baseURL: URL
    /// Sent as the `apikey` header when set, to ``baseURL``'s origin only.
    public var apiKey: String?
    /// How long one call may take in all, from sending the request to the last byte of the
    /// answer (a server that sends one byte at a time cannot hold a call longer). Default 10 s.
    public var timeout: Duration
    /// The largest answer a call accepts, in bytes; a larger one fails the call with
    /// ``GWSClientError/Code/answerTooLarge`` without being read whole. Default 8 MiB (the
    /// emulator answers at most 1 MiB per GetTranscript by default).
    public var maxAnswerBytes: Int

    public init(baseURL: URL, apiKey: String? = nil, timeout: Duration = .seconds(10), maxAnswerBytes: Int = 8 * 1024 * 1024) {
        self.baseURL = baseURL
        self.apiKey = apiKey
        self.timeout = timeout
        self.maxAnswerBytes = maxAnswerBytes
    }

    // MARK: - Operations

    /// RequestChat: opens a chat; the answer carries its id.
    @discardableResult
    public func requestChat(nickname: String, subject: String, userData: [String: String] = [:]) async throws(GWSClientError) -> GWSChatCreated {
        try await perform(.requestChat(nickname: nickname, subject: subject, userData: userData))
    }

    /// SendMessage: the customer says `text`.
    public func sendMessage(_ text: String, in chatID: String) async throws(GWSClientError) {
        try await perform(.operation(.sendMessage, text: text, in: chatID))
    }

    /// SendStartTypingNotification.
    public func startTyping(in chatID: String) async throws(GWSClientError) {
        try await perform(.operation(.sendStartTypingNotification, in: chatID))
    }

    /// SendStopTypingNotification.
    public func stopTyping(in chatID: String) async throws(GWSClientError) {
        try await perform(.operation(.sendStopTypingNotification, in: chatID))
    }

    /// Complete: the customer leaves; the chat becomes `Idle`.
    public func complete(_ chatID: String) async throws(GWSClientError) {
        try await perform(.operation(.complete, in: chatID))
    }

    /// GetChat: state, participants and capabilities.
    public func chat(_ chatID: String) async throws(GWSClientError) -> GWSChat {
        try await perform(.chat(chatID))
    }

    /// GetTranscript. Without `index`: the messages this chat's transcript has not returned
    /// before (the server's cursor moves). With `index`: every message from that index on
    /// (`0` returns all).
    public func transcript(of chatID: String, from index: Int? = nil) async throws(GWSClientError) -> [GWSMessage] {
        try await perform(.transcript(of: chatID, from: index))
    }

    // MARK: - Sending

    func perform<Value>(_ call: GWSCall<Value>) async throws(GWSClientError) -> Value {
        let (request, described) = try prepare(call)
        let outcome = await exchange(for: request).run()
        return try finish(call, described: described, outcome)
    }

    func performBlocking<Value>(_ call: GWSCall<Value>) throws(GWSClientError) -> Value {
        let (request, described) = try prepare(call)
        return try finish(call, described: described, exchange(for: request).runBlocking())
    }

    private func exchange(for request: URLRequest) -> HTTPExchange {
        HTTPExchange(request: request, maxAnswerBytes: maxAnswerBytes, deadline: timeout)
    }

    /// The request of `call`, and its description (`METHOD URL`) for errors.
    private func prepare<Value>(_ call: GWSCall<Value>) throws(GWSClientError) -> (URLRequest, String) {
        let path = try call.path()
        let base = baseURL.absoluteString.hasSuffix("/") ? baseURL.absoluteString : baseURL.absoluteString + "/"
        guard let url = URL(string: base + path) else {
            throw GWSClientError(code: .noAnswer, request: "\(call.method) \(base)\(path)", message: "not a valid URL")
        }
        var request = URLRequest(url: url)
        request.httpMethod = call.method
        // URLSession's own timeout is an idle timeout; the exchange enforces the total one, which
        // ends first and says so.
        request.timeoutInterval = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18 + 1
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        if let body = call.body {
            request.httpBody = Data(body)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        if let apiKey { request.setValue(apiKey, forHTTPHeaderField: "apikey") }
        return (request, "\(call.method) \(url.absoluteString)")
    }

    /// The decoded answer of `call`, or the error that says what went wrong.
    private func finish<Value>(_ call: GWSCall<Value>, described: String, _ outcome: Result<HTTPExchange.Answer, HTTPExchange.Failure>) throws(GWSClientError) -> Value {
        let answer: HTTPExchange.Answer
        switch outcome {
        case .success(let complete): answer = complete
        case .failure(.transport(let reason)): throw GWSClientError(code: .noAnswer, request: described, message: reason)
        case .failure(.cancelled): throw GWSClientError(code: .noAnswer, request: described, message: "cancelled")
        case .failure(.deadline(let limit)):
            throw GWSClientError(code: .noAnswer, request: described, message: "no complete answer within \(limit) (the client's timeout)")
        case .failure(.tooLarge(let limit)):
            throw GWSClientError(code: .answerTooLarge, request: described, message: "an answer larger than \(limit) bytes (the client's maxAnswerBytes)")
        case .failure(.crossOriginRedirect(let status, let location)):
            throw GWSClientError(
                code: .refused, request: described, httpStatus: status,
                message: "a redirect to another origin (\(location)), not followed: the apikey and the request stay with \(baseURL.absoluteString)")
        }
        let statusCode = GWSWire.statusCode(of: answer.body)
        guard answer.status == 200, statusCode ?? 0 == 0 else {
            let refusal = GWSWire.decodeError(answer.body)
            let message = refusal?.statusMessage ?? String(decoding: answer.body.prefix(200), as: UTF8.self)
            throw GWSClientError(
                code: .refused, request: described, httpStatus: answer.status, statusCode: refusal?.statusCode ?? statusCode, message: message)
        }
        do {
            return try call.decode(answer.body)
        } catch {
            throw GWSClientError(code: .malformedAnswer, request: described, httpStatus: 200, message: error.description)
        }
    }
}
