import LineFormat
import ChatCore
import Foundation

/// A test's transcript as plain text, one message per line with its virtual time: the form
/// `--transcripts DIR` writes, so two runs can be compared byte for byte with `diff -r`.
package enum TranscriptFile {
    package static func render(_ outcome: TestOutcome) -> String {
        let start = Date(timeIntervalSince1970: outcome.startTime)
        return outcome.transcript.map { message in
            let time = Duration.milliseconds(Int64((message.time.timeIntervalSince(start) * 1000).rounded()))
            var line = "\(message.index)\t+\(DurationGrammar.format(time))\t\(ConversationRunner.describe(message))"
            if let origin = message.origin { line += "\t[\(origin)]" }
            return line
        }.joined(separator: "\n") + "\n"
    }

    /// A file name for the test: `FILE--TEST.txt`, with anything but letters, digits, `-`, `_`
    /// and `.` replaced by `_`.
    package static func fileName(for outcome: TestOutcome) -> String {
        let base = (outcome.file as NSString).lastPathComponent + "--" + outcome.test.name
        return String(base.map { $0.isLetter || $0.isNumber || "-_.".contains($0) ? $0 : "_" }) + ".txt"
    }
}
