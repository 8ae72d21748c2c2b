import ChatCore

/// One line of a test: something the customer does, time passing, or an expectation.
public struct ConversationStep: Sendable {
    public enum Kind: Sendable {
        // The customer.
        case customerSays(String)
        case customerTypes
        case customerStopsTyping
        case customerCompletes
        // Time.
        case after(Duration)
        // Expectations.
        /// The next agent text message (every agent text must be expected, in order).
        case agentText(TextExpectation)
        /// No agent text within the duration (the test's timeout when `nil`).
        case noReply(Duration?)
        /// The next system participant's text message.
        case systemText(TextExpectation)
        case agentJoins
        case agentLeaves
        case agentTypes
        case agentStopsTyping
        case state(ChatState)
        case capabilities(Set<ChatOperation>)
    }

    public var kind: Kind
    public var location: ConversationLocation
    /// The line as written (trimmed), shown in reports.
    public var source: String
}

/// What an expected text must be.
public enum TextExpectation: Sendable {
    /// Exactly this text.
    case exact(String)
    /// Contains this text.
    case contains(String)
    /// Contains a match of this regular expression.
    case matches(any TextPattern)
    /// Exactly one of these texts.
    case oneOf([String])
    /// Any text at all.
    case any

    /// Whether `text` meets the expectation.
    public func isMet(by text: String) -> Bool {
        switch self {
        case .exact(let expected): text == expected
        case .contains(let part): text.contains(part)
        case .matches(let pattern): pattern.matches(text)
        case .oneOf(let options): options.contains(text)
        case .any: true
        }
    }

    /// The expectation in words, for failure messages.
    public var explanation: String {
        switch self {
        case .exact(let expected): "exactly \(quoted(expected))"
        case .contains(let part): "text containing \(quoted(part))"
        case .matches(let pattern): "text matching /\(pattern.source)/"
        case .oneOf(let options): "one of " + options.map(quoted).joined(separator: ", ")
        case .any: "any text"
        }
    }
}

/// `text` in double quotes, with quotes, backslashes and line breaks escaped.
func quoted(_ text: String) -> String {
    var result = "\""
    for character in text {
        switch character {
        case "\"": result += "\\\""
        case "\\": result += "\\\\"
        case "\n": result += "\\n"
        case "\r": result += "\\r"
        case "\t": result += "\\t"
        default: result.append(character)
        }
    }
    return result + "\""
}
