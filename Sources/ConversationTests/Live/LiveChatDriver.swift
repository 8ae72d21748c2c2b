import ChatCore
import Foundation
import GWSChatClient

/// Plays a test against a live server, in real time: requests go over HTTP and the transcript
/// is polled while a step waits. Message times are when the poll saw them.
///
/// The file's timing settings (`join-delay`, `reply-delay`, `system-messages`) and seed do not
/// apply: the server has its own.
final class LiveChatDriver: LivePolling {
    let server: LiveServer
    private let client: GWSClient.Blocking
    private let chatID: String
    let startTime: Date
    private var received: [ChatMessage] = []
    private var isOver = false

    init(server: LiveServer, settings: ConversationSettings) throws {
        self.server = server
        client = GWSClient(baseURL: server.baseURL, apiKey: server.apiKey, timeout: server.requestTimeout).blocking
        startTime = Date()
        chatID = try client.requestChat(nickname: settings.nickname, subject: settings.subject, userData: settings.userData).id
    }

    func messages() throws -> [ChatMessage] {
        let now = Date()
        for message in try client.transcript(of: chatID, from: received.count + 1) where message.index > received.count {
            // The client's vocabulary and the core's spell every name the same.
            let from = Participant(id: message.from.id, nickname: message.from.nickname, kind: Participant.Kind(message.from.kind.name))
            received.append(ChatMessage(index: message.index, kind: ChatMessage.Kind(message.kind.name), from: from, text: message.text, time: now))
        }
        return received
    }

    func perform(_ action: CustomerAction) throws {
        switch action {
        case .say(let text): try client.sendMessage(text, in: chatID)
        case .startTyping: try client.startTyping(in: chatID)
        case .stopTyping: try client.stopTyping(in: chatID)
        case .complete:
            try client.complete(chatID)
            isOver = true
        case .notice, .pushURL, .changeNickname:
            throw LiveOnlyGWS()
        }
    }

    func state() throws -> (ChatState, Set<ChatOperation>) {
        let chat = try client.chat(chatID)
        guard let state = ChatState(rawValue: chat.state.name) else {
            throw LiveDriverLimit(message: "the server says the chat is in state \"\(chat.state.name)\"; a test knows \(ChatState.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if state == .idle { isOver = true }
        return (state, Set(chat.capabilities.map { ChatOperation($0.name) }))
    }

    /// The GWS API does not show the hand-over flag.
    func needsPerson() -> Bool? { nil }

    /// Completes the chat unless it is over, so that a test run leaves no open chats.
    func finish() {
        guard !isOver, (try? state().0) != .idle else { return }
        try? client.complete(chatID)
    }
}

/// A customer step the GWS API has no operation for (a notice, a pushed page, a new nickname:
/// GMS operations), in a test run against a live server over GWS.
struct LiveOnlyGWS: Error, CustomStringConvertible {
    var description: String {
        "the GWS API has no operation for this step (it is a GMS operation); run this test offline, without --url, or through the server's GMS front, --url http://HOST:PORT/genesys/2/chat/SERVICE"
    }
}
