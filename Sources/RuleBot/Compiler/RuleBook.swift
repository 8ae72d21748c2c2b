/// A compiled rule file: immutable, shared by every chat and thread.
public struct RuleBook: Sendable {
    public let agentNickname: String
    public let options: RuleBookOptions
    /// Every rule and event block, in file order (includes expanded in place).
    let rules: [CompiledRule]
    /// `substitute` pairs (normalisation; captures keep the customer's words), by first word.
    let substitutions: WordSubstitutions
    /// `swap` pairs (ELIZA's substitution; captures carry the swapped words).
    let swaps: WordSubstitutions
    /// The `reflect` filter's table.
    let reflections: WordSubstitutions
    /// Rules without keywords, by topic (`nil` = outside any topic), in the order they are tried.
    let patternRulesByTopic: [String?: [Int]]
    /// Keyword rules, by upper-cased keyword, in file order.
    let rulesByKeyword: [String: [Int]]
    /// A keyword's rank: the highest rank among the rules that list it.
    let keywordRanks: [String: Int]
    /// Rules by name, for `goto`.
    let rulesByName: [String: Int]
    let greetings: [Int]
    let farewells: [Int]
    let fallbacks: [Int]
    let idles: [Int]
    let memories: [Int]
    /// Every file the book was read from, the main file first.
    public let files: [String]
    /// The warnings found while compiling.
    public internal(set) var warnings: [RuleDiagnostic]

    /// The highest capture count of any pattern (sizes the match scratch).
    let maximumCaptureCount: Int

    public var ruleCount: Int { rules.count }
}
