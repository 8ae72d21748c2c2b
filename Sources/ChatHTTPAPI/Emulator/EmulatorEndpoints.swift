import ChatCore
import HTTPServer

/// The emulator's own endpoints under `/emulator/`: read by the web client (bots, "Why?") and
/// used by the agent console. Kept apart from the GWS handlers: GWS answers never carry what
/// these return, and a GWS client never needs them.
struct EmulatorEndpoints: Sendable {
    let host: ChatHost
    let bots: [BotListing]
    let defaultBot: String
    /// At most this many chats in `GET /emulator/chats` (the newest open ones).
    static let chatListLimit = 500

    func response(to request: HTTPRequest, route: EmulatorRoute) throws(APIError) -> HTTPResponse {
        switch route {
        case .bots:
            return ChatAPI.json(EmulatorJSON.bots(bots, defaultBot: defaultBot))
        case .chats:
            return ChatAPI.json(EmulatorJSON.chats(openChats()))
        case .chat(let idText):
            let id = try ChatAPI.chatID(idText)
            return ChatAPI.json(EmulatorJSON.chat(try summary(of: try view(id))))
        case .messages(let idText):
            let id = try ChatAPI.chatID(idText)
            let index = try ChatAPI.transcriptIndex(request) ?? 0
            let view = try view(id)
            let start = min(max(index, 1), view.messages.count + 1) - 1
            return ChatAPI.json(EmulatorJSON.messages(view.messages[start...]) { origin(of: $0) })
        case .unknown:
            throw APIError(.notFound, .notFound, "No resource at \(request.path); see the README for the /emulator/ endpoints.")
        }
    }

    // MARK: Reading chats

    private func view(_ id: ChatID) throws(APIError) -> ChatView {
        do {
            return try host.view(of: id)
        } catch {
            throw APIError(error)
        }
    }

    /// The open chats, newest first.
    private func openChats() -> [ChatSummary] {
        var summaries: [ChatSummary] = []
        for id in host.chatIDs {
            guard let view = try? host.view(of: id), view.state != .idle else { continue }
            summaries.append(summary(of: view))
        }
        summaries.sort { ($0.started ?? .distantPast, $0.id) > ($1.started ?? .distantPast, $1.id) }
        return Array(summaries.prefix(Self.chatListLimit))
    }

    private func summary(of view: ChatView) -> ChatSummary {
        ChatSummary(
            id: view.id, nickname: view.customerNickname, subject: view.subject, state: view.state,
            bot: defaultBot, agentNickname: view.agentNickname, takenOver: false,
            started: view.messages.first?.time, messageCount: view.messages.count,
            lastMessage: view.messages.last { $0.kind != .typingStarted && $0.kind != .typingStopped } ?? view.messages.last)
    }

    /// Which rule answered an agent message, from the origin the bot gave its step.
    private func origin(of message: ChatMessage) -> MessageOrigin? {
        guard message.from.kind == .agent, let source = message.origin else { return nil }
        return MessageOrigin(source: source, rule: nil)
    }
}
