import LineFormat
/// A rule or event block of a rule book, as coverage tools list it.
package struct RuleSummary: Sendable, Hashable {
    /// `file:line` of the block's header: what agent messages carry as their origin.
    package let origin: String
    /// How traces show it: `support.rules:12 (order-status)`.
    package let displayName: String
}

extension RuleBook {
    /// Every rule and event block (greeting, idle, farewell, fallback, memory), in file order,
    /// includes expanded: what `gws-emulator test --coverage` checks the tests made fire.
    package var ruleSummaries: [RuleSummary] {
        rules.map { RuleSummary(origin: $0.location.fileAndLine, displayName: $0.displayName) }
    }
}
