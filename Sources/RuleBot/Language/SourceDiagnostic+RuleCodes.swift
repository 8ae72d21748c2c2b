public import LineFormat

/// The kinds of problem only rule files have (``RuleBookLoader`` reports them).
extension SourceDiagnostic.Code {
    public static let syntax = Self("syntax")
    public static let template = Self("template")
    public static let condition = Self("condition")
    public static let unknownReference = Self("unknown-reference")
    public static let duplicateName = Self("duplicate-name")
    public static let include = Self("include")
    public static let exampleDoesNotMatch = Self("example-does-not-match")
    /// A template names a capture that the rule's patterns do not have.
    public static let unknownCapture = Self("unknown-capture")
    // Warnings.
    public static let shadowedRule = Self("shadowed-rule")
    public static let unusedTopic = Self("unused-topic")
    /// A form no rule starts.
    public static let unusedForm = Self("unused-form")
    public static let undefinedVariable = Self("undefined-variable")
    public static let nestedQuantifier = Self("nested-quantifier")
    /// A pattern shape that backtracks catastrophically besides nested quantifiers:
    /// overlapping alternatives under a quantifier, `(a|aa)*`, or a repeated group that starts
    /// with an unbounded wildcard, `(.*a){8}`.
    public static let catastrophicBacktracking = Self("catastrophic-backtracking")
    /// A rule whose pattern an earlier rule of the same group has too, so it never fires.
    public static let duplicatePattern = Self("duplicate-pattern")
    /// A rule that answers every message ahead of other rules, so they never fire.
    public static let unreachableRules = Self("unreachable-rules")
}

/// The kinds of problem of the RiveScript porting features (`swap` and `substitute` tables,
/// replies that mix text and actions).
extension SourceDiagnostic.Code {
    /// A `substitute` or `swap` entry that can never apply to a message.
    public static let inertSubstitution = Self("inert-substitution")
}

extension SourceDiagnostic.Code {
    /// A pattern that needs punctuation in a bot with `option normalise punctuation`.
    public static let normalisedAway = Self("normalised-away")
}
