import ChatCore
import LineFormat

/// A rule file as written, after includes are expanded: the parser's output, the compiler's input.
struct RuleFileSyntax {
    enum BlockKind: Hashable {
        case rule
        case greeting
        case farewell
        case fallback
        /// `idle SECONDS` starts its timer when the customer types; `idle SECONDS after reply`
        /// when the agent's reply is finished.
        case idle(seconds: Double, afterReply: Bool = false)
        case memory
        /// `form NAME`: slots asked until all are known (see ``CompiledForm``); its parts are
        /// rules of this kind.
        case form
        /// `file`, `on EVENT`, `handed-back`, `handover-timed-out`: answers an event of the core
        /// other than a message (``EventBlock``).
        case event(EventBlock)

        var displayName: String {
            switch self {
            case .rule: "rule"
            case .greeting: "greeting"
            case .farewell: "farewell"
            case .fallback: "fallback"
            case .idle: "idle"
            case .memory: "memory"
            case .form: "form"
            case .event(let block): block.header
            }
        }
    }

    /// The blocks that answer an event of the core other than a customer message: one table, the
    /// header a rule file writes and the ``ChatEvent/Kind`` it answers. A new event block is one
    /// entry here; the parser, the compiler and ``RuleResponder`` read it.
    struct EventBlock: Hashable, Sendable {
        /// The block's header line: `file`, `handed-back`, `on notice`.
        let header: String
        let event: ChatEvent.Kind
        /// Whether the event's text (a notice, a URL, a nickname) is `{$message}` and `{0}`.
        let carriesText: Bool

        /// The word after `on` of an `on EVENT` block; `nil` for the others.
        var onWord: String? { header.hasPrefix("on ") ? String(header.dropFirst(3)) : nil }

        static let all: [EventBlock] = [
            // The customer attached a file (GMS file transfer); `{$file}` is its name.
            EventBlock(header: "file", event: .customerFileUploaded, carriesText: false),
            // What the customer did besides writing.
            EventBlock(header: "on notice", event: .customerNotice, carriesText: true),
            EventBlock(header: "on push", event: .customerPushedURL, carriesText: true),
            EventBlock(header: "on nickname", event: .customerNicknameChanged, carriesText: true),
            EventBlock(header: "on data", event: .customerDataUpdated, carriesText: true),
            // A person handed the chat back to the bot.
            EventBlock(header: "handed-back", event: .handedBack, carriesText: false),
            // Nobody took a handed-over chat in time.
            EventBlock(header: "handover-timed-out", event: .handoverTimedOut, carriesText: false),
        ]

        /// The first words of the headers: what starts an event block (`on` for the `on EVENT` ones).
        static let headerWords: Set<String> = Set(all.map { String($0.header.prefix { $0 != " " }) })
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
