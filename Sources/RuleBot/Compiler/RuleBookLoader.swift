import Foundation
import LineFormat

/// Reads, parses, compiles and checks rule files.
public enum RuleBookLoader {
    /// Loads `path` and its includes.
    /// - Throws: ``SourceDiagnostics`` with every error (and the warnings found so far).
    public static func load(path: String) throws(SourceDiagnostics) -> RuleBook {
        let (syntax, parseDiagnostics) = RuleFileParser.parse(path: path) { try String(contentsOfFile: $0, encoding: .utf8) }
        return try compile(syntax, parseDiagnostics)
    }

    /// Compiles rule-file text that has no file of its own; `name` stands for the file in messages.
    public static func compile(text: String, name: String = "inline.rules") throws(SourceDiagnostics) -> RuleBook {
        let (syntax, parseDiagnostics) = RuleFileParser.parse(text: text, name: name)
        return try compile(syntax, parseDiagnostics)
    }

    private static func compile(_ syntax: RuleFileSyntax, _ parseDiagnostics: [SourceDiagnostic]) throws(SourceDiagnostics) -> RuleBook {
        let (book, compileDiagnostics) = RuleCompiler.compile(syntax)
        let diagnostics = parseDiagnostics + compileDiagnostics
        guard let book, !diagnostics.contains(where: { $0.severity == .error }) else {
            throw SourceDiagnostics(sorted(diagnostics))
        }
        let exampleDiagnostics = ExampleChecker(book: book).check()
        let all = sorted(diagnostics + exampleDiagnostics)
        if all.contains(where: { $0.severity == .error }) { throw SourceDiagnostics(all) }
        return book.replacingWarnings(all)
    }

    private static func sorted(_ diagnostics: [SourceDiagnostic]) -> [SourceDiagnostic] {
        diagnostics.enumerated().sorted { a, b in
            a.element.location != b.element.location ? a.element.location < b.element.location : a.offset < b.offset
        }.map(\.element)
    }
}
