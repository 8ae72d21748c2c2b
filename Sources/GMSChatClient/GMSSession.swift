package import GMSWire

/// A chat's credentials on the GMS API, from the answer that started it: sent back with every
/// operation. The `alias` may change during a chat (GMS says so): ``updated(by:)`` keeps the latest.
package struct GMSSession: Hashable, Sendable {
    /// The chat's id, a path segment of its operations' URLs.
    package var chatId: String
    package var userId: String
    package var secureKey: String
    package var alias: String

    package init(chatId: String, userId: String, secureKey: String, alias: String) {
        self.chatId = chatId
        self.userId = userId
        self.secureKey = secureKey
        self.alias = alias
    }

    /// The session with the answer's `alias`, when it names one.
    package func updated(by answer: GMSAnswer) -> GMSSession {
        var session = self
        if let alias = answer.alias, !alias.isEmpty { session.alias = alias }
        return session
    }

    /// The form fields every operation sends.
    var fields: [(String, String)] { [("userId", userId), ("secureKey", secureKey), ("alias", alias)] }
}
