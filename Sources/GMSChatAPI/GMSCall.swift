package import ChatCore
import ChatHTTPAPI
import GMSWire
package import HTTPServer

/// One chat operation being answered: the request, its parameters, the chat (whose credentials
/// were checked) and what an operation needs to answer in GMS's shape.
package struct GMSCall {
    package let front: GMSFront
    package let request: HTTPRequest
    let parameters: GMSParameters
    package let chat: ChatID
    /// What the front keeps of the chat: its credentials (checked), its messages' JSON.
    let entry: GMSChatEntry
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
        try front.answer(for: chat, entry: entry, from: parameters.position("transcriptPosition"))
    }
}

extension GMSFront {
    /// The answer of every request on a chat, built here only: the chat's head (its credentials
    /// and `alias`, written once per chat), `chatId` and `chatEnded` (the chat's state, read
    /// once); the messages from `position` (1-based; 0 reads as 1; `nil` returns none) cut at
    /// ``GMSConfiguration/maxAnswerBytes`` and `nextPosition`, or `notice` as the only message and
    /// no `nextPosition` (`file/limits`); `userData` (an upload's `file-id`). The messages are
    /// copied from their JSON written once (``GMSChatEntry``) and count as received, as a GWS
    /// transcript read does. A position past the next one is refused.
    func answer(
        for id: ChatID, entry: GMSChatEntry, from position: Int? = nil, notice: GMSMessage? = nil, userData: [String: String] = [:]
    ) throws(GMSFailure) -> HTTPResponse {
        var tail = GMSAnswer(chatId: entry.chatId)
        tail.userData = userData
        var body: [UInt8] = []
        var pastEnd: Int?
        var grown = 0
        do {
            tail.chatEnded = try host.state(of: id) == .idle
            if let notice {
                tail.userId = entry.credentials.userId
                tail.secureKey = entry.credentials.secureKey
                tail.alias = configuration.alias
                tail.messages = [notice]
                return Self.json(GMSWire.encode(tail).bytes)
            }
            try host.readTranscript(of: id, from: position ?? 0) { messages, start in
                let next = (messages.isEmpty ? 0 : messages[messages.count - 1].index) + 1
                if let position, position > next {
                    pastEnd = next
                    return 0
                }
                body.reserveCapacity(entry.head.count + 128)
                body.append(contentsOf: entry.head)
                var taken = 0
                if position != nil {
                    let before = entry.messages.byteCount
                    let room = configuration.maxAnswerBytes - entry.head.count - GMSWire.tailBound(tail)
                    taken = entry.messages.append(messages, from: start, room: room, to: &body)
                    grown = entry.messages.byteCount - before
                }
                // A cut answer continues after its last message.
                tail.nextPosition = start + taken < messages.count && taken > 0 ? messages[start + taken].index : next
                GMSWire.appendTail(tail, to: &body)
                return taken
            }
        } catch {
            throw GMSFailure(error)
        }
        chats.grew(by: grown)
        if let pastEnd, let position {
            throw .badParameter("Parameter 'transcriptPosition' is \(position), past the end of the transcript; its next position is \(pastEnd).")
        }
        return Self.json(body)
    }
}
