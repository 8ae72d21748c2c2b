public import LineFormat

/// A compiled rule file: immutable, shared by every chat and thread.
public final class RuleBook: Sendable {
    public let agentNickname: String
    /// Bot-wide values (`bot NAME = TEXT`), read as `{$bot.NAME}`.
    package let botValues: [String: String]
    /// The bot's functions (`function NAME = exec:COMMAND`): the bot each name calls.
    public let functions: [String: String]
    package let options: RuleBookOptions
    /// Every rule and event block, in file order (includes expanded in place).
    let rules: [CompiledRule]
    /// `substitute` pairs (normalisation; captures keep the customer's words), by first word.
    let substitutions: WordSubstitutions
    /// `swap` pairs (ELIZA's substitution; captures carry the swapped words).
    let swaps: WordSubstitutions
    /// The `reflect` filter's table.
    let reflections: WordSubstitutions
    /// Rules without keywords, by topic (`nil` = outside any topic), in the order they are tried.
    let patternRulesByTopic: [String?: CandidateIndex]
    /// Keyword rules, by upper-cased keyword, in file order.
    let rulesByKeyword: [String: [Int]]
    /// A keyword's rank: the highest rank among the rules that list it.
    let keywordRanks: [String: Int]
    /// For each topic, the scopes tried while the chat is in it, in order: itself (merged with
    /// the topics it includes), then the topics it inherits; rules outside topics come after.
    let topicScopes: [String: [String]]
    /// For each topic scope, the topics whose rules it holds: itself and what it includes.
    let topicMembers: [String: Set<String>]
    /// Rules by name, for `goto`.
    let rulesByName: [String: Int]
    let greetings: [Int]
    let farewells: [Int]
    let fallbacks: [Int]
    let idles: [Int]
    let memories: [Int]
    /// The event blocks (`file`, `on EVENT`, `handed-back`, …; ``RuleFileSyntax/EventBlock``) in
    /// file order, by the name of the ``ChatEvent/Kind`` they answer.
    let eventBlocks: [String: [Int]]
    /// `form` blocks by name.
    let forms: [String: CompiledForm]
    /// Every file the book was read from, the main file first.
    public let files: [String]
    /// The warnings found while compiling.
    public let warnings: [SourceDiagnostic]

    /// The highest capture count of any pattern (sizes the match scratch).
    let maximumCaptureCount: Int

    public var ruleCount: Int { rules.count }

    /// Whether an `idle` block of the flavour exists: `idle N` (`afterReply` false) or
    /// `idle N after reply`.
    func hasIdleBlocks(afterReply wanted: Bool) -> Bool {
        idles.contains { if case .idle(_, let afterReply) = rules[$0].kind { afterReply == wanted } else { false } }
    }

    init(
        agentNickname: String, botValues: [String: String], options: RuleBookOptions, rules: [CompiledRule], substitutions: WordSubstitutions,
        swaps: WordSubstitutions, reflections: WordSubstitutions, patternRulesByTopic: [String?: CandidateIndex],
        rulesByKeyword: [String: [Int]], keywordRanks: [String: Int], topicScopes: [String: [String]], topicMembers: [String: Set<String>], rulesByName: [String: Int],
        greetings: [Int], farewells: [Int], fallbacks: [Int], idles: [Int], memories: [Int], eventBlocks: [String: [Int]] = [:],
        files: [String], warnings: [SourceDiagnostic], maximumCaptureCount: Int, functions: [String: String] = [:], forms: [String: CompiledForm] = [:]
    ) {
        self.agentNickname = agentNickname
        self.botValues = botValues
        self.functions = functions
        self.options = options
        self.rules = rules
        self.substitutions = substitutions
        self.swaps = swaps
        self.reflections = reflections
        self.patternRulesByTopic = patternRulesByTopic
        self.rulesByKeyword = rulesByKeyword
        self.keywordRanks = keywordRanks
        self.topicScopes = topicScopes
        self.topicMembers = topicMembers
        self.rulesByName = rulesByName
        self.greetings = greetings
        self.eventBlocks = eventBlocks
        self.farewells = farewells
        self.fallbacks = fallbacks
        self.idles = idles
        self.memories = memories
        self.forms = forms
        self.files = files
        self.warnings = warnings
        self.maximumCaptureCount = maximumCaptureCount
    }

    /// The same book with `warnings` instead of its own.
    func replacingWarnings(_ warnings: [SourceDiagnostic]) -> RuleBook {
        RuleBook(
            agentNickname: agentNickname, botValues: botValues, options: options, rules: rules, substitutions: substitutions, swaps: swaps,
            reflections: reflections, patternRulesByTopic: patternRulesByTopic, rulesByKeyword: rulesByKeyword,
            keywordRanks: keywordRanks, topicScopes: topicScopes, topicMembers: topicMembers, rulesByName: rulesByName, greetings: greetings, farewells: farewells,
            fallbacks: fallbacks, idles: idles, memories: memories, eventBlocks: eventBlocks, files: files, warnings: warnings,
            maximumCaptureCount: maximumCaptureCount, functions: functions, forms: forms)
    }
}

extension RuleBook {
    /// The scopes to try while the chat is in `topic`, ending with the rules outside topics.
    func scopes(in topic: String?) -> [String?] {
        guard let topic else { return [nil] }
        return (topicScopes[topic] ?? [topic]).map { Optional($0) } + [nil]
    }

    /// Whether `rule` is tried as part of `scope` (a topic scope, or `nil` for outside topics).
    func rule(_ rule: CompiledRule, isIn scope: String?) -> Bool {
        guard let scope else { return rule.topic == nil }
        guard let topic = rule.topic else { return false }
        return topicMembers[scope]?.contains(topic) ?? (topic == scope)
    }
}
