/// A file that cannot be used: every problem found in it (parsers report them all, not just the
/// first), one `file:line:column: message` line each.
public struct SourceDiagnostics: Error, Hashable, Sendable, CustomStringConvertible {
    /// The errors (never none), and any warnings found before giving up.
    public var diagnostics: [SourceDiagnostic]

    package init(_ diagnostics: [SourceDiagnostic]) {
        self.diagnostics = diagnostics
    }

    /// The diagnostics that are errors.
    public var errors: [SourceDiagnostic] { diagnostics.filter { $0.severity == .error } }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
