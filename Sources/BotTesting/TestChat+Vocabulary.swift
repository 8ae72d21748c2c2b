public import ChatCore

/// The customer operations Genesys's GMS API adds, and what a bot posts besides texts (notices,
/// pushed pages): see docs/chat-vocabulary.md.
extension TestChat {
    // MARK: The customer

    /// GMS `customNotice`: the customer sends a notice (the bot's `on notice` block answers).
    public func sendNotice(_ text: String) throws(ChatError) {
        try customerAction { () throws(ChatError) in try host.customNotice(text, in: id) }
    }

    /// GMS `pushUrl`: the customer pushes a page (the bot's `on push` block answers).
    public func pushURL(_ url: String) throws(ChatError) {
        try customerAction { () throws(ChatError) in try host.pushURL(url, in: id) }
    }

    /// GMS `updateNickname`: the customer is called `nickname` from now on (`on nickname`).
    public func changeNickname(to nickname: String) throws(ChatError) {
        try customerAction { () throws(ChatError) in try host.updateNickname(nickname, in: id) }
    }

    /// GMS `updateData`: `values` are merged over the chat's user data (`on data`).
    public func updateData(_ values: [String: String]) throws(ChatError) {
        try customerAction { () throws(ChatError) in try host.updateData(values, in: id) }
    }

    // MARK: Reading

    /// The texts of every `Notice` the agent posted (a rules bot's `=> notice TEXT`), in order.
    public var agentNotices: [String] { agentPosts(of: .notice) }

    /// The URLs of every page the agent pushed (`=> push URL`), in order.
    public var agentPushedURLs: [String] { agentPosts(of: .pushURL) }

    private func agentPosts(of kind: ChatMessage.Kind) -> [String] {
        transcript.filter { $0.from.kind == .agent && $0.kind == kind }.compactMap(\.text)
    }
}

extension TestChat {
    /// Who joined the chat after its first agent, in order: the agents it was transferred to
    /// (`=> transfer to NAME`) and those invited (`=> invite NAME`), rejoins included.
    public var laterJoins: [Participant] {
        transcript.filter { ($0.kind == .participantJoined || $0.kind == .participantRejoined) && ($0.from.kind == .agent || $0.from.kind == .supervisor) }
            .dropFirst().map(\.from)
    }

    /// Who came back after leaving (`ParticipantRejoined`), in order: an agent the chat was
    /// transferred back to, an invitee invited again.
    public var rejoins: [Participant] {
        transcript.filter { $0.kind == .participantRejoined }.map(\.from)
    }

    /// Whether the ended chat's transcript was saved (`TranscriptSaveDone`; the host's
    /// `ChatHostConfiguration.announcesTranscriptSave` must be on).
    public var transcriptSaved: Bool { transcript.contains { $0.kind == .transcriptSaveDone } }
}
