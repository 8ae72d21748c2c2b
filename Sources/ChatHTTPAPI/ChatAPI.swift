import JSONText
package import ChatCore
package import HTTPServer
package import Logging

/// The GWS Chat API v2 over HTTP: routes requests onto a ``ChatHost``.
///
/// Routes: `POST /api/v2/chats` (RequestChat), `POST /api/v2/chats/{id}` (SendMessage,
/// SendStartTypingNotification, SendStopTypingNotification, Complete), `GET /api/v2/chats/{id}`
/// (GetChat), `GET /api/v2/chats/{id}/messages[?index=N]` (GetTranscript), the web pages
/// `GET /client/...` and `GET /agent/...` (static files), the emulator's own endpoints under
/// `/emulator/` (``EmulatorEndpoints``), `GET /health`, `OPTIONS` preflight on each, and
/// `OPTIONS *`. Every response is JSON (`application/json; charset=utf-8`) but for static files,
/// and carries CORS headers as ``AccessPolicy`` decides; errors are ``APIError`` bodies. Before
/// routing, ``AccessPolicy`` refuses a request to a host the server does not answer to (421) and,
/// on every `/emulator/` route, a foreign origin (403) or a POST that is not JSON (415).
package struct ChatAPI: HTTPHandler {
    package let host: ChatHost
    package let configuration: ChatAPIConfiguration
    private let sites: [String: StaticFileServer]
    private let emulator: EmulatorEndpoints
    let logger: Logger
    /// Faults, the request record, the virtual clock's lock.
    let testDouble: TestDouble
    /// GetTranscript JSON of each message, written once (see ``TranscriptFragments``).
    let transcripts: TranscriptCache
    /// The configured key's UTF-8 bytes, as compared.
    private let apiKey: [UInt8]?
    /// Which hosts and origins may use what (see ``AccessPolicy``).
    private let access: AccessPolicy
    /// Other APIs on the same chats (the GMS front), each under its own path prefix.
    let fronts: [any ChatFront]

    static let jsonContentType = "application/json; charset=utf-8"

    package init(host: ChatHost, configuration: ChatAPIConfiguration = .init(), fronts: [any ChatFront] = [], logger: Logger = Logger(label: "chat-api", factory: { _ in SwiftLogNoOpLogHandler() })) {
        self.fronts = fronts
        self.host = host
        self.configuration = configuration
        sites = [
            "client": StaticFileServer(site: "client", root: configuration.clientDirectory, maxFileBytes: configuration.maxStaticFileBytes),
            "agent": StaticFileServer(site: "agent", root: configuration.agentDirectory, maxFileBytes: configuration.maxStaticFileBytes),
        ]
        emulator = EmulatorEndpoints(host: host, bots: configuration.bots, defaultBot: configuration.defaultBot, maxAnswerBytes: configuration.maxTranscriptBytes)
        self.logger = logger
        testDouble = TestDouble(configuration: configuration.testDouble, operations: Fault.operations + fronts.flatMap(\.operationNames), logger: logger)
        apiKey = configuration.apiKey.map { Array($0.utf8) }
        access = AccessPolicy(configuration: configuration)
        transcripts = TranscriptCache(maxBytes: configuration.transcriptCacheBytes)
    }

    package func handle(_ request: HTTPRequest) -> HTTPResponse {
        for front in fronts where front.serves(request.path) { return handle(request, by: front) }
        var response: HTTPResponse
        let route = APIRoute(path: request.path)
        var exchange = Exchange()
        do {
            response = try self.route(request, route, &exchange)
        } catch {
            if error.status.code >= 500, exchange.fault == nil {
                logger.error("\(request.method) \(request.target) failed: \(error.message)")
            }
            response = Self.response(for: error)
        }
        access.addCORSHeaders(to: &response.headers, for: request, isEmulator: route.isEmulator)
        record(request, response, exchange)
        return response
    }

    /// A request under another front's prefix: the access checks of every API request, then the
    /// front's own answer (through the faults in force), with CORS headers; recorded as a GWS
    /// request is.
    private func handle(_ request: HTTPRequest, by front: any ChatFront) -> HTTPResponse {
        var response: HTTPResponse
        var exchange = FrontExchange(testDouble: testDouble, host: host, logger: logger, front: front)
        do throws(APIError) {
            try access.checkHost(request)
            if request.method == "OPTIONS", CORS.isPreflight(request) {
                response = CORS.preflight(allowing: front.allowedMethods)
            } else {
                if let apiKey { try checkAPIKey(request, against: apiKey) }
                response = front.respond(to: request, &exchange)
            }
        } catch {
            response = front.response(for: error)
        }
        access.addCORSHeaders(to: &response.headers, for: request, isEmulator: false)
        record(request, response, exchange.exchange)
        return response
    }

    /// Adds a request to the request record (when it is on and the request belongs there).
    private func record(_ request: HTTPRequest, _ response: HTTPResponse, _ exchange: Exchange) {
        guard exchange.recorded, testDouble.record.isEnabled else { return }
        testDouble.record.add(
            method: request.method, target: request.target, operation: exchange.operation, chat: exchange.chat,
            status: response.disposition == .closeWithoutAnswer ? nil : response.status.code, time: host.clock.now(), body: request.body,
            fault: exchange.fault)
    }

    /// The JSON answer to a request the HTTP server refused (malformed, too large, too slow, over
    /// the connection cap), with CORS headers; install it as the server's protocol-error responder
    /// (``makeServer(configuration:logger:)`` does). On a path another front serves (its target
    /// known), in that front's error shape; else in the GWS API's.
    @Sendable package func protocolErrorResponse(_ error: HTTPProtocolError) -> HTTPResponse {
        var response: HTTPResponse
        if let target = error.target, let front = fronts.first(where: { $0.serves(HTTPRequest(method: "GET", target: target).path) }) {
            response = front.response(for: APIError(error))
        } else {
            response = Self.response(for: APIError(error))
        }
        CORS.addHeaders(to: &response.headers)
        return response
    }

    static func response(for error: APIError) -> HTTPResponse {
        var headers = error.headers
        headers.add("Content-Type", jsonContentType)
        return HTTPResponse(status: error.status, headers: headers, body: error.jsonBody)
    }

    static func json(_ body: [UInt8], status: HTTPStatus = .ok) -> HTTPResponse {
        HTTPResponse(status: status, headers: jsonHeaders, body: body)
    }

    /// The headers of every JSON answer, built once and shared (building them per answer cost
    /// about 2,700 instructions of a GetChat).
    private static let jsonHeaders: HTTPHeaders = {
        var headers: HTTPHeaders = ["Content-Type": jsonContentType]
        CORS.addHeaders(to: &headers)
        return headers
    }()

    // MARK: - Routing

    private func route(_ request: HTTPRequest, _ route: APIRoute, _ exchange: inout Exchange) throws(APIError) -> HTTPResponse {
        if case .emulator = route { exchange.recorded = false }
        // Who may ask, before anything is said: the host (DNS rebinding), then for every
        // /emulator/ route, known or not, the origin and the content type (drive-by pages).
        try access.checkHost(request)
        if request.target == "*" {
            // `OPTIONS *` (the parser allows `*` with OPTIONS only): the server's methods.
            return HTTPResponse(status: .noContent, headers: ["Allow": APIRoute.apiMethods.joined(separator: ", ")])
        }
        if route.isEmulator { try access.checkEmulatorRequest(request) }
        if route == .emulator(.unknown) {
            throw APIError(.notFound, .notFound, "No resource at \(request.path); the emulator's endpoints are /emulator/bots, /emulator/chats, /emulator/chats/ID, /emulator/chats/ID/messages, /emulator/clock, /emulator/reset, /emulator/requests and /emulator/faults.")
        }
        guard route != .unknown else {
            throw APIError(.notFound, .notFound, "No resource at \(request.path); the chat API is under \(APIRoute.apiPrefix).")
        }
        let keyed = route.requiresAPIKey && apiKey != nil
        // A browser's CORS preflight never carries the apikey: answer it without the key, naming
        // only the methods of the whole API when a key is set, so it tells nothing about a route.
        if request.method == "OPTIONS", CORS.isPreflight(request) {
            return keyed ? CORS.preflight(allowing: APIRoute.apiMethods, withAllow: false) : CORS.preflight(allowing: route.allowedMethods)
        }
        // The key before anything that depends on the route's methods (405 and its Allow, OPTIONS).
        if keyed, let apiKey { try checkAPIKey(request, against: apiKey) }
        if request.method == "OPTIONS" { return CORS.preflight(allowing: route.allowedMethods) }
        if route.isGWS { try access.checkContactCenterID(request) }
        guard route.allowedMethods.contains(request.method) else {
            throw .methodNotAllowed(request.method, path: request.path, allowed: route.allowedMethods)
        }
        switch route {
        case .chats:
            let parameters = try OperationParameters(request)
            return try withFaults("RequestChat", chat: nil, &exchange) { (faults) throws(APIError) in try requestChat(request, parameters, faults: faults) }
        case .chat(let idText):
            let id = try Self.chatID(idText)
            guard request.method == "POST" else {
                return try withFaults("GetChat", chat: id, &exchange) { _ throws(APIError) in try getChat(id) }
            }
            let parameters = try OperationParameters(request)
            let name = try parameters.operationName
            guard ChatOperation.gws.contains(where: { $0.name == name }) else { return try chatOperation(request, parameters, on: id) }
            return try withFaults(name, chat: id, &exchange) { _ throws(APIError) in try chatOperation(request, parameters, on: id) }
        case .messages(let idText):
            let id = try Self.chatID(idText)
            return try withFaults("GetTranscript", chat: id, &exchange) { _ throws(APIError) in try transcript(request, of: id) }
        case .redirect(let location):
            return HTTPResponse(status: HTTPStatus(code: 301, reasonPhrase: "Moved Permanently"), headers: ["Location": location])
        case .site(let name, let path):
            guard let site = sites[name] else { throw APIError(.notFound, .notFound, "No resource at \(request.path).") }
            return try site.response(for: path)
        case .emulator(.control(let control)):
            return try self.control(request, control)
        case .emulator(let route):
            return try emulator.response(to: request, route: route)
        case .health:
            return health()
        case .unknown:
            throw APIError(.notFound, .notFound, "No resource at \(request.path).")
        }
    }

    /// Compares the bytes of the `apikey` header with the configured key in constant time: no
    /// Unicode equivalence (`e` + U+0301 is not `é`), and no early exit that times the first
    /// differing byte.
    private func checkAPIKey(_ request: HTTPRequest, against key: [UInt8]) throws(APIError) {
        let values = request.headers.values(for: "apikey")
        guard let presented = values.first else {
            throw APIError(.unauthorized, .notAuthenticated, "The 'apikey' header is required; send the configured API key.")
        }
        // Two keys are no key: which one a proxy or a server reads differs.
        guard values.count == 1 else {
            throw APIError(.unauthorized, .notAuthenticated, "The request has \(values.count) 'apikey' headers; send exactly one.")
        }
        guard ConstantTime.equal(Array(presented.utf8), key) else {
            throw APIError(.unauthorized, .notAuthenticated, "The 'apikey' header is wrong.")
        }
    }

    static func chatID(_ text: Substring) throws(APIError) -> ChatID {
        // A chat id holds no '%': the common case needs no decoding.
        if let id = ChatID(validating: text) { return id }
        guard let decoded = HTTPRequest.percentDecoded(text), let id = ChatID(validating: decoded) else {
            throw .unknownChat(String(text))
        }
        return id
    }

    private func health() -> HTTPResponse {
        var writer = JSONWriter()
        writer.beginObject()
        writer.member("status", "ready")
        writer.member("chats", host.chatCount)
        writer.member("statusCode", 0)
        writer.endObject()
        return Self.json(writer.bytes)
    }
}
