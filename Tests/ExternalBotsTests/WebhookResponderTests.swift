import BotTesting
import ChatCore
import ExternalBots
import Foundation
import HTTPServer
import Locking
import Testing

/// A `webhook:` bot driven through a chat: a local endpoint (port 0) answers each event; the
/// chat's clock waits for it, and every kind of failure costs one event its fallback.
@Suite struct WebhookResponderTests {
    /// A webhook on 127.0.0.1 whose answer to each event `answer` decides.
    final class Endpoint: Sendable {
        let server: HTTPServer
        let port: Int
        let requests = Locked<[HTTPRequest]>([])

        init(_ answer: @escaping @Sendable (HTTPRequest, [String: Any]) -> HTTPResponse) throws {
            let requests = self.requests
            server = HTTPServer(
                handler: ClosureHTTPHandler { request in
                    requests.withLock { $0.append(request) }
                    let event = (try? JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any]) ?? [:]
                    return answer(request, event)
                })
            port = try server.start()
        }

        deinit { server.stop() }

        var url: URL { URL(string: "http://127.0.0.1:\(port)/bot")! }
    }

    static func json(_ text: String) -> HTTPResponse {
        HTTPResponse(status: .ok, text: text, contentType: "application/json")
    }

    /// Echoes customer texts and counts them in its memory.
    static let echo: @Sendable (HTTPRequest, [String: Any]) -> HTTPResponse = { _, event in
        guard event["event"] as? String == "customerText", let text = event["text"] as? String else { return json("[]") }
        let count = Int((event["memory"] as? [String: String])?["count"] ?? "0")! + 1
        return json(#"[{"type":"say","text":"echo \#(text)","origin":"echo"},{"type":"memory","values":{"count":"\#(count)"}}]"#)
    }

    private func settings(timeout: Duration = .seconds(5), fallback: String? = "Sorry, one moment.") -> ExternalBotSettings {
        var settings = ExternalBotSettings()
        settings.nickname = "Hooky"
        settings.timeout = timeout
        settings.fallback = fallback.map { AgentReply([.say($0)]) } ?? .none
        settings.secret = "s3cret"
        return settings
    }

    private func chat(_ responder: any Responder) throws -> TestChat {
        var configuration = ChatHostConfiguration()
        configuration.agentJoinDelay = .zero
        configuration.replyDelay = .zero
        return try TestChat(responder: responder, nickname: "Ann", userData: ["plan": "gold"], configuration: configuration)
    }

    @Test func answersTheChat_inOrder_withMemoryAndTheSecret() throws {
        let endpoint = try Endpoint(Self.echo)
        let chat = try chat(WebhookResponder(url: endpoint.url, settings: settings()))
        try chat.say("one")
        try chat.say("two")
        chat.runUntilIdle()
        #expect(chat.allAgentReplies == ["echo one", "echo two"])
        #expect(chat.responderMemory["count"] == "2")
        #expect(chat.transcript.last { $0.from.kind == .agent && $0.kind == .text }?.origin == "echo")
        let requests = endpoint.requests.withLock { $0 }
        #expect(requests.allSatisfy { $0.headers["X-GWS-Bot-Secret"] == "s3cret" && $0.headers["X-GWS-Bot-Version"] == "1" })
        let texts = requests.compactMap { (try? JSONSerialization.jsonObject(with: Data($0.body)) as? [String: Any]) ?? nil }
        #expect(texts.first?["event"] as? String == "agentJoined")
        #expect(texts.first?["userData"] as? [String: String] == ["plan": "gold"])
        #expect(texts.first?["nickname"] as? String == "Ann")
    }

    @Test(arguments: [
        ("HTTP 500", HTTPResponse(status: .internalServerError, text: "boom")),
        ("garbage", json("<html>not json</html>")),
        ("a bad action", json(#"[{"type":"say"}]"#)),
        ("too much", json("[" + String(repeating: #"{"type":"leave"},"#, count: 20_000) + #"{"type":"leave"}]"#)),
    ])
    func aFailure_costsOneEventItsFallback_andTheChatGoesOn(_ name: String, _ bad: HTTPResponse) throws {
        let endpoint = try Endpoint { request, event in
            event["text"] as? String == "break" ? bad : Self.echo(request, event)
        }
        let chat = try chat(WebhookResponder(url: endpoint.url, settings: settings()))
        try chat.say("break")
        try chat.say("after")
        chat.runUntilIdle()
        #expect(chat.allAgentReplies == ["Sorry, one moment.", "echo after"], "\(name)")
        #expect(chat.responderTrace.contains { $0.lines.first?.contains("bot failed on customerText") == true }, "\(name)")
    }

    @Test func noAnswerInTime_givesTheFallback() throws {
        // A socket that accepts connections and never answers them.
        let silent = try SilentListener()
        let url = URL(string: "http://127.0.0.1:\(silent.port)/bot")!
        let chat = try chat(WebhookResponder(url: url, settings: settings(timeout: .milliseconds(300))))
        try chat.say("hello?")
        chat.runUntilIdle()
        // The greeting failed too: only a customer's text gets the fallback.
        #expect(chat.allAgentReplies == ["Sorry, one moment."])
        #expect(chat.state == .chatting)
    }

    @Test func nobodyListening_givesTheFallback() throws {
        let closed = try SilentListener()
        let url = URL(string: "http://127.0.0.1:\(closed.port)/bot")!
        closed.close()
        let chat = try chat(WebhookResponder(url: url, settings: settings(fallback: nil)))
        try chat.say("hello?")
        chat.runUntilIdle()
        #expect(chat.allAgentReplies.isEmpty)
        #expect(chat.state == .chatting)
    }
}

/// A TCP socket on 127.0.0.1 that listens and never accepts: connections complete (in the
/// backlog) and are never answered.
final class SilentListener: @unchecked Sendable {
    // @unchecked: `descriptor` is set once in init and closed once by `close()` from the test's thread.
    private var descriptor: Int32
    let port: Int

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 16) == 0 else {
            _ = Glibc.close(fd)
            throw POSIXError(.EADDRINUSE)
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        descriptor = fd
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    func close() {
        guard descriptor >= 0 else { return }
        _ = Glibc.close(descriptor)
        descriptor = -1
    }

    deinit { close() }
}
