import Locking

/// The customer operations Genesys's GMS Chat API adds to GWS's: a notice, a pushed page, a new
/// nickname, new user data, typing with a preview. Each is journaled like a GWS operation, valid
/// until the chat is `Idle`, and reaches the chat's bot as an event (``ChatEvent/Kind/customerNotice``
/// and the kinds after it). The GWS front never calls them; the GMS front does.
extension ChatHost {
    /// GMS `customNotice`: a `CustomNotice` from the customer with `text`.
    /// - Throws: ``ChatError/Code/invalidParameter`` when `text` is over
    ///   ``RequestChatLimits/noticeBytes``.
    public func customNotice(_ text: String, in id: ChatID) throws(ChatError) {
        try configuration.requestChatLimits.check(notice: text, "message")
        try change(id, .customNotice) { behaviour.customerPosted(.customNotice, text: text, as: .customerNotice, in: &$0) }
    }

    /// GMS `pushUrl`: a `PushUrl` from the customer with `url`.
    /// - Throws: ``ChatError/Code/invalidParameter`` when `url` is empty or over
    ///   ``RequestChatLimits/noticeBytes``.
    public func pushURL(_ url: String, in id: ChatID) throws(ChatError) {
        try Self.requireNonEmpty(url, "pushUrl")
        try configuration.requestChatLimits.check(notice: url, "pushUrl")
        try change(id, .pushURL) { behaviour.customerPosted(.pushURL, text: url, as: .customerPushedURL, in: &$0) }
    }

    /// GMS `updateNickname`: the customer is called `nickname` from now on (GetChat's
    /// participants, the bot's ``ChatView/customerNickname``); the transcript gets a
    /// `NicknameUpdated` from the customer under the new nickname.
    /// - Throws: ``ChatError/Code/invalidParameter`` when `nickname` is empty or over
    ///   ``RequestChatLimits/nicknameBytes``.
    public func updateNickname(_ nickname: String, in id: ChatID) throws(ChatError) {
        try Self.requireNonEmpty(nickname, "nickname")
        try configuration.requestChatLimits.check(nickname: nickname, subject: "", userData: [:])
        try change(id, .updateNickname) { behaviour.customerRenamed(nickname, in: &$0) }
    }

    /// GMS `updateData`: `values` are merged over the chat's user data (a key given again gets
    /// the new value). No transcript message; the bot hears ``ChatEvent/Kind/customerDataUpdated``.
    /// - Throws: ``ChatError/Code/invalidParameter`` when the merged user data is over
    ///   ``RequestChatLimits``'s bounds.
    public func updateData(_ values: [String: String], in id: ChatID) throws(ChatError) {
        let session = try session(id)
        let merged = session.live.withLock { $0.chat.userData.merging(values) { $1 } }
        try configuration.requestChatLimits.check(nickname: "", subject: "", userData: merged)
        try change(id, .updateData) { behaviour.customerUpdatedData(values, in: &$0) }
    }

    /// GMS `startTyping` with the text typed so far: a `TypingStarted` from the customer that
    /// carries `preview` (the bot gets it in ``ChatEvent/text``). `nil` is GWS's
    /// SendStartTypingNotification.
    public func startTyping(in id: ChatID, preview: String?) throws(ChatError) {
        if let preview { try configuration.requestChatLimits.check(notice: preview, "message") }
        try change(id, .sendStartTypingNotification) { behaviour.customerTyping(started: true, preview: preview, in: &$0) }
    }
}
