import PCRE2
import LineFormat

/// One block of a rule file, compiled: what it matches, when it applies, and what it answers.
///
/// A class, so that trying thousands of rules per message passes references, not copies.
final class CompiledRule: Sendable {
    struct CompiledPattern: Sendable {
        let pattern: Pattern
        let location: SourceLocation
        /// The text the author wrote (`match …` or `words …`).
        let written: String
        /// The PCRE2 pattern compiled (lists expanded, word patterns translated).
        let regex: String
        /// Where it goes in `option order specific`.
        let specificity: Specificity
        /// The variables of its `{$NAME}` slots (see ``PatternSlots``): when there are any,
        /// `regex` holds the slots and is compiled for each message with their values.
        var variables: [String] = []
    }

    struct Assignment: Sendable {
        enum Operation: Sendable {
            /// `set NAME = VALUE`
            case assign
            /// `set NAME += N`, `-=`, `*=`, `/=`: arithmetic on the number the variable holds
            /// (0 when it holds none).
            case add, subtract, multiply, divide

            /// The operation of `set NAME ?= N` for the character before `=`.
            init?(symbol: Character) {
                switch symbol {
                case "+": self = .add
                case "-": self = .subtract
                case "*": self = .multiply
                case "/": self = .divide
                default: return nil
                }
            }
        }
        /// The variable's name as written (`fav_{1}` for a built one).
        let variable: String
        let value: Template
        var operation: Operation = .assign
        /// `set fav_{1} = ...`: the name, rendered when the rule fires.
        var builtName: Template?
    }

    enum TopicChange: Hashable, Sendable {
        case enter(String)
        case leave
    }

    /// The index of the rule in ``RuleBook/rules``.
    let index: Int
    let kind: RuleFileSyntax.BlockKind
    let name: String?
    let location: SourceLocation
    let topic: String?
    /// Upper-cased keywords; the rule takes part only when one is among the message's words.
    let keywords: [String]
    let rank: Int
    let patterns: [CompiledPattern]
    let condition: Condition?
    /// The agent's previous reply must match this.
    let previous: CompiledPattern?
    let pick: PickMode
    let replies: [Reply]
    let assignments: [Assignment]
    let topicChange: TopicChange?
    let leavesChat: Bool
    let examples: [(text: String, location: SourceLocation)]
    /// One of these (lower-case) must be in a message for the rule to match; `nil`: always try it.
    let requiredLiterals: [String]?
    /// `start-form NAME`: the form this rule starts (it then answers the same message too).
    let startsForm: String?

    init(
        index: Int, kind: RuleFileSyntax.BlockKind, name: String?, location: SourceLocation, topic: String?,
        keywords: [String], rank: Int, patterns: [CompiledPattern], condition: Condition?, previous: CompiledPattern?,
        pick: PickMode, replies: [Reply], assignments: [Assignment], topicChange: TopicChange?,
        leavesChat: Bool, examples: [(text: String, location: SourceLocation)], startsForm: String? = nil
    ) {
        self.index = index
        self.kind = kind
        self.name = name
        self.location = location
        self.topic = topic
        self.keywords = keywords
        self.rank = rank
        self.patterns = patterns
        self.condition = condition
        self.previous = previous
        self.pick = pick
        self.replies = replies
        self.assignments = assignments
        self.topicChange = topicChange
        self.leavesChat = leavesChat
        self.examples = examples
        self.startsForm = startsForm
        var literals: [String]? = patterns.isEmpty ? nil : []
        for pattern in patterns {
            guard pattern.variables.isEmpty, let required = RequiredLiterals.of(pattern.regex, extended: pattern.pattern.options.contains(.extended)) else { literals = nil; break }
            literals? += required
        }
        requiredLiterals = literals
    }

    /// The key of this rule's state in a chat's memory: its name, or its place in the file.
    var stateKey: String { name ?? location.fileAndLine }

    /// How the rule is shown in traces: `support.rules:12 (order-status)`.
    var displayName: String { name.map { "\(location.fileAndLine) (\($0))" } ?? "\(location.fileAndLine) (\(kind.displayName))" }

    var isConditional: Bool { condition != nil || previous != nil }

    /// Whether the rule always answers when its patterns match: no conditions, and no reply that
    /// passes the message on (`=> next`, `goto`, `redirect`), so the rules after it never see
    /// what it matches.
    var alwaysAnswersWhenMatched: Bool {
        !isConditional
            && !replies.contains {
                switch $0.action {
                case .say, .handover, .notice, .push, .transfer, .invite: false
                default: true
                }
            }
    }

    /// Whether the `when` conditions compare a capture (`when {1} = yes`): they are then tried
    /// once the pattern has matched.
    var conditionReadsCaptures: Bool { condition.map { !$0.capturesRead.isEmpty } ?? false }

    /// The rule's place in `option order specific`: that of its most specific pattern.
    var specificity: Specificity { patterns.map(\.specificity).min() ?? .matchesEverything }
}
