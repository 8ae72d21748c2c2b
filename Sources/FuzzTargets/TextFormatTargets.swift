import ConversationTests
import Foundation
import LineFormat
import ReplayBot
import RuleBot

/// Property for the three line formats: any text parses to a value or to diagnostics, and every
/// diagnostic points at a line the text has (what a user's editor would jump to).
enum RulesTarget {
    static func run(_ input: [UInt8]) -> FuzzFinding? {
        let text = String(decoding: input, as: UTF8.self)
        do {
            _ = try RuleBookLoader.compile(text: text, name: "fuzz.rules")
            return nil
        } catch {
            return checkLocations(error, in: text, file: "fuzz.rules")
        }
    }
}

enum ConvoTarget {
    static func run(_ input: [UInt8]) -> FuzzFinding? {
        let text = String(decoding: input, as: UTF8.self)
        switch ConversationParser.parse(text: text, path: "fuzz.convo") {
        case .success: return nil
        case .failure(let diagnostics): return checkLocations(diagnostics, in: text, file: "fuzz.convo")
        }
    }
}

enum ReplayTarget {
    /// The script "lives" in a folder that does not exist, so `recording` lines read nothing.
    static let file = FileManager.default.temporaryDirectory.appendingPathComponent("gws-fuzz-\(UUID().uuidString)/fuzz.replay").path

    static func run(_ input: [UInt8]) -> FuzzFinding? {
        let text = String(decoding: input, as: UTF8.self)
        do {
            _ = try ReplayScript(parsing: text, file: file)
            return nil
        } catch {
            return checkLocations(error, in: text, file: file)
        }
    }
}

/// A diagnostic about `file` must name a line between 1 and the text's line count.
func checkLocations(_ diagnostics: SourceDiagnostics, in text: String, file: String) -> FuzzFinding? {
    guard !diagnostics.diagnostics.isEmpty else { return FuzzFinding("refused with no diagnostic at all") }
    // Lines as a user counts them (LF, CRLF, CR, U+2028 …); one more for "the file ended here".
    let lineCount =
        max(
            text.split(separator: "\n", omittingEmptySubsequences: false).count,
            text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).count) + 1
    for diagnostic in diagnostics.diagnostics where diagnostic.location.file == file {
        if diagnostic.location.line < 1 || diagnostic.location.line > lineCount {
            return FuzzFinding("diagnostic at line \(diagnostic.location.line) of a \(lineCount)-line text: \(diagnostic)")
        }
    }
    return nil
}
