import LineFormat

/// The kinds of problem only rule files have (``RuleBookLoader`` reports them).
extension SourceDiagnostic.Code {
    public static let syntax = Self("syntax")
    public static let template = Self("template")
    public static let condition = Self("condition")
    public static let unknownReference = Self("unknown-reference")
    public static let duplicateName = Self("duplicate-name")
    public static let include = Self("include")
    public static let exampleDoesNotMatch = Self("example-does-not-match")
    // Warnings.
    public static let shadowedRule = Self("shadowed-rule")
    public static let unusedTopic = Self("unused-topic")
    public static let undefinedVariable = Self("undefined-variable")
    public static let nestedQuantifier = Self("nested-quantifier")
}
