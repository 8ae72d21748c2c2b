/// The routes of the front, matched from a request path (still percent-encoded).
enum APIRoute: Equatable {
    /// `/api/v2/chats`: RequestChat.
    case chats
    /// `/api/v2/chats/{id}`: GetChat and the chat operations. The id is as written, not yet validated.
    case chat(Substring)
    /// `/api/v2/chats/{id}/messages`: GetTranscript.
    case messages(Substring)
    /// `/`, `/client` or `/agent` without the slash: redirected to the page.
    case redirect(to: String)
    /// `/client/...` (the customer's web client) or `/agent/...` (the agent console): static
    /// files; the site's name and the rest of the path after `/NAME/`.
    case site(String, String)
    /// `/emulator/...`: the emulator's own endpoints.
    case emulator(EmulatorRoute)
    /// `/health`: readiness.
    case health
    case unknown

    static let apiPrefix = "/api/v2/chats"
    /// The sites of web pages: `/client/` and `/agent/`.
    static let sites = ["client", "agent"]

    /// Matched on UTF-8 bytes, without splitting: routing runs for every request.
    init(path: String) {
        let utf8 = path.utf8
        if utf8.elementsEqual("/health".utf8) {
            self = .health
        } else if utf8.starts(with: Self.apiPrefix.utf8) {
            self = Self.apiRoute(path[utf8.index(utf8.startIndex, offsetBy: Self.apiPrefix.utf8.count)...])
        } else if path == "/" {
            self = .redirect(to: "/client/")
        } else if let site = Self.sites.first(where: { path == "/\($0)" }) {
            self = .redirect(to: "/\(site)/")
        } else if let site = Self.sites.first(where: { path.hasPrefix("/\($0)/") }) {
            self = .site(site, String(path.dropFirst(site.count + 2)))
        } else if path == EmulatorRoute.prefix || path.hasPrefix(EmulatorRoute.prefix + "/") {
            self = .emulator(EmulatorRoute(rest: path.dropFirst(EmulatorRoute.prefix.count)))
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
        case .redirect, .site, .health: ["GET", "HEAD", "OPTIONS"]
        case .emulator(let route): route.allowedMethods
        case .unknown: []
        }
    }

    /// The methods of the API routes together: what a preflight names when a key is set.
    static let apiMethods = ["GET", "HEAD", "POST", "OPTIONS"]

    /// Whether the `apikey` check applies (the GWS API and the emulator's endpoints; never the
    /// pages, which must load before the person can type the key into their settings).
    var requiresAPIKey: Bool {
        switch self {
        case .chats, .chat, .messages, .emulator: true
        case .redirect, .site, .health, .unknown: false
        }
    }
}
