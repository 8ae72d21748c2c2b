import ChatCore
import GWSChatClient
import HTTPServer

extension ChatAPI {
    /// `POST /api/v2/chats` with `operationName` RequestChat, `nickname`, `subject`, optional `userData`.
    /// `faults`: chat faults a fault in force gives the new chat; `userData.emulatorFaults` may add
    /// more (``TestDouble/userDataKey``).
    func requestChat(_ request: HTTPRequest, _ parameters: OperationParameters, faults: [ChatFault]) throws(APIError) -> HTTPResponse {
        let operation = try parameters.operationName
        guard operation == "RequestChat" else {
            throw unknownOperation(operation, at: request.path, expected: ["RequestChat"])
        }
        let nickname = try parameters.requiredString("nickname")
        let subject = try parameters.requiredString("subject")
        let userData = try parameters.stringMap("userData")
        var chatFaults = faults
        var laterFaults: [Fault] = []
        if let text = userData[TestDouble.userDataKey] {
            let parsed = try testDouble.userDataFaults(text, requestOperation: "RequestChat")
            chatFaults += parsed.atStart
            laterFaults = parsed.later
        }
        do {
            let id = try host.requestChat(nickname: nickname, subject: subject, userData: userData, faults: chatFaults)
            testDouble.addFaults(laterFaults, for: id)
            return Self.json(GWSWire.encode(GWSWire.created(id.description)))
        } catch {
            throw APIError(error)
        }
    }

    /// `POST /api/v2/chats/{id}`: SendMessage (`text`), SendStartTypingNotification,
    /// SendStopTypingNotification, Complete.
    func chatOperation(_ request: HTTPRequest, _ parameters: OperationParameters, on id: ChatID) throws(APIError) -> HTTPResponse {
        let name = try parameters.operationName
        guard let operation = ChatOperation.gws.first(where: { $0.name == name }) else {
            throw unknownOperation(name, at: request.path, expected: ChatOperation.gws.map(\.name))
        }
        let text = operation == .sendMessage ? try parameters.requiredString("text") : ""
        do throws(ChatError) {
            switch operation {
            case .sendMessage: try host.sendMessage(text, to: id)
            case .sendStartTypingNotification: try host.startTyping(in: id)
            case .sendStopTypingNotification: try host.stopTyping(in: id)
            case .complete: try host.complete(id)
            default: throw ChatError(.invalidParameter, "\(name) is not an operation of the GWS API.")  // refused above
            }
        } catch {
            throw APIError(error)
        }
        return Self.json(GWSWire.success)
    }

    /// `GET /api/v2/chats/{id}`.
    func getChat(_ id: ChatID) throws(APIError) -> HTTPResponse {
        do {
            return Self.json(GWSChat.answer(try host.chat(id)))
        } catch {
            throw APIError(error)
        }
    }

    /// `GET /api/v2/chats/{id}/messages[?index=N]`: without `index`, the messages the client has
    /// not received yet; with it, the messages from index N on (0 returns all). Either read counts
    /// as received; `HEAD` answers the same headers and moves nothing. Either way the answer stops at the
    /// last whole message within ``ChatAPIConfiguration/maxTranscriptBytes``: a poll without
    /// `index` continues where it stopped, a read with `index` continues at the last index + 1.
    func transcript(_ request: HTTPRequest, of id: ChatID) throws(APIError) -> HTTPResponse {
        let index = try Self.transcriptIndex(request)
        do {
            var body: [UInt8] = []
            var grown = 0
            try host.readTranscript(of: id, from: index, markingReceived: request.method != "HEAD") { messages, start in
                // Looked up here, where the chat is known to exist: unknown ids leave no entry.
                let fragments = transcripts.fragments(of: id)
                let before = fragments.byteCount
                let answer = fragments.answer(messages, from: start, maxBytes: configuration.maxTranscriptBytes)
                grown = fragments.byteCount - before
                body = answer.body
                return answer.taken
            }
            transcripts.grew(by: grown)
            return Self.json(body)
        } catch {
            throw APIError(error)
        }
    }

    /// The `index` query parameter of a transcript read, if given: a non-negative integer.
    /// Digits only (`%2B3`, which decodes to `+3`, is refused rather than read as 3), given once.
    static func transcriptIndex(_ request: HTTPRequest) throws(APIError) -> Int? {
        let items = request.queryItems.filter { $0.name == "index" }
        guard let item = items.first else { return nil }
        guard items.count == 1 else { throw .invalidParameter("index", "is given \(items.count) times; give it once") }
        guard let text = item.value, !text.isEmpty, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            let number = Int(text)
        else {
            throw .invalidParameter("index", "must be a non-negative integer, not '\(item.value ?? "")'; write it in decimal digits")
        }
        return number
    }

    private func unknownOperation(_ name: String, at path: String, expected: [String]) -> APIError {
        APIError(
            .methodNotAllowed, .invalidParameter,
            "Unknown operationName '\(name)' for \(path); use \(expected.joined(separator: ", ")).",
            headers: ["Allow": APIRoute(path: path).allowedMethods.joined(separator: ", ")])
    }
}
