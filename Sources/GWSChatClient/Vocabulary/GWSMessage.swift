public import Foundation

/// One entry of a GetTranscript answer.
public struct GWSMessage: Hashable, Sendable {
    /// A message type, spelled as GWS spells it (`type`).
    ///
    /// A struct with a name rather than an enum: a type this build does not know (one a newer
    /// server sends) is kept by its name, never an error. Switch over it with a `default:` case,
    /// and show a type you do not know plainly (its ``name``).
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        /// The type's name on the wire (`"Text"`, `"ParticipantJoined"`, ...).
        public let name: String
        public init(_ name: String) { self.name = name }

        public static let text = Kind("Text")
        public static let participantJoined = Kind("ParticipantJoined")
        public static let participantLeft = Kind("ParticipantLeft")
        /// An agent's may carry the text typed so far (a typing preview) in ``GWSMessage/text``.
        public static let typingStarted = Kind("TypingStarted")
        public static let typingStopped = Kind("TypingStopped")
        /// A participant who had left is back.
        public static let participantRejoined = Kind("ParticipantRejoined")
        /// The chat's transcript was saved.
        public static let transcriptSaveDone = Kind("TranscriptSaveDone")
        /// A notice in ``GWSMessage/text``. The GWS front of this emulator also shows the types
        /// only GMS has (``customNotice``, ``pushURL``, ``nicknameUpdated``, ``idleAlert``,
        /// ``idleClose``) as a `Notice` with their text.
        public static let notice = Kind("Notice")
        /// A notice the customer sent (GMS `customNotice`), its text in ``GWSMessage/text``.
        public static let customNotice = Kind("CustomNotice")
        /// A web page pushed to the other side, its URL in ``GWSMessage/text`` (GMS `pushUrl`).
        public static let pushURL = Kind("PushUrl")
        /// The sender's new nickname, in ``GWSMessage/text`` (GMS `updateNickname`).
        public static let nicknameUpdated = Kind("NicknameUpdated")
        /// The customer has been idle: the chat will be closed soon; the alert in ``GWSMessage/text``.
        public static let idleAlert = Kind("IdleAlert")
        /// The chat was closed because the customer stayed idle.
        public static let idleClose = Kind("IdleClose")
        /// The customer uploaded a file; its name in ``GWSMessage/text``.
        public static let fileUploaded = Kind("FileUploaded")
        /// An uploaded file was deleted; its name in ``GWSMessage/text``.
        public static let fileDeleted = Kind("FileDeleted")

        /// The types this build knows: those of GWS, then those of GMS (Genesys's other customer
        /// API), the same list as the emulator's own.
        public static let known: [Kind] = [
            .text, .participantJoined, .participantLeft, .typingStarted, .typingStopped,
            .participantRejoined, .transcriptSaveDone, .notice,
            .customNotice, .pushURL, .nicknameUpdated, .idleAlert, .idleClose,
            .fileUploaded, .fileDeleted,
        ]

        /// Whether this build knows the type (one of ``known``).
        public var isKnown: Bool { Self.known.contains(self) }

        public var description: String { name }
    }

    public var index: Int
    public var kind: Kind
    public var from: GWSParticipant
    /// Always set on `Text`; on other types when they say something (a notice's text, an agent's
    /// typing preview).
    public var text: String?
    /// When the message was posted, if the server says (`utcTime`, milliseconds since 1970).
    /// A real GWS sends it; this emulator does not.
    public var utcTime: Date?

    public init(index: Int, kind: Kind, from: GWSParticipant, text: String? = nil, utcTime: Date? = nil) {
        self.index = index
        self.kind = kind
        self.from = from
        self.text = text
        self.utcTime = utcTime
    }
}
