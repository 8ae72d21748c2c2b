/// The routes of the front, matched from a request path (still percent-encoded).
enum APIRoute: Equatable {
    /// `/api/v2/chats`: RequestChat.
    case chats
    /// `/api/v2/chats/{id}`: GetChat and the chat operations. The id is as written, not yet validated.
    case chat(String)
    /// `/api/v2/chats/{id}/messages`: GetTranscript.
    case messages(String)
    /// `/client` without the slash: redirected.
    case clientRoot
    /// `/client/...`: static files; the rest of the path after `/client/`.
    case client(String)
    /// `/health`: readiness.
    case health
    case unknown

    static let apiPrefix = "/api/v2/chats"

    init(path: String) {
        if path == "/health" {
            self = .health
        } else if path == "/client" {
            self = .clientRoot
        } else if path.hasPrefix("/client/") {
            self = .client(String(path.dropFirst("/client/".count)))
        } else if path.hasPrefix(Self.apiPrefix) {
            self = Self.apiRoute(path.dropFirst(Self.apiPrefix.count))
        } else {
            self = .unknown
        }
    }

    private static func apiRoute(_ rest: Substring) -> APIRoute {
        var rest = rest
        if rest.hasSuffix("/") { rest = rest.dropLast() }  // a trailing slash is forgiven
        if rest.isEmpty { return .chats }
        guard rest.first == "/" else { return .unknown }
        let parts = rest.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
        switch parts.count {
        case 1 where !parts[0].isEmpty: return .chat(String(parts[0]))
        case 2 where !parts[0].isEmpty && parts[1] == "messages": return .messages(String(parts[0]))
        default: return .unknown
        }
    }

    /// The methods the route answers, for `Allow` and CORS preflight.
    var allowedMethods: [String] {
        switch self {
        case .chats: ["POST", "OPTIONS"]
        case .chat: ["GET", "HEAD", "POST", "OPTIONS"]
        case .messages: ["GET", "HEAD", "OPTIONS"]
        case .clientRoot, .client, .health: ["GET", "HEAD", "OPTIONS"]
        case .unknown: []
        }
    }

    /// The methods of the API routes together: what a preflight names when a key is set.
    static let apiMethods = ["GET", "HEAD", "POST", "OPTIONS"]

    /// Whether the `apikey` check applies (API routes only).
    var requiresAPIKey: Bool {
        switch self {
        case .chats, .chat, .messages: true
        case .clientRoot, .client, .health, .unknown: false
        }
    }
}
