import PCRE2

/// One block of a rule file, compiled: what it matches, when it applies, and what it answers.
struct CompiledRule: Sendable {
    struct CompiledPattern: Sendable {
        let pattern: Pattern
        let location: SourceLocation
        /// The text the author wrote (`match …` or `words …`).
        let written: String
    }

    struct Assignment: Sendable {
        let variable: String
        let value: Template
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

    /// The key of this rule's state in a chat's memory: its name, or its place in the file.
    var stateKey: String { name ?? location.fileAndLine }

    /// How the rule is shown in traces: `support.rules:12 (order-status)`.
    var displayName: String { name.map { "\(location.fileAndLine) (\($0))" } ?? "\(location.fileAndLine) (\(kind.displayName))" }

    var isConditional: Bool { condition != nil || previous != nil }
}
