public import Foundation

/// One entry of a chat's transcript.
public struct ChatMessage: Hashable, Sendable {
    /// The message types of the GWS transcript.
    public enum Kind: String, Sendable, CaseIterable {
        case text = "Text"
        case participantJoined = "ParticipantJoined"
        case participantLeft = "ParticipantLeft"
        case typingStarted = "TypingStarted"
        case typingStopped = "TypingStopped"
    }

    /// 1-based, contiguous within a chat.
    public var index: Int
    public var kind: Kind
    public var from: Participant
    /// Set for `Text` messages only.
    public var text: String?
    /// When the message was added, on the host's clock (virtual in tests).
    public var time: Date
    /// For agent messages: where the responder got the reply (a rule's `file:line`), if it says.
    /// Kept in the journal for tracing and coverage; not part of the GWS API.
    public var origin: String?

    public init(index: Int, kind: Kind, from: Participant, text: String? = nil, time: Date, origin: String? = nil) {
        self.index = index
        self.kind = kind
        self.from = from
        self.text = text
        self.time = time
        self.origin = origin
    }
}

extension ChatMessage {
    /// What every message counts toward ``ChatHostConfiguration/maxTranscriptBytes`` on top of its
    /// text: roughly what it costs held in memory and written to its journal line without a text.
    public static let fixedTranscriptBytes = 128

    /// What this message counts toward ``ChatHostConfiguration/maxTranscriptBytes``.
    public var transcriptBytes: Int { (text?.utf8.count ?? 0) + Self.fixedTranscriptBytes }
}
