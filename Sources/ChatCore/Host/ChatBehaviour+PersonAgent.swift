/// A person in the agent's place (the agent console's take-over): while a chat is taken over its
/// bot is asked about nothing, and what the person does is posted as the agent, participant "3",
/// under the bot's nickname, so the customer's side sees one agent throughout.
extension ChatBehaviour {
    /// The bot's pending steps (replies, typing, its timers) are cancelled and typing it was
    /// showing is stopped; an agent that has not joined yet joins now. The system participant's
    /// messages go on.
    func personTakesOver(_ live: inout LiveChat) {
        if live.chat.needsPerson { live.record(.handover(waiting: false)) }
        live.record(.agentControl(byPerson: true))
        for step in live.chat.pending.inOrder where step.work != .systemMessage {
            live.record(.finished(step.id))
        }
        if !live.chat.agentHasJoined {
            agentJoins(&live)
        } else if agentIsTyping(live) {
            append(.typingStopped, from: agent(of: live), to: &live)
        }
    }

    /// The bot answers again: it is told with ``ChatEvent/Kind/handedBack`` (it is not asked
    /// about what it missed).
    func personHandsBack(_ live: inout LiveChat) {
        if agentIsTyping(live), !append(.typingStopped, from: agent(of: live), to: &live) { return }
        live.record(.agentControl(byPerson: false))
        enqueue(ChatEvent(.handedBack), in: &live)
    }

    /// The bot hands the chat over: it waits for a person, with nothing queued for the bot (its
    /// queued events and timers are cancelled), until the hand-over timeout if there is one.
    func handOver(_ live: inout LiveChat) {
        live.record(.handover(waiting: true))
        for step in live.chat.pending.inOrder {
            switch step.work {
            case .respond, .responderTimer: live.record(.finished(step.id))
            default: break
            }
        }
        if let timeout = configuration.handoverTimeout {
            let step = PendingStep(id: live.chat.nextStepID, due: clock.now().adding(timeout), work: .handoverTimeout)
            live.record(.scheduled(step))
        }
    }

    func personSays(_ text: String, in live: inout LiveChat) {
        append(.text, from: agent(of: live), text: text, to: &live)
    }

    /// Typing notifications pair up: a second "started" (or a "stopped" with no typing shown)
    /// adds nothing.
    /// - Parameter preview: the text typed so far, carried by `TypingStarted` (a second
    ///   "started" with a new preview posts it again).
    func personTyping(started: Bool, preview: String? = nil, in live: inout LiveChat) {
        guard agentIsTyping(live) != started || (started && preview != nil) else { return }
        append(started ? .typingStarted : .typingStopped, from: agent(of: live), text: started ? preview : nil, to: &live)
    }

    /// The agent leaves and the chat ends.
    func personEndsChat(_ live: inout LiveChat) {
        if !live.chat.agentHasJoined { agentJoins(&live) }
        agentLeaves(origin: nil, in: &live)
    }

    /// Whether the agent's latest typing notification is a `TypingStarted` not yet followed by a
    /// text or a `TypingStopped`.
    func agentIsTyping(_ live: LiveChat) -> Bool {
        guard
            let last = live.chat.messages.last(where: {
                $0.from.kind == .agent && [.typingStarted, .typingStopped, .text, .participantLeft].contains($0.kind)
            })
        else { return false }
        return last.kind == .typingStarted
    }
}
