import LineFormat
/// Renders a failed test as text: the first difference with its `file:line:column`, then the
/// expected and actual conversation side by side with their times, the first difference marked,
/// and the rule (`file:line`) behind each agent reply.
package enum FailureReport {
    /// The widest the expected column grows before texts are cut.
    static let maximumExpectedWidth = 48

    package static func render(_ outcome: TestOutcome) -> String {
        guard let failure = outcome.failure else { return "" }
        var lines = ["  \(failure.location): \(failure.message)"]
        let width = min(maximumExpectedWidth, max("expected".count, outcome.rows.map(\.expected.count).max() ?? 0))
        lines.append("     " + pad("time", 10) + pad("expected", width) + "   actual")
        for row in outcome.rows {
            let marker =
                switch row.mark {
                case .different: "  >> "
                default: "     "
                }
            let time = row.time.map { "+" + DurationGrammar.format($0) } ?? ""
            let actual = row.mark == .notRun ? "(not run)" : row.actual
            var line = marker + pad(time, 10) + pad(cut(row.expected, width), width)
            line += row.mark == .different ? " ≠ " : "   "
            line += actual
            if let origin = row.origin { line += "   [\(origin)]" }
            lines.append(line.trimmingTrailingSpaces())
        }
        return lines.joined(separator: "\n")
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count + 1)
    }

    private static func cut(_ text: String, _ width: Int) -> String {
        text.count <= width ? text : String(text.prefix(width - 1)) + "…"
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var result = self
        while result.hasSuffix(" ") { result.removeLast() }
        return result
    }
}
