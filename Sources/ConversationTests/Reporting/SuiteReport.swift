import LineFormat
/// The runner's console output: one line per test, the details of each failure, and the
/// summary line `N passed, M failed`.
public enum SuiteReport {
    /// The whole report.
    public static func render(_ result: SuiteResult) -> String {
        var lines: [String] = []
        for errors in result.fileErrors {
            lines.append("FAIL \(errors.errors.first?.location.file ?? "?") (cannot run its tests)")
            lines += errors.errors.map { "  \($0)" }
        }
        for outcome in result.outcomes {
            lines.append("\(outcome.passed ? "ok  " : "FAIL") \(outcome.file): \(outcome.test.name)")
            if !outcome.passed { lines.append(FailureReport.render(outcome)) }
        }
        lines.append(result.summary)
        return lines.joined(separator: "\n") + "\n"
    }
}
