/// The routes of the front, matched from a request path (still percent-encoded).
enum APIRoute: Equatable {
    /// `/api/v2/chats`: RequestChat.
    case chats
    /// `/api/v2/chats/{id}`: GetChat and the chat operations. The id is as written, not yet validated.
    case chat(String)
    /// `/api/v2/chats/{id}/messages`: GetTranscript.
    case messages(String)
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

    init(path: String) {
        if path == "/health" {
            self = .health
        } else if path == "/" {
            self = .redirect(to: "/client/")
        } else if let site = Self.sites.first(where: { path == "/\($0)" }) {
            self = .redirect(to: "/\(site)/")
        } else if let site = Self.sites.first(where: { path.hasPrefix("/\($0)/") }) {
            self = .site(site, String(path.dropFirst(site.count + 2)))
        } else if path == EmulatorRoute.prefix || path.hasPrefix(EmulatorRoute.prefix + "/") {
            self = .emulator(EmulatorRoute(rest: path.dropFirst(EmulatorRoute.prefix.count)))
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
