import Locking
/// The agent console's operations: a person takes the agent's place in a chat, types as the
/// agent, hands the chat back to its bot, or ends it as the agent. Each is journaled like a GWS
/// operation, so a take-over survives a restart.
extension ChatHost {
    /// Stops the chat's bot and lets a person answer as the agent; nothing when already taken over.
    public func takeOver(_ id: ChatID) throws(ChatError) {
        try agentChange(id, "TakeOver") { live in
            guard !live.chat.isTakenOver else { return }
            behaviour.personTakesOver(&live)
        }
    }

    /// Returns the chat to its bot; nothing when it is not taken over.
    public func handBack(_ id: ChatID) throws(ChatError) {
        try agentChange(id, "HandBack") { live in
            guard live.chat.isTakenOver else { return }
            behaviour.personHandsBack(&live)
        }
    }

    /// The person says `text` as the agent. The chat must be taken over.
    public func agentSays(_ text: String, in id: ChatID) throws(ChatError) {
        try agentChange(id, "SendMessage", requiresTakeOver: true) { behaviour.personSays(text, in: &$0) }
    }

    /// The person starts or stops typing as the agent. The chat must be taken over.
    /// - Parameter preview: the text typed so far, shown to the customer with `TypingStarted`.
    public func agentTyping(started: Bool, preview: String? = nil, in id: ChatID) throws(ChatError) {
        let name = started ? "SendStartTypingNotification" : "SendStopTypingNotification"
        try agentChange(id, name, requiresTakeOver: true) { behaviour.personTyping(started: started, preview: preview, in: &$0) }
    }

    /// Transfers the chat to `name`: the agent leaves, `name` joins as the agent (a bot chats can
    /// choose by name, or else a person, for whom the chat then waits: ``AgentAction/Kind/transfer(to:)``).
    /// - Throws: ``ChatError/Code/invalidParameter`` for an empty name; ``ChatError/Code/invalidState``
    ///   before the agent joined or after the chat ended.
    public func transfer(_ id: ChatID, to name: String) throws(ChatError) {
        try Self.requireNonEmpty(name, "to")
        try configuration.requestChatLimits.check(nickname: name, subject: "", userData: [:])
        try agentChange(id, "Transfer") { (live) throws(ChatError) in
            guard live.chat.agentHasJoined else { throw ChatError(.invalidState, "Transfer needs the agent in the chat first (it has not joined).") }
            behaviour.transfer(to: name, origin: nil, in: &live)
        }
    }

    /// Invites a second agent (or a supervisor) called `name`; nothing when one of that name is there.
    public func invite(_ name: String, as kind: Participant.Kind = .agent, into id: ChatID) throws(ChatError) {
        try Self.requireNonEmpty(name, "name")
        try configuration.requestChatLimits.check(nickname: name, subject: "", userData: [:])
        try agentChange(id, "Invite") { behaviour.invite(name, as: kind, origin: nil, in: &$0) }
    }

    /// The invited agent or supervisor called `name` leaves again.
    /// - Throws: ``ChatError/Code/invalidParameter`` when nobody of that name was invited and is there.
    public func dismiss(_ name: String, from id: ChatID) throws(ChatError) {
        try agentChange(id, "Dismiss") { (live) throws(ChatError) in
            guard behaviour.dismiss(name, in: &live) else {
                throw ChatError(.invalidParameter, "Nobody called '\(name)' was invited into chat \(id) and is still there.")
            }
        }
    }

    /// The agent leaves and the chat becomes `Idle`, whether or not it was taken over.
    public func agentEndsChat(_ id: ChatID) throws(ChatError) {
        try agentChange(id, "EndChat") { behaviour.personEndsChat(&$0) }
    }

    /// The responder that answers in the chat: the bot it chose, else the host's.
    public func responder(of id: ChatID) throws(ChatError) -> any Responder {
        try session(id).live.withLock { behaviour.responder(for: $0.chat) }
    }

    private func agentChange(
        _ id: ChatID, _ operation: String, requiresTakeOver: Bool = false, _ body: (inout LiveChat) throws(ChatError) -> Void
    ) throws(ChatError) {
        let session = try session(id)
        try session.live.withLock { (live) throws(ChatError) in
            guard live.chat.state != .idle else {
                throw ChatError(.invalidState, "\(operation) is not valid in state \(live.chat.state.rawValue).")
            }
            guard !requiresTakeOver || live.chat.isTakenOver else {
                throw ChatError(.invalidState, "\(operation) as the agent needs the chat taken over first (TakeOver).")
            }
            try commitChange(&live, of: session, body)
        }
    }
}
