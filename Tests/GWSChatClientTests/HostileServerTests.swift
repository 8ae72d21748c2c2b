import Foundation
import GWSChatClient
import HTTPTesting
import Locking
import Testing

/// The client against servers that do not play by the rules: every call ends, within its
/// deadline and its size bound, and the apikey and the request path stay where they were meant.
@Suite struct HostileServerTests {
    static let transcriptHead = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"

    static func client(_ server: ScriptedHTTPServer, apiKey: String? = nil, timeout: Duration = .seconds(10), maxAnswerBytes: Int = 8 * 1024 * 1024) -> GWSClient {
        GWSClient(baseURL: URL(string: "http://127.0.0.1:\(server.port)/api")!, apiKey: apiKey, timeout: timeout, maxAnswerBytes: maxAnswerBytes)
    }

    /// A 3 GB answer, announced or not, is refused once it passes the bound: it is not read whole.
    @Test(arguments: [true, false])
    func anAnswerLargerThanTheBound_failsTheCall_withoutBeingReadWhole(announced: Bool) async throws {
        let sent = Locked(0)
        let server = try ScriptedHTTPServer { _, send in
            let length = announced ? "Content-Length: 3000000000\r\n" : ""
            guard send(Array((Self.transcriptHead + length + "Connection: close\r\n\r\n{\"messages\":[").utf8)) else { return }
            let chunk = [UInt8](repeating: UInt8(ascii: " "), count: 64 * 1024)
            // Far more than the bound, far less than 3 GB: the client must give up long before.
            for _ in 0..<1000 {
                guard send(chunk) else { return }
                sent.withLock { $0 += chunk.count }
            }
        }
        defer { server.stop() }
        let client = Self.client(server, maxAnswerBytes: 256 * 1024)
        let error = try await #require(throws: GWSClientError.self) { try await client.transcript(of: "abc") }
        #expect(error.code == .answerTooLarge, "\(error)")
        #expect(error.message.contains("262144"))
        server.stop()
        #expect(sent.withLock { $0 } < 64 * 1024 * 1024, "the server kept sending: the client read on")
    }

    /// A server that sends one byte at a time never resets an idle timeout; the total deadline
    /// ends the call anyway.
    @Test func aServerThatDrips_isCutOffAtTheCallsDeadline() async throws {
        // Measured by the server (when the client hangs up), not by the test, whose task may wait
        // for a thread on a loaded machine after the client has given up.
        let hungUpAfter = Locked<Duration?>(nil)
        let server = try ScriptedHTTPServer { _, send in
            let start = ContinuousClock.now
            guard send(Array((Self.transcriptHead + "Content-Length: 100\r\n\r\n").utf8)) else { return }
            for _ in 0..<100 {
                guard send([UInt8(ascii: " ")]) else {
                    hungUpAfter.withLock { $0 = ContinuousClock.now - start }
                    return
                }
                usleep(100_000)
            }
        }
        defer { server.stop() }
        let client = Self.client(server, timeout: .milliseconds(800))
        let error = try await #require(throws: GWSClientError.self) { try await client.chat("abc") }
        #expect(error.code == .noAnswer)
        #expect(error.message.contains("no complete answer within"), "\(error)")
        server.stop()
        let took = try #require(hungUpAfter.withLock { $0 }, "the client never hung up on the dripping server")
        #expect(took < .seconds(8), "the client hung up after \(took), past its 0.8 s deadline")
    }

    /// A redirect to another origin is not followed: the apikey (and the request) never reach it.
    @Test func aRedirectToAnotherOrigin_isNotFollowed_andTheOtherOriginGetsNoKey() async throws {
        let elsewhere = try ScriptedHTTPServer { _, send in
            _ = send(Array("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}".utf8))
        }
        defer { elsewhere.stop() }
        let redirecting = try ScriptedHTTPServer { _, send in
            _ = send(Array("HTTP/1.1 307 Temporary Redirect\r\nLocation: http://127.0.0.1:\(elsewhere.port)/steal\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".utf8))
        }
        defer { redirecting.stop() }
        let client = Self.client(redirecting, apiKey: "s3cret")
        let error = try await #require(throws: GWSClientError.self) { try await client.chat("abc") }
        #expect(error.code == .refused)
        #expect(error.httpStatus == 307)
        #expect(error.message.contains("another origin"), "\(error)")
        #expect(redirecting.heads.first?.lowercased().contains("apikey: s3cret") == true, "the origin asked gets the key")
        #expect(elsewhere.heads.isEmpty, "the other origin was asked: \(elsewhere.heads)")
    }

    /// A redirect within the origin is followed, with the key.
    @Test func aRedirectWithinTheOrigin_isFollowed() async throws {
        let server = try ScriptedHTTPServer { head, send in
            if head.hasPrefix("GET /api/v2/chats/abc ") {
                _ = send(Array("HTTP/1.1 307 Temporary Redirect\r\nLocation: /api/v2/chats/moved\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".utf8))
            } else {
                let body = #"{"chat":{"chatId":"moved","state":"Idle","participants":[],"capabilities":[]},"statusCode":0}"#
                _ = send(Array("HTTP/1.1 200 OK\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)".utf8))
            }
        }
        defer { server.stop() }
        _ = try? await Self.client(server, apiKey: "s3cret").chat("abc")
        #expect(server.heads.count == 2)
        #expect(server.heads.last?.hasPrefix("GET /api/v2/chats/moved ") == true)
        #expect(server.heads.last?.lowercased().contains("apikey: s3cret") == true)
    }

    /// A chat id of `.` or `..` is a name, not a step up the path.
    @Test(arguments: ["..", ".", "../../health", "a/b"])
    func aChatIdCannotChangeTheRequestPath(id: String) async throws {
        let server = try ScriptedHTTPServer { _, send in
            _ = send(Array("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".utf8))
        }
        defer { server.stop() }
        _ = try? await Self.client(server).chat(id)
        let target = try #require(server.heads.first?.split(separator: " ").dropFirst().first.map(String.init))
        #expect(target.hasPrefix("/api/v2/chats/"), "\(target)")
        #expect(!target.dropFirst("/api/v2/chats/".count).contains("/"), "\(target)")
        #expect(target != "/api/v2/chats/" && target != "/api/v2/", "\(target)")
    }
}
