import ChatCore
import ChatHTTPAPI
import GMSChatAPI
import GMSWire
import HTTPServer

/// Property: whatever the body, the GMS front answers below 500 with GMS's JSON, a success that
/// ``GMSWire`` decodes or an error answer (`statusCode` 2 and an `errors` entry with advice); a
/// request without the chat's `secureKey` is never served; and the chat still works afterwards.
///
/// The first byte picks the request; the rest is its body: 0 request chat as a form, 1 as JSON,
/// 2 an operation (the rest's first line names it) with the chat's credentials before the rest's
/// fields, 3 the same without credentials (never 200).
enum GMSBodyTarget {
    static func run(_ input: [UInt8]) -> FuzzFinding? {
        guard let selector = input.first else { return nil }
        return withFuzzHost { host in run(selector: selector, rest: Array(input.dropFirst()), on: host) }
    }

    private static func run(selector: UInt8, rest: [UInt8], on host: ChatHost) -> FuzzFinding? {
        var rest = rest
        let api = ChatAPI(host: host, fronts: [GMSFront(host: host)], logger: silentLogger)
        // A chat started through the front, for its credentials.
        let started = api.handle(post("/genesys/2/chat/fuzz", Array("nickname=fuzz".utf8), form: true))
        guard started.status.code == 200, let answer = try? GMSWire.decodeAnswer(started.body), let chatId = answer.chatId,
            let userId = answer.userId, let secureKey = answer.secureKey, let alias = answer.alias, let chat = ChatID(validating: chatId)
        else {
            return FuzzFinding("request chat from the target failed: \(started.status.code) \(String(decoding: started.body, as: UTF8.self))")
        }
        let credentials = Array("userId=\(userId)&secureKey=\(secureKey)&alias=\(alias)&".utf8)
        let request: HTTPRequest
        switch selector % 4 {
        case 0: request = post("/genesys/2/chat/fuzz", rest, form: true)
        case 1: request = post("/genesys/2/chat/fuzz", rest, form: false)
        default:
            var operation = "refresh"
            if let newline = rest.firstIndex(of: UInt8(ascii: "\n")) {
                operation = String(decoding: rest[..<newline], as: UTF8.self).filter { $0.isLetter }
                rest = Array(rest[(newline + 1)...])
            }
            let body = selector % 4 == 2 ? credentials + rest : rest
            request = post("/genesys/2/chat/fuzz/\(chatId)/\(operation.isEmpty ? "refresh" : operation)", body, form: true)
        }
        let response = api.handle(request)
        let text = String(decoding: response.body, as: UTF8.self)
        if response.status.code >= 500 {
            return FuzzFinding("\(request.path) answered \(response.status.code): \(text)")
        }
        if response.status.code == 200 {
            if selector % 4 == 3, !rest.contains(Array(secureKey.utf8)) {
                return FuzzFinding("\(request.path) without the secureKey was served: \(text)")
            }
            if (try? GMSWire.decodeAnswer(response.body)) == nil {
                return FuzzFinding("\(request.path) answered 200 with a body GMSWire cannot read: \(text)")
            }
        } else if response.status.code != 204 {
            guard let error = try? GMSWire.decodeError(response.body), error.statusCode == 2, let first = error.errors.first, !first.advice.isEmpty else {
                return FuzzFinding("\(request.path) answered \(response.status.code) outside GMS's error shape: \(text)")
            }
        }
        return stillTakesMessages(host, chat)
    }

    private static func post(_ path: String, _ body: [UInt8], form: Bool) -> HTTPRequest {
        fuzzPost(path, body, contentType: form ? "application/x-www-form-urlencoded" : "application/json")
    }
}
