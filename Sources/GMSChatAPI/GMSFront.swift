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

    package init(host: ChatHost, configuration: GMSConfiguration = .init(), operations: [String: GMSOperation] = GMSOperation.table) {
        self.host = host
        self.configuration = configuration
        self.operations = operations
    }

    package var pathPrefix: String { GMSRoute.prefix }

    package var allowedMethods: [String] { ["GET", "POST", "OPTIONS"] }

    package func respond(to request: HTTPRequest) -> HTTPResponse {
        do {
            return try route(request)
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

    static func json(_ body: [UInt8]) -> HTTPResponse {
        HTTPResponse(status: .ok, headers: ["Content-Type": jsonContentType], body: body)
    }

    private func route(_ request: HTTPRequest) throws(GMSFailure) -> HTTPResponse {
        let route = GMSRoute(path: request.path, maxServiceNameBytes: configuration.maxServiceNameBytes)
        switch route {
        case .unknown(let advice):
            throw .notFound(advice)
        case .requestChat(let service):
            if request.method == "OPTIONS" { return Self.options(["POST"]) }
            try Self.allow(request, ["POST"])
            return try requestChat(request, service: String(service))
        case .operation(_, let chatText, let name, let rest):
            guard let operation = operations[String(name)] else {
                throw .notFound("No operation '\(name.prefix(80))'; the operations are \(operations.keys.sorted().joined(separator: ", ")).")
            }
            if request.method == "OPTIONS" { return Self.options(operation.methods) }
            try Self.allow(request, operation.methods)
            let id = try Self.chatID(chatText)
            let parameters = try GMSParameters(request)
            let credentials: GMSCredentials
            do {
                credentials = try GMSCredentials(of: id, in: host)
            } catch {
                throw GMSFailure(error)
            }
            try credentials.check(parameters, alias: configuration.alias, chat: id)
            let call = GMSCall(front: self, request: request, parameters: parameters, chat: id, credentials: credentials, rest: rest)
            return try operation.run(call)
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
