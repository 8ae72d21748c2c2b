import Foundation
public import LineFormat

/// Reads, parses, compiles and checks rule files.
public enum RuleBookLoader {
    /// Loads `path` and its includes.
    /// - Throws: `SourceDiagnostics` with every error (and the warnings found so far).
    public static func load(path: String) throws(SourceDiagnostics) -> RuleBook {
        let (syntax, parseDiagnostics) = RuleFileParser.parse(path: path) { try String(contentsOfFile: $0, encoding: .utf8) }
        return try compile(syntax, parseDiagnostics)
    }

    /// Compiles rule-file text that has no file of its own; `name` stands for the file in messages.
    public static func compile(text: String, name: String = "inline.rules") throws(SourceDiagnostics) -> RuleBook {
        let (syntax, parseDiagnostics) = RuleFileParser.parse(text: text, name: name)
        return try compile(syntax, parseDiagnostics)
    }

    /// Compiles, then checks the examples even when there are errors (against the rules that
    /// compiled), so one run reports every problem of the file.
    private static func compile(_ syntax: RuleFileSyntax, _ parseDiagnostics: [SourceDiagnostic]) throws(SourceDiagnostics) -> RuleBook {
        let (book, compileDiagnostics) = RuleCompiler.compile(syntax)
        var diagnostics = parseDiagnostics + compileDiagnostics
        if let book { diagnostics += ExampleChecker(book: book).check() }
        let all = sorted(diagnostics)
        guard let book, !all.contains(where: { $0.severity == .error }) else { throw SourceDiagnostics(all) }
        return book.replacingWarnings(all)
    }

    private static func sorted(_ diagnostics: [SourceDiagnostic]) -> [SourceDiagnostic] {
        diagnostics.enumerated().sorted { a, b in
            a.element.location != b.element.location ? a.element.location < b.element.location : a.offset < b.offset
        }.map(\.element)
    }
}
