/// A rule file as written, after includes are expanded: the parser's output, the compiler's input.
struct RuleFileSyntax {
    /// One `directive argument` line.
    struct Line {
        var directive: String
        var argument: String
        /// Where the directive starts.
        var location: SourceLocation
        /// Where the argument starts (for columns inside patterns and templates).
        var argumentLocation: SourceLocation
    }

    enum BlockKind: Hashable {
        case rule
        case greeting
        case farewell
        case fallback
        case idle(seconds: Double)
        case memory

        var displayName: String {
            switch self {
            case .rule: "rule"
            case .greeting: "greeting"
            case .farewell: "farewell"
            case .fallback: "fallback"
            case .idle: "idle"
            case .memory: "memory"
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
        var body: [Line]
    }

    /// `FROM = TO` word substitutions.
    struct WordPair {
        var from: [String]
        var to: String
        var location: SourceLocation
    }

    var agentNickname: String?
    var options: [Line] = []
    var substitutions: [WordPair] = []
    var swaps: [WordPair] = []
    var reflections: [WordPair] = []
    var lists: [String: (words: [String], location: SourceLocation)] = [:]
    var topics: [String: SourceLocation] = [:]
    var blocks: [Block] = []
    /// Every file read, the main one first (watched for hot reload).
    var files: [String] = []
}
