import Foundation
import LineFormat

/// A line typed in `chat` (with --bot or --url): a `/command`, or a customer message.
///
/// The commands use the `.convo` steps' vocabulary for time and typing: `/wait 30s` (or
/// `/after 30s`) is `after 30s`, `/typing` is `customer types`, `/stop` is `customer stops
/// typing`, `/quit` is `customer completes`. A line starting with `//` sends the text after the
/// first `/`.
enum ChatCommandLine: Equatable {
    case typing, stopTyping, wait(Duration), quit, help

    /// What a typed line is.
    enum Parsed: Equatable {
        case command(ChatCommandLine)
        /// A message to send (a `//` line without its first `/`).
        case message(String)
        /// Not a command: what to tell the user instead of sending it.
        case unknown(String)
    }

    static let usage = "commands: /typing, /stop, /wait DURATION (or /after DURATION; such as /wait 30s), /quit, /help; start a line with // to send a message that begins with /"

    static func parse(_ line: String) -> Parsed {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("/") else { return .message(line) }
        if trimmed.hasPrefix("//") { return .message(String(trimmed.dropFirst())) }
        let words = trimmed.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        let name = words[0].lowercased()
        switch (name, words.count) {
        case ("/typing", 1), ("/types", 1): return .command(.typing)
        case ("/stop", 1): return .command(.stopTyping)
        case ("/quit", 1), ("/completes", 1): return .command(.quit)
        case ("/help", 1), ("/?", 1): return .command(.help)
        case ("/wait", 2), ("/after", 2):
            guard let duration = DurationGrammar.duration(words[1]), duration > .zero else {
                return .unknown("\(words[0]) needs a duration above zero, such as /wait 30s, /wait 500ms or /wait 2m, not `\(words[1])`")
            }
            return .command(.wait(duration))
        case ("/wait", _), ("/after", _):
            return .unknown("\(words[0]) needs one duration, such as /wait 30s")
        case ("/customer", _):
            // A `.convo` step typed as a command.
            let rest = words.dropFirst().joined(separator: " ")
            let hint =
                switch rest {
                case "types": "/typing"
                case "stops typing": "/stop"
                case "completes": "/quit"
                default: "just type the message"
                }
            return .unknown("`customer \(rest)` is a .convo step; in chat use \(hint)")
        default:
            return .unknown("unknown command \(words[0]); \(usage)")
        }
    }
}
