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
    /// `GET /emulator/chats/{id}/files/{fileId}`: a file the customer attached, for the agent console.
    case file(chat: String, file: String)
    /// The test double's controls: `/emulator/clock`, `/emulator/reset`, `/emulator/requests`,
    /// `/emulator/faults` (``ControlRoute``).
    case control(ControlRoute)
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
        case 2 where ControlRoute(rawValue: String(parts[1])) != nil: self = .control(ControlRoute(rawValue: String(parts[1]))!)
        case 3 where parts[1] == "chats" && !parts[2].isEmpty: self = .chat(String(parts[2]))
        case 4 where parts[1] == "chats" && !parts[2].isEmpty && parts[3] == "messages": self = .messages(String(parts[2]))
        case 5 where parts[1] == "chats" && !parts[2].isEmpty && parts[3] == "files" && !parts[4].isEmpty:
            self = .file(chat: String(parts[2]), file: String(parts[4]))
        default: self = .unknown
        }
    }

    var allowedMethods: [String] {
        switch self {
        case .bots, .chats, .messages, .file: ["GET", "HEAD", "OPTIONS"]
        case .chat: ["GET", "HEAD", "POST", "OPTIONS"]
        case .control(let control): control.allowedMethods
        case .unknown: []
        }
    }
}

/// The test double's endpoints under `/emulator/`: time, a clean slate, the request record, faults.
enum ControlRoute: String, CaseIterable {
    /// `GET`: the clock; `POST {"advance": "5s" | "quiet"}`: moves a virtual clock.
    case clock
    /// `POST [{"seed": N}]`: every chat, cursor, customer memory, timer, fault and record gone.
    case reset
    /// `GET [?chat=ID]`: the requests received, oldest first; `DELETE`: clears them.
    case requests
    /// `POST`: adds faults; `GET`: lists them; `DELETE`: clears them.
    case faults

    var allowedMethods: [String] {
        switch self {
        case .clock: ["GET", "HEAD", "POST", "OPTIONS"]
        case .reset: ["POST", "OPTIONS"]
        case .requests: ["GET", "HEAD", "DELETE", "OPTIONS"]
        case .faults: ["GET", "HEAD", "POST", "DELETE", "OPTIONS"]
        }
    }
}
