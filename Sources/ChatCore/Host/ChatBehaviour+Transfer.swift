/// Transfer and conference: the agent hands the chat to another agent (it leaves, the other
/// joins; the chat goes on), or invites a second agent or a supervisor, who can leave again.
/// Both are posted as GWS shows them: `ParticipantLeft` and `ParticipantJoined`, or
/// `ParticipantRejoined` for someone who was in the chat before and left (a transfer back to an
/// earlier agent, an invitee invited again): they come back under their participant id.
extension ChatBehaviour {
    /// The agent leaves and `name` joins as the agent: the bot called `name` when chats can
    /// choose it by name (it greets, as any bot joining), else a person called `name`, for whom
    /// the chat waits in the agent console as after a hand-over. What the old agent had pending
    /// (its reply, its timers, a take-over by a person) goes with it.
    func transfer(to name: String, origin: String?, in live: inout LiveChat) {
        guard live.chat.state != .idle else { return }
        let old = agent(of: live)
        // Refused at the transcript limit, the chat has ended: nobody to transfer.
        if agentIsTyping(live), !append(.typingStopped, from: old, to: &live) { return }
        append(.participantLeft, from: old, origin: origin, to: &live)
        cancelAgentWork(in: &live)
        if live.chat.isTakenOver { live.record(.agentControl(byPerson: false)) }
        if live.chat.needsPerson { live.record(.handover(waiting: false)) }
        let bot = configuration.selectableBots?.responder(named: name)
        let nickname = bot?.agentNickname ?? name
        let former = live.chat.formerStaff(named: nickname)
        let agent = Participant(id: former?.id ?? live.chat.nextParticipantID, nickname: nickname, kind: .agent)
        live.record(.agentAssigned(bot: bot == nil ? nil : name, agent: agent))
        append(former == nil ? .participantJoined : .participantRejoined, from: agent, to: &live)
        if bot != nil {
            enqueue(.agentJoined, in: &live)
        } else {
            handOver(&live)
        }
    }

    /// A second agent (or a supervisor) called `name` joins, or rejoins when one of that name was
    /// in the chat and left; nothing when one of that name is in the chat already.
    func invite(_ name: String, as kind: Participant.Kind, origin: String?, in live: inout LiveChat) {
        guard live.chat.state != .idle, !live.chat.presentStaff.contains(where: { $0.nickname == name }) else { return }
        if let former = live.chat.formerStaff(named: name) {
            append(.participantRejoined, from: Participant(id: former.id, nickname: name, kind: kind), origin: origin, to: &live)
        } else {
            append(.participantJoined, from: Participant(id: live.chat.nextParticipantID, nickname: name, kind: kind), origin: origin, to: &live)
        }
    }

    /// The invited participant called `name` leaves (the chat goes on).
    /// - Returns: whether one was there (the chat's own agent is not an invitee).
    func dismiss(_ name: String, in live: inout LiveChat) -> Bool {
        let current = agent(of: live)
        guard let invitee = live.chat.presentStaff.first(where: { $0.nickname == name && $0.id != current.id }) else { return false }
        append(.participantLeft, from: invitee, to: &live)
        return true
    }
}
