package import ChatCore
import Foundation

/// One line of a test: something the customer does, time passing, or an expectation.
package struct ConversationStep: Sendable {
    package enum Kind: Sendable {
        // The customer.
        case customerSays(String)
        case customerTypes
        case customerStopsTyping
        case customerCompletes
        /// `customer notices TEXT`: a notice from the customer (GMS `customNotice`).
        case customerNotices(String)
        /// `customer pushes URL`: the customer pushes a page (GMS `pushUrl`).
        case customerPushes(String)
        /// `customer changes nickname to NAME` (GMS `updateNickname`).
        case customerChangesNickname(String)
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
        /// `notice TEXT`: the next `Notice` from the agent or the system is exactly TEXT.
        case notice(TextExpectation)
        /// `agent pushes URL`: the next page the agent pushes is URL.
        case agentPushes(TextExpectation)
        /// `agent transfers to NAME`: the agent leaves and an agent called NAME joins (or
        /// rejoins); `agent transfers back to NAME` (`back`): NAME was in the chat before and
        /// rejoins (`ParticipantRejoined`).
        case agentTransfers(String, back: Bool)
        /// `transcript saved`: the chat has ended and the system posted `TranscriptSaveDone`.
        case transcriptSaved
        /// `agent invites NAME`: a second agent or a supervisor called NAME joins (or rejoins).
        case agentInvites(String)
        case state(ChatState)
        case capabilities(Set<ChatOperation>)
        /// `needs a person` / `needs no person`: the bot handed the chat over and nobody has
        /// taken it yet (the agent console's "Needs a person"), or not.
        case needsPerson(Bool)
        /// The agent's latest text came from this part of the bot: a rule's name, or its
        /// `file:line` (the path may be shortened to its last components).
        case answeredBy(String)
        /// A bot variable has this value now (empty: not set).
        case variable(String, String)
        /// The chat is in this topic now (`nil`: outside topics).
        case topic(String?)
        /// `new chat`: the customer completes the chat and requests another one, as the same
        /// customer (the bot's customer memory is kept), optionally with another nickname or
        /// more `userData`; the steps after it play in the new chat.
        case newChat(nickname: String?, userData: [String: String])
    }

    package var kind: Kind
    package var location: ConversationLocation
    /// The line as written (trimmed), shown in reports.
    package var source: String
}

/// What an expected text must be.
package enum TextExpectation: Sendable {
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
    /// Contains this text, ignoring letter case (the default of `contains`).
    case containsIgnoringCase(String)
    /// Does not meet the expectation (`does not say`, `does not contain`, `does not match`).
    indirect case not(TextExpectation)

    /// Whether `text` meets the expectation.
    package func isMet(by text: String) -> Bool {
        switch self {
        case .exact(let expected): text == expected
        case .contains(let part): text.contains(part)
        case .matches(let pattern): pattern.matches(text)
        case .oneOf(let options): options.contains(text)
        case .any: true
        case .containsIgnoringCase(let part): text.range(of: part, options: .caseInsensitive) != nil
        case .not(let expectation): !expectation.isMet(by: text)
        }
    }

    /// The same expectation with each `{$name}` in its texts replaced by `values[name]`
    /// (captured earlier in the test); regular expressions are left as written.
    func resolving(_ values: [String: String]) -> TextExpectation {
        guard !values.isEmpty else { return self }
        let resolve = { (text: String) in TestVariables.substitute(in: text, values) }
        switch self {
        case .exact(let text): return .exact(resolve(text))
        case .contains(let text): return .contains(resolve(text))
        case .containsIgnoringCase(let text): return .containsIgnoringCase(resolve(text))
        case .oneOf(let options): return .oneOf(options.map(resolve))
        case .not(let expectation): return .not(expectation.resolving(values))
        case .matches, .any: return self
        }
    }

    /// The expectation in words, for failure messages.
    package var explanation: String {
        switch self {
        case .exact(let expected): "exactly \(quoted(expected))"
        case .contains(let part): "text containing \(quoted(part))"
        case .matches(let pattern): "text matching /\(pattern.source)/"
        case .oneOf(let options): "one of " + options.map(quoted).joined(separator: ", ")
        case .any: "any text"
        case .containsIgnoringCase(let part): "text containing \(quoted(part)) (ignoring case)"
        case .not(let expectation): "anything but \(expectation.explanation)"
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

/// Values a test captured from the agent's replies (`agent matches (?<order>\\d+)`), used later
/// in the same test as `{$order}`.
enum TestVariables {
    /// The names `{$name}` slots in `text` read.
    static func names(in text: String) -> [String] {
        var names: [String] = []
        var rest = text[...]
        while let open = rest.range(of: "{$") {
            guard let close = rest[open.upperBound...].firstIndex(of: "}") else { break }
            names.append(String(rest[open.upperBound..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return names
    }

    /// `text` with each `{$name}` replaced by its value (unknown names are left as written).
    static func substitute(in text: String, _ values: [String: String]) -> String {
        var result = text
        for name in names(in: text) {
            if let value = values[name] { result = result.replacingOccurrences(of: "{$\(name)}", with: value) }
        }
        return result
    }
}
