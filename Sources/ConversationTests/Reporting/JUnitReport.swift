import Foundation
import LineFormat

/// JUnit XML, as CI systems read it: one `<testsuite>` per `.convo` file, one `<testcase>` per
/// test, a `<failure>` with the side-by-side report, and an `<error>` for a file that could not run.
public enum JUnitReport {
    public static func render(_ result: SuiteResult) -> String {
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        let totalTime = result.outcomes.reduce(0) { $0 + $1.wallSeconds }
        xml += "<testsuites name=\"gws-emulator test\" tests=\"\(result.outcomes.count + result.fileErrors.count)\" failures=\"\(result.outcomes.count - result.passedCount)\" errors=\"\(result.fileErrors.count)\" time=\"\(seconds(totalTime))\">\n"
        var files: [String] = []
        for outcome in result.outcomes where !files.contains(outcome.file) { files.append(outcome.file) }
        for file in files {
            let outcomes = result.outcomes.filter { $0.file == file }
            let failures = outcomes.filter { !$0.passed }.count
            let time = outcomes.reduce(0) { $0 + $1.wallSeconds }
            xml += "  <testsuite name=\"\(escape(file))\" tests=\"\(outcomes.count)\" failures=\"\(failures)\" errors=\"0\" time=\"\(seconds(time))\">\n"
            for outcome in outcomes {
                xml += "    <testcase classname=\"\(escape(className(file)))\" name=\"\(escape(outcome.test.name))\" file=\"\(escape(file))\" line=\"\(outcome.test.location.line)\" time=\"\(seconds(outcome.wallSeconds))\""
                if let failure = outcome.failure {
                    xml += ">\n      <failure message=\"\(escape("\(failure.location): \(failure.message)"))\">\(escape(FailureReport.render(outcome)))</failure>\n    </testcase>\n"
                } else {
                    xml += "/>\n"
                }
            }
            xml += "  </testsuite>\n"
        }
        for errors in result.fileErrors {
            let file = errors.errors.first?.location.file ?? "?"
            xml += "  <testsuite name=\"\(escape(file))\" tests=\"1\" failures=\"0\" errors=\"1\" time=\"0\">\n"
            xml += "    <testcase classname=\"\(escape(className(file)))\" name=\"(file)\" file=\"\(escape(file))\" time=\"0\">\n"
            xml += "      <error message=\"\(escape(errors.errors.first?.description ?? ""))\">\(escape(errors.description))</error>\n"
            xml += "    </testcase>\n  </testsuite>\n"
        }
        return xml + "</testsuites>\n"
    }

    /// `Bots/support.convo` → `Bots.support`, the dotted form CI tools group by.
    private static func className(_ file: String) -> String {
        var name = file
        if name.hasSuffix(".convo") { name.removeLast(".convo".count) }
        while name.hasPrefix("./") || name.hasPrefix("/") { name.removeFirst(name.hasPrefix("/") ? 1 : 2) }
        return name.replacingOccurrences(of: "/", with: ".")
    }

    private static func seconds(_ value: Double) -> String { String(format: "%.6f", value) }

    /// Escapes XML's special characters and drops the control characters XML 1.0 cannot hold.
    static func escape(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            case "\n", "\t", "\r": result.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF: result += "\u{FFFD}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
