import LineFormat
import Testing

@Suite struct LineReaderTests {
    /// A line as the reader gives it, compared as one string so a table row reads at a glance:
    /// `line:column directive|argument@argumentColumn` with `>` in front of an indented line.
    static func summary(_ line: DirectiveLine) -> String {
        "\(line.isIndented ? ">" : "")\(line.location.line):\(line.location.column) \(line.directive)|\(line.argument)@\(line.argumentLocation.column)"
    }

    static func read(_ text: String) -> [String] {
        LineReader.directiveLines(in: text, file: "f.txt").map(summary)
    }

    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let text: String
        let lines: [String]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "directive and argument", text: "agent Sam", lines: ["1:1 agent|Sam@7"]),
        Case(name: "directive alone: the argument is empty and placed at the line's end", text: "greeting", lines: ["1:1 greeting|@9"]),
        Case(name: "blank lines are skipped but counted", text: "\n   \n\t\nagent Sam\n", lines: ["4:1 agent|Sam@7"]),
        Case(name: "comment lines are skipped, indented or not", text: "# a comment\n  # another\nagent Sam", lines: ["3:1 agent|Sam@7"]),
        Case(name: "a # after a directive is part of the argument", text: "say #1 pick", lines: ["1:1 say|#1 pick@5"]),
        Case(name: "indented lines start after their spaces", text: "step\n  say Hi", lines: ["1:1 step|@5", ">2:3 say|Hi@7"]),
        Case(name: "a tab indents by one column", text: "step\n\tsay Hi", lines: ["1:1 step|@5", ">2:2 say|Hi@6"]),
        Case(name: "tabs and runs of spaces separate the directive from its argument", text: "say\t  Hi  there", lines: ["1:1 say|Hi  there@7"]),
        Case(name: "trailing whitespace is not part of the argument", text: "say Hi \t ", lines: ["1:1 say|Hi@5"]),
        Case(name: "columns count characters, not bytes, after non-ASCII text", text: "  répondre  café ☕️ ok", lines: [">1:3 répondre|café ☕️ ok@13"]),
        Case(name: "CRLF line endings", text: "step\r\n  say Hi\r\n\r\n# note\r\nagent Sam\r\n", lines: ["1:1 step|@5", ">2:3 say|Hi@7", "5:1 agent|Sam@7"]),
        Case(name: "no final newline", text: "step\n  say Bye", lines: ["1:1 step|@5", ">2:3 say|Bye@7"]),
        Case(name: "an empty text has no lines", text: "", lines: []),
    ]

    @Test(arguments: cases)
    func reader_splitsLinesIntoDirectivesWithPositions(_ testCase: Case) {
        #expect(Self.read(testCase.text) == testCase.lines)
    }

    @Test func reader_keepsTheLineWithoutIndentation_forReports() throws {
        let line = try #require(LineReader.directiveLines(in: "  customer  says Hello  \r\n", file: "t.convo").first)
        #expect(line.text == "customer  says Hello")
        #expect(line.location == SourceLocation(file: "t.convo", line: 1, column: 3))
        #expect(line.argumentLocation.description == "t.convo:1:13")
    }

    @Test func offsetInsideAnArgument_becomesAColumn() throws {
        let line = try #require(LineReader.directiveLines(in: "  when (?i)ça(", file: "a.replay").first)
        // PCRE2 reports the missing `)` at character 7 of the pattern, counted from 0.
        #expect(line.argumentLocation.movedRight(by: 7).description == "a.replay:1:15")
    }
}

@Suite struct SourceDiagnosticTests {
    @Test func error_printsFileLineColumnAndMessage() {
        let error = SourceDiagnostic(.invalidValue, at: SourceLocation(file: "bot.rules", line: 3, column: 7), "idle needs a number")
        #expect(error.severity == .error)
        #expect(error.description == "bot.rules:3:7: idle needs a number")
    }

    @Test func warning_saysWarningAfterThePosition() {
        let warning = SourceDiagnostic.warning(.pattern, at: SourceLocation(file: "bot.rules", line: 2, column: 10), "nested quantifiers")
        #expect(warning.description == "bot.rules:2:10: warning: nested quantifiers")
    }

    @Test func diagnostics_printOneLineEach_andListTheErrorsApart() {
        let all = SourceDiagnostics([
            .error(.unknownDirective, at: SourceLocation(file: "t.convo", line: 1), "unknown line `x`"),
            .warning(.pattern, at: SourceLocation(file: "t.convo", line: 2, column: 4), "slow pattern"),
        ])
        #expect(all.description == "t.convo:1:1: unknown line `x`\nt.convo:2:4: warning: slow pattern")
        #expect(all.errors.map(\.code) == [.unknownDirective])
    }
}
