import Glibc

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

    /// Matched on the path's UTF-8 bytes in place, without splitting or building strings: routing
    /// runs for every request.
    init(path: String) {
        var contiguous = path
        if let route = contiguous.withUTF8({ Self.apiRoute(path, $0) }) {
            self = route
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

    /// `/health`, or what follows `/api/v2/chats`: nothing, `/{id}` or `/{id}/messages`, a
    /// trailing slash forgiven; `nil` for every other path.
    private static func apiRoute(_ path: String, _ bytes: UnsafeBufferPointer<UInt8>) -> APIRoute? {
        if matches(bytes, 0..<bytes.count, "/health") { return .health }
        let prefix = apiPrefixLength
        guard bytes.count >= prefix, matches(bytes, 0..<prefix, "/api/v2/chats") else { return nil }
        var end = bytes.count
        if end > prefix, bytes[end - 1] == slash { end -= 1 }
        if end == prefix { return .chats }
        guard bytes[prefix] == slash else { return .unknown }
        let idStart = prefix + 1
        guard let secondSlash = (idStart..<end).first(where: { bytes[$0] == slash }) else {
            return idStart == end ? .unknown : .chat(substring(path, idStart..<end))
        }
        guard secondSlash > idStart, matches(bytes, (secondSlash + 1)..<end, "messages") else { return .unknown }
        return .messages(substring(path, idStart..<secondSlash))
    }

    private static let apiPrefixLength = apiPrefix.utf8.count

    /// Whether `bytes[range]` is exactly `text`.
    private static func matches(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ text: StaticString) -> Bool {
        range.count == text.utf8CodeUnitCount && memcmp(bytes.baseAddress! + range.lowerBound, text.utf8Start, range.count) == 0
    }

    private static func substring(_ path: String, _ range: Range<Int>) -> Substring {
        let utf8 = path.utf8
        return path[utf8.index(utf8.startIndex, offsetBy: range.lowerBound)..<utf8.index(utf8.startIndex, offsetBy: range.upperBound)]
    }

    /// The methods the route answers, for `Allow` and CORS preflight.
    /// Constant lists, so that checking a request's method builds no array.
    var allowedMethods: [String] {
        switch self {
        case .chats: Self.postMethods
        case .chat: Self.apiMethods
        case .messages, .redirect, .site, .health: Self.readMethods
        case .emulator(let route): route.allowedMethods
        case .unknown: []
        }
    }

    private static let postMethods = ["POST", "OPTIONS"]
    private static let readMethods = ["GET", "HEAD", "OPTIONS"]

    /// The methods of the API routes together: what a preflight names when a key is set.
    static let apiMethods = ["GET", "HEAD", "POST", "OPTIONS"]

    /// Whether this is the GWS API (`/api/v2/chats...`), where `--require-contact-center-id` applies.
    var isGWS: Bool {
        switch self {
        case .chats, .chat, .messages: true
        case .redirect, .site, .emulator, .health, .unknown: false
        }
    }

    /// Whether this is under `/emulator/` (any route there, known or not), where the origin and
    /// content-type rules apply.
    var isEmulator: Bool {
        if case .emulator = self { return true }
        return false
    }

    /// Whether the `apikey` check applies (the GWS API and the emulator's endpoints; never the
    /// pages, which must load before the person can type the key into their settings).
    var requiresAPIKey: Bool {
        switch self {
        case .chats, .chat, .messages, .emulator: true
        case .redirect, .site, .health, .unknown: false
        }
    }
}
