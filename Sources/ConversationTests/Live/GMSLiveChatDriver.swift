import ChatCore
import Foundation
import GMSChatClient
import GMSWire

/// Plays a test against a live server through its GMS Chat API v2 front (`--url` naming a GMS
/// service, `http://HOST:PORT/genesys/2/chat/SERVICE`), as Genesys Widgets talk to it: request a
/// chat, then form-encoded operations with the session's credentials, and `refresh` from the
/// next position while a step waits. Message times are when the poll saw them.
///
/// GMS has no GetChat: the state is read from the transcript (`Idle` once `chatEnded`, `Chatting`
/// once an agent joined, else `WaitingForAgent`), and the capabilities are every operation GMS
/// offers until the chat ends, none after. GMS lists no rejoin: a `ParticipantJoined` of a
/// participant id that left before reads as `ParticipantRejoined`, as a GMS client tells it.
final class GMSLiveChatDriver: LivePolling {
    let server: LiveServer
    private let client: GMSClient
    private var session: GMSSession
    let startTime: Date
    private var received: [ChatMessage] = []
    private var nextPosition = 1
    private var chatEnded = false
    /// The participant ids seen leaving.
    private var left: Set<Int> = []

    init(server: LiveServer, settings: ConversationSettings) throws {
        self.server = server
        client = GMSClient(serviceURL: server.baseURL, apiKey: server.apiKey, timeout: server.requestTimeout)
        startTime = Date()
        let (session, answer) = try client.requestChat(nickname: settings.nickname, subject: settings.subject, userData: settings.userData)
        self.session = session
        take(answer, readsTranscript: true)
    }

    func messages() throws -> [ChatMessage] {
        take(try client.refresh(session, from: nextPosition), readsTranscript: true)
        return received
    }

    func perform(_ action: CustomerAction) throws {
        switch action {
        case .say(let text): take(try client.send(text, in: session))
        case .startTyping: take(try client.startTyping(in: session))
        case .stopTyping: take(try client.stopTyping(in: session))
        case .complete: take(try client.disconnect(session))
        case .notice(let text): take(try client.customNotice(text, in: session))
        case .pushURL(let url): take(try client.pushURL(url, in: session))
        case .changeNickname(let nickname): take(try client.updateNickname(nickname, in: session))
        }
    }

    func state() throws -> (ChatState, Set<ChatOperation>) {
        _ = try messages()
        if chatEnded { return (.idle, []) }
        let agentJoined = received.contains { $0.from.kind == .agent && $0.kind == .participantJoined }
        return (agentJoined ? .chatting : .waitingForAgent, Set(ChatOperation.known))
    }

    /// GMS does not show the hand-over flag.
    func needsPerson() -> Bool? { nil }

    /// Disconnects unless the chat is over, so that a test run leaves no open chats.
    func finish() {
        guard !chatEnded else { return }
        _ = try? client.disconnect(session)
    }

    /// Keeps what an answer says: the alias, whether the chat ended and, for an answer that
    /// `readsTranscript` (asked with a position), its messages and the next position. An
    /// operation's answer asked for none: its `nextPosition` is past messages not yet read.
    private func take(_ answer: GMSAnswer, readsTranscript: Bool = false) {
        session = session.updated(by: answer)
        if let ended = answer.chatEnded { chatEnded = ended }
        guard readsTranscript else { return }
        let now = Date()
        for message in answer.messages where message.index > (received.last?.index ?? 0) {
            received.append(read(message, at: now))
        }
        nextPosition = max(nextPosition, answer.nextPosition ?? 0, (received.last?.index ?? 0) + 1)
    }

    /// A GMS message in the core's vocabulary.
    private func read(_ message: GMSMessage, at time: Date) -> ChatMessage {
        var kind = ChatMessage.Kind(GMSVocabulary.coreMessageType(message.type))
        let id = message.from.participantId
        if kind == .participantLeft {
            left.insert(id)
        } else if kind == .participantJoined, left.remove(id) != nil {
            kind = .participantRejoined
        }
        let from = Participant(id: String(id), nickname: message.from.nickname, kind: Participant.Kind(GMSVocabulary.corePartyType(message.from.type)))
        return ChatMessage(index: message.index, kind: kind, from: from, text: message.text, time: time)
    }
}
