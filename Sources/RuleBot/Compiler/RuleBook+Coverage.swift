import LineFormat
/// A rule or event block of a rule book, as coverage tools list it.
public struct RuleSummary: Sendable, Hashable {
    /// `file:line` of the block's header: what agent messages carry as their origin.
    public let origin: String
    /// How traces show it: `support.rules:12 (order-status)`.
    public let displayName: String
}

extension RuleBook {
    /// Every rule and event block (greeting, idle, farewell, fallback, memory), in file order,
    /// includes expanded: what `gws-emulator test --coverage` checks the tests made fire.
    public var ruleSummaries: [RuleSummary] {
        rules.map { RuleSummary(origin: $0.location.fileAndLine, displayName: $0.displayName) }
    }
}
