import LineFormat
import PCRE2

/// Finds rules that can never fire, without needing `example` lines: a pattern that an earlier
/// rule of the same group already has, and a rule that answers every message ahead of others.
///
/// "Earlier" is the order rules are tried in (see ``RuleBook``): within a topic (or outside any),
/// pattern rules by rank, then file order; fallbacks in file order after all of them.
struct DeadRuleFinder {
    let rules: [CompiledRule]
    private(set) var diagnostics: [SourceDiagnostic] = []

    init(rules: [CompiledRule]) {
        self.rules = rules
    }

    /// Messages an always-matching pattern matches: an empty one, a word, a sentence, digits,
    /// punctuation, non-ASCII letters. A pattern that matches all of them matches anything.
    static let probes = ["", "x", "Hello, how are you?", "123 456", "?!", "ÉCOLE café", "line one\nline two"]

    mutating func check(patternRulesByTopic: [String?: [Int]], fallbacks: [Int]) {
        for (topic, order) in patternRulesByTopic.sorted(by: { ($0.key ?? "") < ($1.key ?? "") }) {
            findDuplicatePatterns(order)
            let later = topic == nil ? fallbacks : []
            findRulesAfterACatchAll(order, followedBy: later, scope: topic.map { "in topic \($0)" } ?? "outside topics")
        }
        findRulesAfterACatchAll(fallbacks, followedBy: [], scope: "among the fallbacks")
    }

    /// The first pattern of `rule` that matches any message, or "no pattern"; `nil` if none does.
    private func catchAllReason(_ rule: CompiledRule) -> String? {
        if rule.patterns.isEmpty { return "it has no pattern" }
        for pattern in rule.patterns where Self.probes.allSatisfy({ ((try? pattern.pattern.firstMatch(in: $0)) ?? nil) != nil }) {
            return "`\(pattern.written)` (line \(pattern.location.line)) matches any message, even an empty one"
        }
        return nil
    }

    private mutating func findDuplicatePatterns(_ order: [Int]) {
        /// The earlier rule that always answers on a pattern, by its PCRE2 source and flags.
        var firstOwner: [String: CompiledRule] = [:]
        for index in order {
            let rule = rules[index]
            for pattern in rule.patterns {
                let key = "\(pattern.pattern.options.rawValue)\u{0}\(pattern.regex)"
                if let owner = firstOwner[key], owner.index != rule.index {
                    diagnostics.append(.warning(.duplicatePattern, at: pattern.location, "\(owner.displayName) has the same pattern and is tried first, so this pattern never fires; remove one, merge their replies, or give one a `when`"))
                } else if rule.alwaysAnswersWhenMatched, firstOwner[key] == nil {
                    firstOwner[key] = rule
                }
            }
        }
    }

    private mutating func findRulesAfterACatchAll(_ order: [Int], followedBy later: [Int], scope: String) {
        guard let position = order.firstIndex(where: { rules[$0].alwaysAnswersWhenMatched && catchAllReason(rules[$0]) != nil }) else { return }
        let catchAll = rules[order[position]]
        let dead = Array(order[(position + 1)...]) + later
        guard !dead.isEmpty, let reason = catchAllReason(catchAll) else { return }
        let names = dead.prefix(5).map { rules[$0].displayName }.joined(separator: ", ") + (dead.count > 5 ? " and \(dead.count - 5) more" : "")
        diagnostics.append(.warning(.unreachableRules, at: catchAll.location, "this \(catchAll.kind.displayName) answers every message (\(reason)) and nothing makes it give way, so what is tried after it \(scope) never fires: \(names); give it a `when`, make its pattern specific, or make it a `fallback` (or `rank -1`) so it comes last"))
    }
}
