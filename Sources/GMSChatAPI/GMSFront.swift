package import ChatCore
package import ChatHTTPAPI
import GMSWire
package import HTTPServer

/// The GMS Chat API v2 (REST) over HTTP, on the same ``ChatHost`` as the GWS front: what Genesys
/// Widgets' WebChat and the Genesys mobile SDKs speak.
///
/// `POST /genesys/2/chat/{serviceName}` requests a chat; `POST /genesys/2/chat/{serviceName}/{chatId}/{operation}`
/// runs an operation of ``GMSOperation/table`` (`send`, `refresh`, `startTyping`, `stopTyping`,
/// `disconnect`, ...) after checking the chat's `userId`, `secureKey` and `alias`. Answers are
/// GMS's (``GMSWire``): `statusCode`, `chatId`, `userId`, `secureKey`, `alias`, `nextPosition`,
/// `chatEnded`, `messages`; refusals are GMS error answers (``GMSFailure``). Mounted by
/// ``ChatAPI`` (its `fronts`), which checks the `Host` and `apikey` first and adds CORS headers.
package struct GMSFront: ChatFront {
    package let host: ChatHost
    package let configuration: GMSConfiguration
    /// The chat operations by name (the path segment after the chat id).
    let operations: [String: GMSOperation]
    /// Each chat's credentials, answer head and messages' JSON (``GMSChatEntry``), bounded by
    /// ``GMSConfiguration/cacheBytes``.
    let chats: ChatCache<GMSChatEntry>

    package init(host: ChatHost, configuration: GMSConfiguration = .init(), operations: [String: GMSOperation] = GMSOperation.table) {
        self.host = host
        self.configuration = configuration
        self.operations = operations
        // An entry holds the credentials, the chat id and the answer head from the start.
        chats = ChatCache(maxBytes: configuration.cacheBytes, entryBytes: 512)
    }

    /// A reset of the chats: the same ids may come back as other chats, with other credentials.
    package func reset() {
        chats.removeAll()
    }

    /// The chat's entry (its credentials derived the first time); throws when there is no such chat.
    func entry(of id: ChatID) throws(GMSFailure) -> GMSChatEntry {
        do {
            return try chats.entry(of: id) { () throws(ChatError) in
                GMSChatEntry(chat: id, credentials: try GMSCredentials(of: id, in: host), alias: configuration.alias)
            }
        } catch {
            throw GMSFailure(error)
        }
    }

    package var pathPrefix: String { GMSRoute.prefix }

    package var allowedMethods: [String] { ["GET", "POST", "OPTIONS"] }

    /// `gms.requestChat`, then `gms.` and each name of ``operations`` (`gms.send`, `gms.refresh`, ...).
    package var operationNames: [String] { Self.operationNames(operations) }

    /// The names the request record and faults give the operations of a table: one name per
    /// entry, so a new operation is named without touching anything else.
    package static func operationNames(_ operations: [String: GMSOperation] = GMSOperation.table) -> [String] {
        [requestChatName] + operations.keys.sorted().map(operationName)
    }

    static let requestChatName = "gms.requestChat"

    static func operationName(_ key: String) -> String { "gms." + key }

    package func respond(to request: HTTPRequest, _ exchange: inout FrontExchange) -> HTTPResponse {
        do {
            return try route(request, &exchange)
        } catch {
            return Self.response(for: error)
        }
    }

    package func response(for error: APIError) -> HTTPResponse {
        Self.response(for: GMSFailure(error))
    }

    static let jsonContentType = "application/json; charset=utf-8"

    static func response(for failure: GMSFailure) -> HTTPResponse {
        var headers = failure.headers
        headers.set("Content-Type", jsonContentType)
        let body = GMSWire.encode(GMSErrorAnswer(statusCode: failure.statusCode, chatEnded: failure.chatEnded, errors: [GMSError(code: failure.code, advice: failure.advice)]))
        return HTTPResponse(status: failure.status, headers: headers, body: body)
    }

    /// The answer of `body`, a refusal in GMS's error shape.
    static func answering(_ body: () throws(GMSFailure) -> HTTPResponse) -> HTTPResponse {
        do {
            return try body()
        } catch {
            return response(for: error)
        }
    }

    static func json(_ body: [UInt8]) -> HTTPResponse {
        HTTPResponse(status: .ok, headers: jsonHeaders, body: body)
    }

    /// The headers of every answer, built once and shared (per answer they cost a poll about
    /// 2,500 instructions).
    private static let jsonHeaders: HTTPHeaders = ["Content-Type": jsonContentType]

    private func route(_ request: HTTPRequest, _ exchange: inout FrontExchange) throws(GMSFailure) -> HTTPResponse {
        let route = GMSRoute(path: request.path, maxServiceNameBytes: configuration.maxServiceNameBytes)
        switch route {
        case .unknown(let advice):
            throw .notFound(advice)
        case .requestChat(let service):
            if request.method == "OPTIONS" { return Self.options(["POST"]) }
            exchange.note(operation: Self.requestChatName, chat: nil)
            try Self.allow(request, ["POST"])
            return try requestChat(request, service: String(service), &exchange)
        case .operation(_, let chatText, let name, let rest):
            guard let operation = operations[String(name)] else {
                throw .notFound("No operation '\(name.prefix(80))'; the operations are \(operations.keys.sorted().joined(separator: ", ")).")
            }
            if request.method == "OPTIONS" { return Self.options(operation.methods) }
            let operationName = Self.operationName(String(name))
            exchange.note(operation: operationName, chat: nil)
            try Self.allow(request, operation.methods)
            let id = try Self.chatID(chatText)
            exchange.note(operation: operationName, chat: id)
            let parameters = try GMSParameters(request)
            let entry = try entry(of: id)
            try entry.credentials.check(parameters, alias: configuration.alias, chat: id)
            let call = GMSCall(front: self, request: request, parameters: parameters, chat: id, entry: entry, rest: rest)
            // Through the faults in force, once the request is known to be the chat's own.
            return exchange.perform { _ in Self.answering { () throws(GMSFailure) in try operation.run(call) } }
        }
    }

    /// A plain `OPTIONS` (a browser's preflight is answered by ``ChatAPI``): the route's methods.
    private static func options(_ methods: [String]) -> HTTPResponse {
        HTTPResponse(status: .noContent, headers: ["Allow": (methods + ["OPTIONS"]).joined(separator: ", ")])
    }

    /// Refuses (405, with `Allow`) a method not in `methods`.
    static func allow(_ request: HTTPRequest, _ methods: [String]) throws(GMSFailure) {
        guard methods.contains(request.method) else {
            var failure = GMSFailure(.methodNotAllowed, code: 405, "\(request.method) is not allowed on \(request.path.prefix(200)); use \(methods.joined(separator: ", ")).")
            failure.headers.set("Allow", (methods + ["OPTIONS"]).joined(separator: ", "))
            throw failure
        }
    }

    static func chatID(_ text: Substring) throws(GMSFailure) -> ChatID {
        if let id = ChatID(validating: text) { return id }
        if let decoded = HTTPRequest.percentDecoded(text), let id = ChatID(validating: decoded) { return id }
        throw .notFound("Chat \(text.prefix(80)) does not exist.")
    }
}
