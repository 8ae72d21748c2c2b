/// One problem found in a line-format file (`.rules`, `.convo`, `.replay`) or in what it names:
/// an error (the file cannot be used) or a warning.
///
/// Printed as compilers print them, so editors jump to the place:
/// `file:line:column: message` for an error, `file:line:column: warning: message` for a warning.
public struct SourceDiagnostic: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Severity: String, Hashable, Sendable {
        case error
        case warning
    }

    /// What kind of problem it is; tests and tools match on it rather than on the message.
    ///
    /// The kinds every format has are here; each format adds its own in an extension.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let name: String
        package init(_ name: String) { self.name = name }
        public var description: String { name }

        /// A line whose directive the format does not know (where it stands).
        public static let unknownDirective = Code("unknown-directive")
        /// A known directive in the wrong place: outside its block, after what it must precede.
        public static let misplacedDirective = Code("misplaced-directive")
        /// A directive without the value it needs.
        public static let missingValue = Code("missing-value")
        /// A value that is not what the directive takes.
        public static let invalidValue = Code("invalid-value")
        /// A regular expression that does not compile.
        public static let pattern = Code("pattern")
        /// A file that cannot be read.
        public static let unreadable = Code("unreadable")
    }

    public var severity: Severity
    public var code: Code
    public var location: SourceLocation
    /// What was wrong and what to do about it (without the position).
    public var message: String

    package init(_ severity: Severity, _ code: Code, at location: SourceLocation, _ message: String) {
        self.severity = severity
        self.code = code
        self.location = location
        self.message = message
    }

    /// An error.
    package init(_ code: Code, at location: SourceLocation, _ message: String) {
        self.init(.error, code, at: location, message)
    }

    package static func error(_ code: Code, at location: SourceLocation, _ message: String) -> SourceDiagnostic {
        SourceDiagnostic(.error, code, at: location, message)
    }

    package static func warning(_ code: Code, at location: SourceLocation, _ message: String) -> SourceDiagnostic {
        SourceDiagnostic(.warning, code, at: location, message)
    }

    public var description: String {
        severity == .error ? "\(location): \(message)" : "\(location): warning: \(message)"
    }
}
