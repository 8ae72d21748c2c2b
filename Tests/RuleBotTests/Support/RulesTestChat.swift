import BotTesting
import ChatCore
import LineFormat
import Testing
@testable import RuleBot

extension TestChat {
    /// A chat with the rules bot compiled from `rules` (named `name` in origins and errors), whose
    /// agent joins and answers at once.
    static func rules(
        _ rules: String, name: String = "t.rules", nickname: String = "Ann", userData: [String: String] = [:], handoverTimeout: Duration? = nil
    ) throws -> TestChat {
        var configuration = ChatHostConfiguration()
        configuration.agentJoinDelay = .zero
        configuration.replyDelay = .zero
        configuration.handoverTimeout = handoverTimeout
        return try TestChat(
            responder: RuleResponder(book: try RuleBookLoader.compile(text: rules, name: name)), nickname: nickname, userData: userData,
            configuration: configuration)
    }
}

/// The error text of compiling `text`, which must fail; records an issue when it compiles.
func compileError(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> String {
    do {
        _ = try RuleBookLoader.compile(text: text, name: "t.rules")
        Issue.record("compiled: \(text)", sourceLocation: sourceLocation)
        return ""
    } catch {
        return error.description
    }
}
