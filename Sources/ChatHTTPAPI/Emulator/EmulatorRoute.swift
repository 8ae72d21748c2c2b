/// The routes of the emulator's own endpoints under `/emulator/` (never under `/api/v2/`): what
/// the web pages need beyond GWS, such as the bots to choose from, the agent console's chat list
/// and take-over, and which rule answered each agent message.
enum EmulatorRoute: Equatable {
    /// `GET /emulator/bots`.
    case bots
    /// `GET /emulator/chats`: the open chats.
    case chats
    /// `GET /emulator/chats/{id}`: one chat's summary; `POST`: the agent console's operations.
    case chat(String)
    /// `GET /emulator/chats/{id}/messages[?index=N]`: the transcript with times and origins.
    case messages(String)
    case unknown

    static let prefix = "/emulator"

    /// `rest`: the path after `/emulator`.
    init(rest: Substring) {
        var rest = rest
        if rest.hasSuffix("/") { rest = rest.dropLast() }
        let parts = rest.split(separator: "/", omittingEmptySubsequences: false)
        // parts[0] is the empty text before the first slash.
        switch parts.count {
        case 2 where parts[1] == "bots": self = .bots
        case 2 where parts[1] == "chats": self = .chats
        case 3 where parts[1] == "chats" && !parts[2].isEmpty: self = .chat(String(parts[2]))
        case 4 where parts[1] == "chats" && !parts[2].isEmpty && parts[3] == "messages": self = .messages(String(parts[2]))
        default: self = .unknown
        }
    }

    var allowedMethods: [String] {
        switch self {
        case .bots, .chats, .messages: ["GET", "HEAD", "OPTIONS"]
        case .chat: ["GET", "HEAD", "POST", "OPTIONS"]
        case .unknown: []
        }
    }
}
