public import LineFormat

/// The kinds of problem only conversation files have.
extension SourceDiagnostic.Code {
    public static let duplicateTest = Self("duplicate-test")
    public static let missingBot = Self("missing-bot")
    public static let noTests = Self("no-tests")
    /// The bot the file names cannot be loaded.
    public static let unknownBot = Self("unknown-bot")
    /// A name the file uses but does not define: shared steps, utterances, a captured variable.
    public static let undefinedName = Self("undefined-name")
}
