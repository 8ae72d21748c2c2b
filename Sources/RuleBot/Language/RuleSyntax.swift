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
        /// `handed-back`: a person handed the chat back to the bot (ChatCore's `handedBack`).
        case handedBack
        /// `handover-timed-out`: nobody took a handed-over chat in time (`handoverTimedOut`).
        case handoverTimedOut

        var displayName: String {
            switch self {
            case .rule: "rule"
            case .greeting: "greeting"
            case .farewell: "farewell"
            case .fallback: "fallback"
            case .idle: "idle"
            case .memory: "memory"
            case .form: "form"
            case .handedBack: "handed-back"
            case .handoverTimedOut: "handover-timed-out"
            }
        }
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
