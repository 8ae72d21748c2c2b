/// One problem found in a rule file: an error (the file cannot be used) or a warning.
///
/// Printed as `file:line:column: message` (errors) or `file:line:column: warning: message`.
public struct RuleDiagnostic: Hashable, Sendable, CustomStringConvertible {
    public enum Severity: String, Hashable, Sendable {
        case error
        case warning
    }

    /// What kind of problem it is; tests and tools match on it rather than on the message.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let name: String
        public init(_ name: String) { self.name = name }
        public var description: String { name }

        public static let syntax = Code("syntax")
        public static let unknownDirective = Code("unknown-directive")
        public static let misplacedDirective = Code("misplaced-directive")
        public static let invalidValue = Code("invalid-value")
        public static let pattern = Code("pattern")
        public static let template = Code("template")
        public static let condition = Code("condition")
        public static let unknownReference = Code("unknown-reference")
        public static let duplicateName = Code("duplicate-name")
        public static let include = Code("include")
        public static let exampleDoesNotMatch = Code("example-does-not-match")
        // Warnings.
        public static let shadowedRule = Code("shadowed-rule")
        public static let unusedTopic = Code("unused-topic")
        public static let undefinedVariable = Code("undefined-variable")
        public static let nestedQuantifier = Code("nested-quantifier")
    }

    public var severity: Severity
    public var code: Code
    public var location: SourceLocation
    public var message: String

    public init(_ severity: Severity, _ code: Code, at location: SourceLocation, _ message: String) {
        self.severity = severity
        self.code = code
        self.location = location
        self.message = message
    }

    static func error(_ code: Code, at location: SourceLocation, _ message: String) -> RuleDiagnostic {
        RuleDiagnostic(.error, code, at: location, message)
    }

    static func warning(_ code: Code, at location: SourceLocation, _ message: String) -> RuleDiagnostic {
        RuleDiagnostic(.warning, code, at: location, message)
    }

    public var description: String {
        severity == .error ? "\(location): \(message)" : "\(location): warning: \(message)"
    }
}

/// A rule file that could not be loaded: every error found, in file order.
public struct RuleFileError: Error, Sendable, CustomStringConvertible {
    /// The errors (never empty), then any warnings found before giving up.
    public var diagnostics: [RuleDiagnostic]

    public var errors: [RuleDiagnostic] { diagnostics.filter { $0.severity == .error } }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
