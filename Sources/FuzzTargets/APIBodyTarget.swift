import ChatCore
import ChatHTTPAPI
import HTTPServer
import JSONText
import LastCharacterBot
import Logging

/// Property: whatever the body or query, the API answers with a status below 500 and a JSON body
/// (`{"statusCode":…}` for errors), and the host keeps working afterwards.
///
/// The first byte picks the request; the rest is its body (or query string):
/// 0 RequestChat as JSON, 1 RequestChat as a form, 2 an operation on an open chat, 3 GetTranscript
/// with the rest as the query string.
enum APIBodyTarget {
    static func run(_ input: [UInt8]) -> FuzzFinding? {
        guard let selector = input.first else { return nil }
        let rest = Array(input.dropFirst())
        return withFuzzHost { host in run(selector: selector, rest: rest, on: host) }
    }

    private static func run(selector: UInt8, rest: [UInt8], on host: ChatHost) -> FuzzFinding? {
        let api = ChatAPI(host: host, logger: silentLogger)
        let chat: ChatID
        do {
            chat = try host.requestChat(nickname: "fuzz", subject: "fuzz")
        } catch {
            return FuzzFinding("RequestChat from code failed: \(error)")
        }
        let chatPath = "/api/v2/chats/\(chat)"
        let request: HTTPRequest
        switch selector % 4 {
        case 0: request = fuzzPost("/api/v2/chats", rest, contentType: "application/json")
        case 1: request = fuzzPost("/api/v2/chats", rest, contentType: "application/x-www-form-urlencoded")
        case 2: request = fuzzPost(chatPath, rest, contentType: "application/json")
        default:
            let query = String(decoding: rest, as: UTF8.self)
            request = HTTPRequest(method: "GET", target: "\(chatPath)/messages?\(query)", headers: ["Host": "localhost"])
        }
        let response = api.handle(request)
        if response.status.code >= 500 {
            return FuzzFinding("\(request.method) \(request.path) answered \(response.status.code): \(String(decoding: response.body, as: UTF8.self))")
        }
        do {
            _ = try JSONParser.parse(response.body)
        } catch {
            return FuzzFinding("\(request.method) \(request.path) answered a body that is not JSON (\(error))")
        }
        return stillTakesMessages(host, chat)
    }
}

/// `body` run on a fresh in-memory host (LastCharacterBot, a manual clock, no logs), shut down
/// after: the host of the HTTP API targets.
func withFuzzHost(_ body: (ChatHost) -> FuzzFinding?) -> FuzzFinding? {
    let host: ChatHost
    do {
        host = try ChatHost(responder: LastCharacterResponder(), clock: ManualClock(), logger: silentLogger)
    } catch {
        return FuzzFinding("an in-memory host could not start: \(error)")
    }
    defer { host.shutdown() }
    return body(host)
}

/// The property every HTTP API target ends with: after the fuzzed request the chat still takes a
/// message, or refuses it because the request ended it.
func stillTakesMessages(_ host: ChatHost, _ chat: ChatID) -> FuzzFinding? {
    do {
        try host.sendMessage("still there?", to: chat)
    } catch let error where error.code == .invalidState {
        // The fuzzed request ended the chat: refusing new messages is right.
    } catch {
        return FuzzFinding("after the fuzzed request, SendMessage on the chat failed: \(error)")
    }
    return nil
}

/// A POST with `body` as the API receives it from the HTTP server.
func fuzzPost(_ path: String, _ body: [UInt8], contentType: String) -> HTTPRequest {
    HTTPRequest(method: "POST", target: path, headers: ["Host": "localhost", "Content-Type": contentType, "Content-Length": "\(body.count)"], body: body)
}

/// Fuzzed inputs make the code under test log errors by design; the fuzzer has no use for them.
let silentLogger = Logger(label: "fuzz") { _ in SwiftLogNoOpLogHandler() }
