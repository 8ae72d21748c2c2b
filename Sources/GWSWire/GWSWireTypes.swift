public import ChatCore
public import Foundation

/// The answer to RequestChat: the new chat's id and its path.
public struct GWSChatCreated: Hashable, Sendable {
    /// The chat id as the server wrote it (a UUID from this emulator; any text from a real GWS).
    public var id: String
    /// `/api/v2/chats/ID`.
    public var path: String

    public init(id: String, path: String) {
        self.id = id
        self.path = path
    }
}

/// A chat as GetChat shows it.
public struct GWSChat: Hashable, Sendable {
    public var id: String
    public var state: ChatState
    public var participants: [Participant]
    /// The customer operations valid now, in the order the server listed them.
    public var capabilities: [ChatOperation]

    public init(id: String, state: ChatState, participants: [Participant], capabilities: [ChatOperation]) {
        self.id = id
        self.state = state
        self.participants = participants
        self.capabilities = capabilities
    }

    /// The wire view of a core snapshot.
    public init(_ snapshot: ChatSnapshot) {
        self.init(id: snapshot.id.description, state: snapshot.state, participants: snapshot.participants, capabilities: snapshot.capabilities)
    }
}

/// One entry of a GetTranscript answer.
public struct GWSMessage: Hashable, Sendable {
    public var index: Int
    public var kind: ChatMessage.Kind
    public var from: Participant
    /// Always set on `Text`; on other types when they say something (a notice's text, an agent's
    /// typing preview).
    public var text: String?
    /// When the message was posted, if the server says (`utcTime`, milliseconds since 1970).
    /// A real GWS sends it; this emulator does not.
    public var utcTime: Date?

    public init(index: Int, kind: ChatMessage.Kind, from: Participant, text: String? = nil, utcTime: Date? = nil) {
        self.index = index
        self.kind = kind
        self.from = from
        self.text = text
        self.utcTime = utcTime
    }

    /// The wire view of a transcript entry (its time and origin are not on the wire). A type
    /// only GMS has is shown as GWS shows it (``GWSMessage/gwsKind(of:)``).
    public init(_ message: ChatMessage) {
        self.init(
            index: message.index, kind: Self.gwsKind(of: message.kind), from: message.from,
            text: message.kind == .text ? (message.text ?? "") : message.text)
    }

    /// The message types only Genesys's GMS API has, which the GWS front shows as a `Notice`
    /// with the same text (the notice, the pushed URL, the new nickname, the idle alert): GWS
    /// documents `Notice` and no type of its own for them, and a GWS client shows a `Notice`.
    public static let shownAsNotice: Set<ChatMessage.Kind> = [.customNotice, .pushURL, .nicknameUpdated, .idleAlert, .idleClose]

    /// How the GWS front spells a message of `kind`: `Notice` for ``shownAsNotice``, else as is.
    public static func gwsKind(of kind: ChatMessage.Kind) -> ChatMessage.Kind {
        shownAsNotice.contains(kind) ? .notice : kind
    }
}

/// A GetTranscript answer.
public struct GWSTranscript: Hashable, Sendable {
    public var messages: [GWSMessage]

    public init(messages: [GWSMessage]) {
        self.messages = messages
    }
}

/// A refusal's body: `{"statusCode": N, "statusMessage": "..."}`.
public struct GWSErrorBody: Hashable, Sendable {
    /// The GWS status code (1 invalid parameter, 2 invalid state, 4 internal, 6 not found,
    /// 20 not authenticated, ...).
    public var statusCode: Int
    public var statusMessage: String

    public init(statusCode: Int, statusMessage: String) {
        self.statusCode = statusCode
        self.statusMessage = statusMessage
    }
}
