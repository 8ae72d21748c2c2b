import ChatCore
import LineFormat

/// A rule file as written, after includes are expanded: the parser's output, the compiler's input.
struct RuleFileSyntax {
    enum BlockKind: Hashable {
        case rule
        case greeting
        case farewell
        /// `file`: the customer attached a file (GMS file transfer).
        case file
        case fallback
        /// `idle SECONDS` starts its timer when the customer types; `idle SECONDS after reply`
        /// when the agent's reply is finished.
        case idle(seconds: Double, afterReply: Bool = false)
        case memory
        /// `form NAME`: slots asked until all are known (see ``CompiledForm``); its parts are
        /// rules of this kind.
        case form
        /// `on EVENT`: answers something the customer did other than a message (a notice, a pushed
        /// page, a new nickname, new user data; ``CustomerEvent``).
        case on(CustomerEvent)
        /// `handed-back`: a person handed the chat back to the bot (ChatCore's `handedBack`).
        case handedBack
        /// `handover-timed-out`: nobody took a handed-over chat in time (`handoverTimedOut`).
        case handoverTimedOut

        var displayName: String {
            switch self {
            case .rule: "rule"
            case .greeting: "greeting"
            case .farewell: "farewell"
            case .file: "file"
            case .fallback: "fallback"
            case .idle: "idle"
            case .memory: "memory"
            case .form: "form"
            case .on(let event): "on \(event.name)"
            case .handedBack: "handed-back"
            case .handoverTimedOut: "handover-timed-out"
            }
        }
    }

    /// What an `on EVENT` block answers: one table, the word a rule file uses and the core's event.
    struct CustomerEvent: Hashable, Sendable {
        /// The word after `on`.
        let name: String
        let event: ChatEvent.Kind

        static let all: [CustomerEvent] = [
            CustomerEvent(name: "notice", event: .customerNotice),
            CustomerEvent(name: "push", event: .customerPushedURL),
            CustomerEvent(name: "nickname", event: .customerNicknameChanged),
            CustomerEvent(name: "data", event: .customerDataUpdated),
        ]
    }

    /// A header line and its indented body.
    struct Block {
        var kind: BlockKind
        var name: String?
        var location: SourceLocation
        /// The `topic` section the block is in, if any.
        var topic: String?
        var body: [DirectiveLine]
    }

    /// `FROM = TO` word substitutions.
    struct WordPair {
        var from: [String]
        var to: String
        var location: SourceLocation
    }

    var agentNickname: String?
    var options: [DirectiveLine] = []
    var substitutions: [WordPair] = []
    var swaps: [WordPair] = []
    var reflections: [WordPair] = []
    var lists: [String: (words: [String], location: SourceLocation)] = [:]
    /// Bot-wide values (`bot NAME = TEXT`), read as `{$bot.NAME}`.
    var botValues: [String: (value: String, location: SourceLocation)] = [:]
    /// Functions (`function NAME = exec:COMMAND` or `webhook:URL`), called as `{call: NAME TEXT}`.
    var functions: [String: (bot: String, location: SourceLocation)] = [:]
    var topics: [String: SourceLocation] = [:]
    /// `topic NAME includes A B`: A's and B's rules are tried with NAME's, by rank and file order.
    /// `topic NAME inherits A`: A's rules are tried after all of NAME's (before rules outside topics).
    var topicRelations: [String: (includes: [String], inherits: [String], location: SourceLocation)] = [:]
    var blocks: [Block] = []
    /// Every file read, the main one first (watched for hot reload).
    var files: [String] = []
}
