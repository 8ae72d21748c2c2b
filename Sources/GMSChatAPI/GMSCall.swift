package import ChatCore
import GMSWire
package import HTTPServer

/// One chat operation being answered: the request, its parameters, the chat (whose credentials
/// were checked) and what an operation needs to answer in GMS's shape.
package struct GMSCall {
    package let front: GMSFront
    package let request: HTTPRequest
    let parameters: GMSParameters
    package let chat: ChatID
    let credentials: GMSCredentials
    /// The path segments after the operation's name (`file/{fileId}/download` → `[fileId, download]`).
    package let rest: [Substring]

    package var host: ChatHost { front.host }

    /// A parameter's text (a form field, a JSON string or number); `nil` when missing.
    package func optional(_ name: String) throws(GMSFailure) -> String? { try parameters.optional(name) }

    package func required(_ name: String) throws(GMSFailure) -> String { try parameters.required(name) }

    /// Runs a core operation, its refusal as a GMS error.
    package func perform(_ body: () throws(ChatError) -> Void) throws(GMSFailure) {
        do {
            try body()
        } catch {
            throw GMSFailure(error)
        }
    }

    /// GMS's answer for this chat: the messages from the request's `transcriptPosition` when it
    /// gives one (none otherwise), `nextPosition`, `chatEnded` and the credentials.
    package func answer() throws(GMSFailure) -> HTTPResponse {
        try front.answer(for: chat, credentials: credentials, from: parameters.position("transcriptPosition"))
    }
}

extension GMSFront {
    /// The answer of every request on a chat: messages from `position` (1-based; 0 reads as 1;
    /// `nil` returns none), cut at ``GMSConfiguration/maxAnswerBytes``; the messages returned
    /// count as received, as a GWS transcript read does. A position past the next one is refused.
    func answer(for id: ChatID, credentials: GMSCredentials, from position: Int?) throws(GMSFailure) -> HTTPResponse {
        var body: [UInt8] = []
        var pastEnd: Int?
        do {
            let ended = try host.state(of: id) == .idle
            try host.readTranscript(of: id, from: position ?? 0) { messages, start in
                let next = (messages.isEmpty ? 0 : messages[messages.count - 1].index) + 1
                if let position, position > next {
                    pastEnd = next
                    return 0
                }
                var answer = GMSAnswer(
                    chatId: id.description, userId: credentials.userId, secureKey: credentials.secureKey, alias: configuration.alias,
                    nextPosition: next, chatEnded: ended)
                if position != nil {
                    answer.messages.reserveCapacity(messages.count - start)
                    for offset in start..<messages.count { answer.messages.append(GMSVocabulary.message(messages[offset])) }
                }
                let encoded = GMSWire.encode(answer, maxBytes: configuration.maxAnswerBytes)
                body = encoded.bytes
                return encoded.messageCount
            }
        } catch {
            throw GMSFailure(error)
        }
        if let pastEnd, let position {
            throw .badParameter("Parameter 'transcriptPosition' is \(position), past the end of the transcript; its next position is \(pastEnd).")
        }
        return Self.json(body)
    }
}
