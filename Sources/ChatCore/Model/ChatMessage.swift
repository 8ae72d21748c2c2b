public import Foundation

/// One entry of a chat's transcript.
public struct ChatMessage: Hashable, Sendable {
    /// A message type of the transcript, spelled as the GWS API spells it.
    ///
    /// A struct with a name rather than an enum, so that types can be added without breaking code
    /// written elsewhere: switch over it with a `default:` case, and show a type you do not know
    /// plainly (its ``name``) rather than failing. A transcript read from a wire or a journal keeps
    /// any type it carries, known here or not.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        /// The type's name on the wire (`"Text"`, `"ParticipantJoined"`, ...).
        public let name: String
        public init(_ name: String) { self.name = name }

        public static let text = Kind("Text")
        public static let participantJoined = Kind("ParticipantJoined")
        public static let participantLeft = Kind("ParticipantLeft")
        /// An agent's may carry the text typed so far (a typing preview) in ``ChatMessage/text``.
        public static let typingStarted = Kind("TypingStarted")
        public static let typingStopped = Kind("TypingStopped")
        /// A participant who had left is back (GWS GetMessages).
        public static let participantRejoined = Kind("ParticipantRejoined")
        /// The chat's transcript was saved (GWS GetMessages).
        public static let transcriptSaveDone = Kind("TranscriptSaveDone")
        /// A notice in ``ChatMessage/text``: from the agent (a rules bot's `=> notice TEXT`) or
        /// the system.
        public static let notice = Kind("Notice")
        /// A notice the customer sent (GMS `customNotice`), its text in ``ChatMessage/text``.
        public static let customNotice = Kind("CustomNotice")
        /// A web page pushed to the other side: its URL in ``ChatMessage/text`` (GMS `pushUrl`,
        /// a rules bot's `=> push URL`).
        public static let pushURL = Kind("PushUrl")
        /// The sender's new nickname, also in ``ChatMessage/text`` (GMS `updateNickname`).
        public static let nicknameUpdated = Kind("NicknameUpdated")
        /// The customer has been idle: the chat will be closed soon (Chat Server's inactivity
        /// control, `serve --idle-alert`); the alert text in ``ChatMessage/text``.
        public static let idleAlert = Kind("IdleAlert")
        /// The chat was closed because the customer stayed idle (`serve --idle-close`).
        public static let idleClose = Kind("IdleClose")
        /// The customer uploaded a file (GMS `file`): ``ChatMessage/file`` says which.
        public static let fileUploaded = Kind("FileUploaded")
        /// An uploaded file was deleted: ``ChatMessage/file`` says which.
        public static let fileDeleted = Kind("FileDeleted")

        /// The types this package knows: the GWS ones in the order its documentation lists them,
        /// then those of GMS (Genesys's other customer API) that GWS shows as `Notice`.
        package static let known: [Kind] = [
            .text, .participantJoined, .participantLeft, .typingStarted, .typingStopped,
            .participantRejoined, .transcriptSaveDone, .notice,
            .customNotice, .pushURL, .nicknameUpdated, .idleAlert, .idleClose,
            .fileUploaded, .fileDeleted,
        ]

        /// Whether this package knows the type (one of ``known``).
        package var isKnown: Bool { Self.known.contains(self) }

        public var description: String { name }
    }

    /// 1-based, contiguous within a chat.
    public var index: Int
    public var kind: Kind
    public var from: Participant
    /// What the message says: the text of a `Text`, a notice's text, a pushed URL, a new
    /// nickname, an agent's typing preview. `nil` for the types that say nothing.
    public var text: String?
    /// When the message was added, on the host's clock (virtual in tests).
    public var time: Date
    /// For agent messages: where the responder got the reply (a rule's `file:line`), if it says.
    /// Kept in the journal for tracing and coverage; not part of the GWS API.
    public var origin: String?
    /// For `FileUploaded` and `FileDeleted`: the file (its ``text`` is the file's name).
    public var file: ChatFile?

    public init(index: Int, kind: Kind, from: Participant, text: String? = nil, time: Date, origin: String? = nil, file: ChatFile? = nil) {
        self.index = index
        self.kind = kind
        self.from = from
        self.text = text
        self.time = time
        self.origin = origin
        self.file = file
    }
}

extension ChatMessage {
    /// What every message counts toward ``ChatHostConfiguration/maxTranscriptBytes`` on top of its
    /// text: roughly what it costs held in memory and written to its journal line without a text.
    package static let fixedTranscriptBytes = 128

    /// What this message counts toward ``ChatHostConfiguration/maxTranscriptBytes``.
    package var transcriptBytes: Int { (text?.utf8.count ?? 0) + Self.fixedTranscriptBytes }
}
