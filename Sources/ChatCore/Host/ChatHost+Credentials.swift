import Locking

extension ChatHost {
    /// A secret number of the chat for a front that hands its customer credentials to send back
    /// (GMS's `userId` and `secureKey`): derived from the chat's seed, so it survives a restart
    /// without being stored, and different for each `purpose`.
    ///
    /// The seed comes from the system's secure random source, so the secret cannot be guessed from
    /// the chat id or from the bot's choices (each reveals a few bits of a one-way mix, never the
    /// seed). With ``ChatHostConfiguration/seed`` set it is as reproducible, and so as guessable,
    /// as the chat ids: for tests.
    /// - Throws: ``ChatError/Code/notFound`` when no chat has that id.
    package func secret(of id: ChatID, purpose: UInt64) throws(ChatError) -> UInt64 {
        try secrets(of: id, purposes: [purpose])[0]
    }

    /// ``secret(of:purpose:)`` for several purposes at once (one look-up of the chat).
    package func secrets(of id: ChatID, purposes: [UInt64]) throws(ChatError) -> [UInt64] {
        let seed = try session(id).live.withLock { $0.chat.creation.seed }
        // Domain-separated from ChatRandom's stream (seed + n·γ): the seed is first mixed with a
        // constant of its own, so no bot draw equals a secret.
        let base = ChatRandom.mix(seed ^ 0x6A09_E667_F3BC_C908)
        return purposes.map { ChatRandom.mix(base &+ $0 &* 0x9E37_79B9_7F4A_7C15) }
    }

    /// The chat's state, without copying the chat (a poll asks it every time).
    package func state(of id: ChatID) throws(ChatError) -> ChatState {
        try session(id).live.withLock { $0.chat.state }
    }
}
