import ChatCore
import Foundation
import GWSChatClient
import HTTPServer

/// The emulator's own endpoints under `/emulator/`: read by the web client (bots, "Why?") and
/// used by the agent console. Kept apart from the GWS handlers: GWS answers never carry what
/// these return, and a GWS client never needs them.
struct EmulatorEndpoints: Sendable {
    let host: ChatHost
    let bots: [BotListing]
    let defaultBot: String
    /// The largest answer of `GET /emulator/chats` and `/emulator/chats/ID/messages`, in bytes of
    /// JSON (at least one entry, however large): ``ChatAPIConfiguration/maxTranscriptBytes``.
    let maxAnswerBytes: Int
    /// At most this many chats in one page of `GET /emulator/chats` (the newest open ones).
    static let chatListLimit = 500

    func response(to request: HTTPRequest, route: EmulatorRoute) throws(APIError) -> HTTPResponse {
        switch route {
        case .bots:
            return ChatAPI.json(EmulatorJSON.bots(bots, defaultBot: defaultBot))
        case .chats:
            let offset = try Self.count(request, "offset") ?? 0
            let limit = min(try Self.count(request, "limit") ?? Self.chatListLimit, Self.chatListLimit)
            // Those handed over to a person first (within the page), then newest first.
            let page = host.openChatIDs(from: offset, limit: limit).compactMap { summary(of: $0) }
            let summaries = page.filter(\.needsPerson) + page.filter { !$0.needsPerson }
            return ChatAPI.json(EmulatorJSON.chats(summaries, offset: offset, openCount: host.openChatCount, maxBytes: maxAnswerBytes))
        case .chat(let idText):
            let id = try ChatAPI.chatID(idText[...])
            if request.method == "POST" { return try agentOperation(request, on: id) }
            guard let summary = summary(of: id) else { throw APIError.unknownChat(idText) }
            return ChatAPI.json(EmulatorJSON.chat(summary))
        case .messages(let idText):
            let id = try ChatAPI.chatID(idText[...])
            let index = try ChatAPI.transcriptIndex(request) ?? 0
            let view = try view(id)
            let start = min(max(index, 1), view.messages.count + 1) - 1
            let ruleNames = try ruleNames(in: id)
            return ChatAPI.json(EmulatorJSON.messages(view.messages[start...], maxBytes: maxAnswerBytes) { Self.origin(of: $0, ruleNames: ruleNames) })
        case .file(let idText, let fileText):
            let id = try ChatAPI.chatID(idText[...])
            guard let fileID = ChatFileID(validating: fileText) else {
                throw APIError(.notFound, .notFound, "Chat \(id) has no file '\(fileText.prefix(40))'; a file id is 16 hexadecimal digits.")
            }
            do {
                let (file, bytes) = try host.file(fileID, of: id)
                return Self.download(file, bytes)
            } catch {
                throw APIError(error)
            }
        case .control, .unknown:
            // The controls are answered by ``TestDoubleEndpoints`` before this is reached.
            throw APIError(.notFound, .notFound, "No resource at \(request.path).")
        }
    }

    // MARK: The agent console's operations

    /// The operations a person playing the agent can do, by `operationName`.
    enum AgentOperation: String, CaseIterable {
        case takeOver = "TakeOver"
        case handBack = "HandBack"
        case sendMessage = "SendMessage"
        case sendStartTypingNotification = "SendStartTypingNotification"
        case sendStopTypingNotification = "SendStopTypingNotification"
        case endChat = "EndChat"
        /// `to`: the agent (a bot's name, or a person's) the chat goes to.
        case transfer = "Transfer"
        /// `name`, and `role` `Agent` (default) or `Supervisor`: who joins.
        case invite = "Invite"
        /// `name`: the invited participant who leaves.
        case dismiss = "Dismiss"
    }

    /// `POST /emulator/chats/{id}` with `{"operationName": …}` (and `text` for SendMessage).
    private func agentOperation(_ request: HTTPRequest, on id: ChatID) throws(APIError) -> HTTPResponse {
        let parameters = try OperationParameters(request)
        let name = try parameters.operationName
        guard let operation = AgentOperation(rawValue: name) else {
            throw APIError(
                .methodNotAllowed, .invalidParameter,
                "Unknown operationName '\(name)' for \(request.path); use \(AgentOperation.allCases.map(\.rawValue).joined(separator: ", ")).",
                headers: ["Allow": EmulatorRoute.chat("").allowedMethods.joined(separator: ", ")])
        }
        let text = operation == .sendMessage ? try parameters.requiredString("text") : ""
        // Read before the chat changes, so that a missing parameter changes nothing.
        let preview = operation == .sendStartTypingNotification ? try? parameters.requiredString("text") : nil
        let who =
            switch operation {
            case .transfer: try parameters.requiredString("to")
            case .invite, .dismiss: try parameters.requiredString("name")
            default: ""
            }
        let role = operation == .invite ? ((try? parameters.requiredString("role")) ?? "Agent") : "Agent"
        guard role == "Agent" || role == "Supervisor" else { throw .invalidParameter("role", "must be Agent or Supervisor, not '\(role)'") }
        do throws(ChatError) {
            switch operation {
            case .takeOver: try host.takeOver(id)
            case .handBack: try host.handBack(id)
            case .sendMessage: try host.agentSays(text, in: id)
            case .sendStartTypingNotification: try host.agentTyping(started: true, preview: preview, in: id)
            case .sendStopTypingNotification: try host.agentTyping(started: false, in: id)
            case .endChat: try host.agentEndsChat(id)
            case .transfer: try host.transfer(id, to: who)
            case .invite: try host.invite(who, as: Participant.Kind(role), into: id)
            case .dismiss: try host.dismiss(who, from: id)
            }
        } catch {
            throw APIError(error)
        }
        return ChatAPI.json(GWSWire.success)
    }

    // MARK: Reading chats

    /// A file as a download: its type from its name, never run by the browser (`nosniff`, attachment).
    static func download(_ file: ChatFile, _ bytes: [UInt8]) -> HTTPResponse {
        HTTPResponse(
            status: .ok,
            headers: [
                "Content-Type": file.contentType, "Content-Disposition": ContentDisposition.attachment(filename: file.name),
                "X-Content-Type-Options": "nosniff", "Cache-Control": "no-store",
            ],
            body: bytes)
    }

    private func view(_ id: ChatID) throws(APIError) -> ChatView {
        do {
            return try host.view(of: id)
        } catch {
            throw APIError(error)
        }
    }

    /// A query parameter that counts (`offset`, `limit`): digits only.
    static func count(_ request: HTTPRequest, _ name: String) throws(APIError) -> Int? {
        guard let item = request.queryItems.first(where: { $0.name == name }) else { return nil }
        guard let text = item.value, !text.isEmpty, text.utf8.count <= 9, text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let number = Int(text) else {
            throw .invalidParameter(name, "must be a non-negative integer, not '\(item.value ?? "")'")
        }
        return number
    }

    /// `nil` when the chat does not exist.
    private func summary(of id: ChatID) -> ChatSummary? {
        guard let snapshot = try? host.chat(id), let view = try? host.view(of: id) else { return nil }
        return ChatSummary(
            id: id, nickname: view.customerNickname, subject: view.subject, state: view.state,
            bot: snapshot.bot ?? defaultBot, agentNickname: view.agentNickname, takenOver: snapshot.isTakenOver,
            needsPerson: snapshot.needsPerson,
            started: view.messages.first?.time, messageCount: view.messages.count,
            lastMessage: view.messages.last { $0.kind != .typingStarted && $0.kind != .typingStopped } ?? view.messages.last)
    }

    /// The readable names of the rules of the chat's bot, by origin (`file:line`).
    private func ruleNames(in id: ChatID) throws(APIError) -> [String: String] {
        let responder: any Responder
        do {
            responder = try host.responder(of: id)
        } catch {
            throw APIError(error)
        }
        var names: [String: String] = [:]
        for part in responder.parts { names[part.origin] = Self.ruleName(part) }
        return names
    }

    /// A part's name without the `file:line` it starts with: `support.rules:12 (order-status)`
    /// gives `order-status`.
    static func ruleName(_ part: ResponderPart) -> String {
        guard part.name.hasPrefix(part.origin) else { return part.name }
        let rest = part.name.dropFirst(part.origin.count).trimmingCharacters(in: .whitespaces)
        guard rest.hasPrefix("("), rest.hasSuffix(")"), rest.count > 2 else { return rest.isEmpty ? part.name : rest }
        return String(rest.dropFirst().dropLast())
    }

    /// Which rule answered an agent message: the origin the bot gave its step, and its name.
    static func origin(of message: ChatMessage, ruleNames: [String: String]) -> MessageOrigin? {
        guard message.from.kind == .agent, let source = message.origin else { return nil }
        return MessageOrigin(source: source, rule: ruleNames[source])
    }
}
