/// The routes of the front, matched from a request path (still percent-encoded).
enum APIRoute: Equatable {
    /// `/api/v2/chats`: RequestChat.
    case chats
    /// `/api/v2/chats/{id}`: GetChat and the chat operations. The id is as written, not yet validated.
    case chat(Substring)
    /// `/api/v2/chats/{id}/messages`: GetTranscript.
    case messages(Substring)
    /// `/client` without the slash: redirected.
    case clientRoot
    /// `/client/...`: static files; the rest of the path after `/client/`.
    case client(String)
    /// `/health`: readiness.
    case health
    case unknown

    static let apiPrefix = "/api/v2/chats"

    /// Matched on UTF-8 bytes, without splitting: routing runs for every request.
    init(path: String) {
        let utf8 = path.utf8
        if utf8.elementsEqual("/health".utf8) {
            self = .health
        } else if utf8.elementsEqual("/client".utf8) {
            self = .clientRoot
        } else if utf8.starts(with: "/client/".utf8) {
            self = .client(String(path.dropFirst("/client/".count)))
        } else if utf8.starts(with: Self.apiPrefix.utf8) {
            self = Self.apiRoute(path[utf8.index(utf8.startIndex, offsetBy: Self.apiPrefix.utf8.count)...])
        } else {
            self = .unknown
        }
    }

    private static let slash = UInt8(ascii: "/")

    /// What follows `/api/v2/chats`: nothing, `/{id}` or `/{id}/messages`, a trailing slash forgiven.
    private static func apiRoute(_ rest: Substring) -> APIRoute {
        var rest = rest
        if rest.utf8.last == slash { rest = rest[..<rest.utf8.index(before: rest.utf8.endIndex)] }
        if rest.utf8.isEmpty { return .chats }
        guard rest.utf8.first == slash else { return .unknown }
        let afterSlash = rest[rest.utf8.index(after: rest.utf8.startIndex)...]
        guard let secondSlash = afterSlash.utf8.firstIndex(of: slash) else {
            return afterSlash.utf8.isEmpty ? .unknown : .chat(afterSlash)
        }
        let id = afterSlash[..<secondSlash]
        let tail = afterSlash[afterSlash.utf8.index(after: secondSlash)...]
        guard !id.utf8.isEmpty, tail.utf8.elementsEqual("messages".utf8) else { return .unknown }
        return .messages(id)
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
