import ChatCore
import ChatHTTPAPI
import EmulatorKit
import Foundation
import HTTPTesting
import JournalStore
import LastCharacterBot
import HTTPServer
import ChatHTTPAPI

/// The emulator (last-character bot, manual clock, seed 7 unless told) behind a real server on 127.0.0.1:0,
/// composed by ``Emulator`` as `serve` composes it.
///
/// The agent answers only when the test runs the clock (``runAgent()``, `clock.advance`), as bot
/// work never runs inside a request. With `wallClock`, the chats run on the wall clock instead,
/// with the bot on worker threads, as `serve` runs them.
final class APITestServer {
    let clock: ManualClock
    let emulator: Emulator
    let host: ChatHost
    let port: Int

    /// - Parameter joinDelay: zero by default, so the agent has joined when RequestChat returns.
    init(
        apiKey: String? = nil, seed: UInt64? = 7, dataDirectory: URL? = nil, clientDirectory: URL? = nil,
        joinDelay: DelayRange = .zero, clock: ManualClock = ManualClock(), maxTranscriptBytes: Int? = nil,
        transcriptCacheBytes: Int? = nil,
        responder: any Responder = LastCharacterResponder(), wallClock: Bool = false, workerCount: Int = 2,
        configure: (inout EmulatorConfiguration) -> Void = { _ in }
    ) throws {
        var configuration = EmulatorConfiguration(
            bot: .responder(responder), storage: dataDirectory.map { .folder($0) } ?? .inMemory, clock: wallClock ? .system : .virtual(clock))
        configuration.chatHost.seed = seed
        configuration.chatHost.agentJoinDelay = joinDelay
        configuration.chatHost.replyDelay = .zero
        configuration.chatHost.systemMessageInterval = .zero
        configuration.api.apiKey = apiKey
        configuration.api.clientDirectory = clientDirectory
        // The repository's own bots, whatever the working directory: chats may choose them by name.
        configuration.botsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Bots", isDirectory: true)
        configuration.httpServer.workerCount = workerCount
        configuration.httpServer.accessLogLevel = nil
        self.clock = clock
        if let maxTranscriptBytes { configuration.api.maxTranscriptBytes = maxTranscriptBytes }
        if let transcriptCacheBytes { configuration.api.transcriptCacheBytes = transcriptCacheBytes }
        configure(&configuration)
        emulator = Emulator(configuration)
        try emulator.start()
        host = emulator.chatHost!
        port = emulator.port!
    }

    func stop() {
        emulator.stop()
    }

    /// Lets the agent do what is due now: answer, greet, post its reply steps without delay.
    func runAgent() {
        clock.advance(by: .zero)
    }

    deinit {
        stop()
    }

    func client() throws -> APIClient { try APIClient(port: port) }
}

/// Sends API requests on one keep-alive connection and decodes the JSON answers.
final class APIClient {
    struct Reply {
        var response: RawHTTPClient.Response
        var status: Int { response.status }
        /// The decoded body; empty when the body is not a JSON object.
        var json: [String: Any]
        var statusCode: Int? { json["statusCode"] as? Int }
        var statusMessage: String { json["statusMessage"] as? String ?? "" }
    }

    let raw: RawHTTPClient

    init(port: Int) throws {
        raw = try RawHTTPClient(port: port)
    }

    static func requestText(_ method: String, _ path: String, body: String? = nil, headers: [String: String] = [:]) -> String {
        var text = "\(method) \(path) HTTP/1.1\r\nHost: localhost\r\n"
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) { text += "\(name): \(value)\r\n" }
        if let body {
            if headers["Content-Type"] == nil { text += "Content-Type: application/json\r\n" }
            text += "Content-Length: \(body.utf8.count)\r\n\r\n\(body)"
        } else {
            text += "\r\n"
        }
        return text
    }

    func send(_ method: String, _ path: String, body: String? = nil, headers: [String: String] = [:]) throws -> Reply {
        try raw.send(Self.requestText(method, path, body: body, headers: headers))
        return try readReply()
    }

    func readReply() throws -> Reply {
        let response = try raw.readResponse()
        let object = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any]
        return Reply(response: response, json: object ?? [:])
    }

    func requestChat(nickname: String = "James", subject: String = "Question about relativity") throws -> String {
        let reply = try send("POST", "/api/v2/chats", body: #"{"operationName":"RequestChat","nickname":"\#(nickname)","subject":"\#(subject)"}"#)
        guard reply.status == 200, let id = reply.json["id"] as? String else {
            throw RawHTTPClient.ClientError(description: "RequestChat failed: \(reply.status) \(reply.response.text)")
        }
        return id
    }

    func operation(_ name: String, on id: String, text: String? = nil) throws -> Reply {
        var body = #"{"operationName":"\#(name)""#
        if let text { body += #","text":"\#(text)""# }
        return try send("POST", "/api/v2/chats/\(id)", body: body + "}")
    }

    func messages(_ id: String, index: Int? = nil) throws -> [[String: Any]] {
        let reply = try send("GET", "/api/v2/chats/\(id)/messages" + (index.map { "?index=\($0)" } ?? ""))
        return reply.json["messages"] as? [[String: Any]] ?? []
    }
}

func makeTemporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("chat-http-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
