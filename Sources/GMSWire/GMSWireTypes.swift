import ChatCore
import Foundation

/// The answer of every successful GMS Chat API v2 request (GMS "API Responses", Digital Channels
/// Chat V2 response format): the same fields whatever the operation, each present when known.
package struct GMSAnswer: Hashable, Sendable {
    /// 0: the operation succeeded and every field is valid.
    package var statusCode: Int
    package var chatId: String?
    /// Identifies the customer's party; sent back on every request.
    package var userId: String?
    /// The session's secret; sent back on every request.
    package var secureKey: String?
    /// The Chat Server instance that served the request; sent back on every request.
    package var alias: String?
    /// The `transcriptPosition` to ask for next: one past the last message returned.
    package var nextPosition: Int?
    /// Whether the chat has ended.
    package var chatEnded: Bool?
    /// The messages from the position asked for (empty when none was asked for).
    package var messages: [GMSMessage]
    /// Data an answer carries besides the chat's (an upload's `file-id`); empty for most.
    package var userData: [String: String] = [:]

    package init(
        statusCode: Int = 0, chatId: String? = nil, userId: String? = nil, secureKey: String? = nil, alias: String? = nil,
        nextPosition: Int? = nil, chatEnded: Bool? = nil, messages: [GMSMessage] = []
    ) {
        self.statusCode = statusCode
        self.chatId = chatId
        self.userId = userId
        self.secureKey = secureKey
        self.alias = alias
        self.nextPosition = nextPosition
        self.chatEnded = chatEnded
        self.messages = messages
    }
}

/// One event of a GMS chat transcript.
package struct GMSMessage: Hashable, Sendable {
    /// 1-based, contiguous: the same index as the GWS transcript's.
    package var index: Int
    /// `Message`, `ParticipantJoined`, `ParticipantLeft`, `TypingStarted`, `TypingStopped`, ...
    /// (``GMSVocabulary`` names them); a type this codec does not know is kept as written.
    package var type: String
    package var from: GMSParty
    /// The text of a `Message` (and a typing preview, a notice, a pushed URL).
    package var text: String?
    /// Milliseconds since 1970 (UTC).
    package var utcTime: Int64
    /// Data an event carries besides its text (a file's name, size and id).
    package var userData: [String: String]

    package init(index: Int, type: String, from: GMSParty, text: String? = nil, utcTime: Int64, userData: [String: String] = [:]) {
        self.index = index
        self.type = type
        self.from = from
        self.text = text
        self.utcTime = utcTime
        self.userData = userData
    }
}

/// Who produced an event: GMS's party resource.
package struct GMSParty: Hashable, Sendable {
    package var nickname: String
    /// A number in GMS (the GWS transcript writes the same id as a string).
    package var participantId: Int
    /// `Client`, `Agent`, `External` or `Supervisor`.
    package var type: String

    package init(nickname: String, participantId: Int, type: String) {
        self.nickname = nickname
        self.participantId = participantId
        self.type = type
    }
}

/// A refusal in GMS's shape: `{"statusCode": 2, "chatEnded": ..., "errors": [{"code": N, "advice": "..."}]}`.
package struct GMSErrorAnswer: Hashable, Sendable {
    /// 1: try again later; 2: an error that repeating will not cure.
    package var statusCode: Int
    /// Set when the error concerns a chat whose state is known.
    package var chatEnded: Bool?
    package var errors: [GMSError]

    package init(statusCode: Int = 2, chatEnded: Bool? = nil, errors: [GMSError]) {
        self.statusCode = statusCode
        self.chatEnded = chatEnded
        self.errors = errors
    }
}

/// One entry of a GMS error answer's `errors`.
package struct GMSError: Hashable, Sendable {
    /// The error code (see the GMS front's guide, docs/gms.md, for the table).
    package var code: Int
    /// What was wrong, where, and what to do.
    package var advice: String

    package init(code: Int, advice: String) {
        self.code = code
        self.advice = advice
    }
}
