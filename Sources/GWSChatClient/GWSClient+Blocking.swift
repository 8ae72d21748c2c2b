import Foundation

extension GWSClient {
    /// The same calls, each blocking its thread until the answer, under the same bounds: for
    /// command-line tools and threads of their own. In async code (a Swift Testing test, a server)
    /// use the client's async calls, which block no thread.
    public var blocking: Blocking { Blocking(client: self) }

    /// ``GWSClient``'s calls, blocking (``GWSClient/blocking``).
    public struct Blocking: Sendable {
        /// The client whose settings the calls use.
        public let client: GWSClient

        /// RequestChat (``GWSClient/requestChat(nickname:subject:userData:)``).
        @discardableResult
        public func requestChat(nickname: String, subject: String, userData: [String: String] = [:]) throws(GWSClientError) -> GWSChatCreated {
            try client.performBlocking(.requestChat(nickname: nickname, subject: subject, userData: userData))
        }

        /// SendMessage (``GWSClient/sendMessage(_:in:)``).
        public func sendMessage(_ text: String, in chatID: String) throws(GWSClientError) {
            try client.performBlocking(.operation(.sendMessage, text: text, in: chatID))
        }

        /// SendStartTypingNotification (``GWSClient/startTyping(in:)``).
        public func startTyping(in chatID: String) throws(GWSClientError) {
            try client.performBlocking(.operation(.sendStartTypingNotification, in: chatID))
        }

        /// SendStopTypingNotification (``GWSClient/stopTyping(in:)``).
        public func stopTyping(in chatID: String) throws(GWSClientError) {
            try client.performBlocking(.operation(.sendStopTypingNotification, in: chatID))
        }

        /// Complete (``GWSClient/complete(_:)``).
        public func complete(_ chatID: String) throws(GWSClientError) {
            try client.performBlocking(.operation(.complete, in: chatID))
        }

        /// GetChat (``GWSClient/chat(_:)``).
        public func chat(_ chatID: String) throws(GWSClientError) -> GWSChat {
            try client.performBlocking(.chat(chatID))
        }

        /// GetTranscript (``GWSClient/transcript(of:from:)``).
        public func transcript(of chatID: String, from index: Int? = nil) throws(GWSClientError) -> [GWSMessage] {
            try client.performBlocking(.transcript(of: chatID, from: index))
        }
    }
}
