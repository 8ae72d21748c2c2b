import Foundation
import Logging

/// What happens in a chat: the rules of the life cycle, the timing, and the calls to the
/// responder. Every change goes through ``LiveChat/record(_:)`` so that it is journaled.
struct ChatBehaviour: Sendable {
    let configuration: ChatHostConfiguration
    /// The host's responder, for chats that chose no bot.
    let responder: any Responder
    let clock: any ChatClock
    let logger: Logger

    /// The responder of `chat`: the bot it chose by name, else the host's. A chosen bot that is
    /// no longer there (its file was removed before a restart) falls back to the host's.
    func responder(for chat: ChatRecord) -> any Responder {
        guard let name = chat.creation.bot, let chosen = configuration.selectableBots?.responder(named: name) else { return responder }
        return chosen
    }

    // MARK: Customer operations

    /// A new chat: the customer and the system participant join; the agent's join and the first
    /// system message are scheduled (or the agent joins at once when the delay is zero).
    func start(_ live: inout LiveChat) {
        let creation = live.chat.creation
        append(.participantJoined, from: .customer(creation.customerNickname), to: &live)
        append(.participantJoined, from: .system, to: &live)
        let joinDelay = live.draw { configuration.agentJoinDelay.draw(using: &$0) }
        if joinDelay == .zero {
            agentJoins(&live)
        } else {
            schedule(.agentJoin, after: joinDelay, in: &live)
        }
        scheduleNextSystemMessage(in: &live)
    }

    func customerSent(_ text: String, in live: inout LiveChat) {
        customerActivity(in: &live)
        append(.text, from: customer(of: live), text: text, to: &live)
        guard live.chat.agentHasJoined, !live.chat.isTakenOver else { return }
        let replyDelay = live.draw { configuration.replyDelay.draw(using: &$0) }
        consult(.customerText(text), startingAfter: replyDelay, in: &live)
    }

    func customerTyping(started: Bool, in live: inout LiveChat) {
        customerActivity(in: &live)
        append(started ? .typingStarted : .typingStopped, from: customer(of: live), to: &live)
        guard live.chat.agentHasJoined, !live.chat.isTakenOver else { return }
        consult(started ? .customerTypingStarted : .customerTypingStopped, startingAfter: .zero, in: &live)
    }

    /// The customer leaves: the chat ends, everything pending is cancelled, and the responder
    /// may say a farewell (its texts are posted at once; other steps are ignored).
    func customerCompleted(_ live: inout LiveChat) {
        append(.participantLeft, from: customer(of: live), to: &live)
        live.record(.state(live.chat.state.afterEnd()))
        cancelAllPending(in: &live)
        guard live.chat.agentHasJoined, !live.chat.isTakenOver else { return }
        let reply = ask(.customerLeft, in: &live)
        for action in reply.actions where action.kind.code == .say {
            append(.text, from: agent(of: live), text: action.kind.text ?? "", origin: action.origin, to: &live)
        }
    }

    // MARK: Scheduled steps

    /// Carries out a step whose time has come. The caller has already marked it finished.
    func perform(_ step: PendingStep, in live: inout LiveChat) {
        guard live.chat.state != .idle else { return }
        switch step.work {
        case .agentJoin:
            agentJoins(&live)
        case .systemMessage:
            append(.text, from: .system, text: "Current Time: \(Self.systemTimeText(clock.now()))", to: &live)
            scheduleNextSystemMessage(in: &live)
        case .agentSay(let text):
            append(.text, from: agent(of: live), text: text, origin: step.origin, to: &live)
        case .agentTyping(let started):
            append(started ? .typingStarted : .typingStopped, from: agent(of: live), origin: step.origin, to: &live)
        case .agentLeave:
            agentLeaves(origin: step.origin, in: &live)
        case .responderTimer(let name, _):
            guard !live.chat.isTakenOver else { return }
            consult(.timerFired(name: name), startingAfter: .zero, in: &live)
        }
    }

    // MARK: The agent

    /// The agent of `live`'s chat, under its bot's nickname (also while a person plays it).
    func agent(of live: LiveChat) -> Participant { .agent(responder(for: live.chat).agentNickname) }

    func agentJoins(_ live: inout LiveChat) {
        guard !live.chat.agentHasJoined else { return }
        append(.participantJoined, from: agent(of: live), to: &live)
        live.record(.state(live.chat.state.afterAgentJoined()))
        guard !live.chat.isTakenOver else { return }
        consult(.agentJoined, startingAfter: .zero, in: &live)
    }

    func agentLeaves(origin: String?, in live: inout LiveChat) {
        append(.participantLeft, from: agent(of: live), origin: origin, to: &live)
        live.record(.state(live.chat.state.afterEnd()))
        cancelAllPending(in: &live)
    }

    /// Asks the responder about `event` and schedules its answer, step after step.
    private func consult(_ event: ChatEvent, startingAfter base: Duration, in live: inout LiveChat) {
        let reply = ask(event, in: &live)
        var offset = base
        for action in reply.actions {
            offset += action.delay
            let kind = action.kind
            switch kind.code {
            case .startTimer:
                let name = kind.timerName ?? ""
                cancelTimer(named: name, in: &live)
                schedule(.responderTimer(name: name, cancelledByCustomer: kind.cancelledByCustomer), after: offset + kind.timerDelay, origin: action.origin, in: &live)
            case .cancelTimer:
                cancelTimer(named: kind.timerName ?? "", in: &live)
            case .say:
                agentStep(.agentSay(kind.text ?? ""), after: offset, origin: action.origin, in: &live)
            case .startTyping:
                agentStep(.agentTyping(started: true), after: offset, origin: action.origin, in: &live)
            case .stopTyping:
                agentStep(.agentTyping(started: false), after: offset, origin: action.origin, in: &live)
            case .leave:
                agentStep(.agentLeave, after: offset, origin: action.origin, in: &live)
            default:
                logger.warning("responder asked for an unknown kind of step; ignored", metadata: ["chat": "\(live.chat.id)", "kind": "\(kind.code)"])
            }
            if live.chat.state == .idle { return }
        }
    }

    /// Runs an agent step now when it has no delay, else schedules it.
    private func agentStep(_ work: PendingStep.Work, after delay: Duration, origin: String?, in live: inout LiveChat) {
        if delay == .zero {
            perform(PendingStep(id: 0, due: clock.now(), work: work, origin: origin), in: &live)
        } else {
            schedule(work, after: delay, origin: origin, in: &live)
        }
    }

    /// Calls the responder with the chat's memory and generator, and keeps what it changed.
    private func ask(_ event: ChatEvent, in live: inout LiveChat) -> AgentReply {
        let before = live.chat.memory
        let responder = responder(for: live.chat)
        var context = ResponderContext(
            chat: live.chat.view(agentNickname: responder.agentNickname), memory: before,
            random: live.chat.random, now: clock.now())
        let reply = responder.respond(to: event, context: &context)
        let memory = context.memory
        let random = context.random
        live.continueRandom(from: random)
        if memory != before {
            let changes = memory.changes(since: before)
            live.record(.memory(set: changes.set, removed: changes.removed))
        }
        if !reply.trace.isEmpty {
            configuration.observer?.chat(live.chat.id, responderTrace: reply.trace, for: event)
            logger.debug("responder trace", metadata: ["chat": "\(live.chat.id)", "trace": "\(reply.trace.joined(separator: " | "))"])
        }
        return reply
    }

    // MARK: Helpers

    private func customer(of live: LiveChat) -> Participant { .customer(live.chat.creation.customerNickname) }

    func append(
        _ kind: ChatMessage.Kind, from participant: Participant, text: String? = nil, origin: String? = nil,
        to live: inout LiveChat
    ) {
        let message = ChatMessage(
            index: live.chat.nextMessageIndex, kind: kind, from: participant, text: text, time: clock.now(), origin: origin)
        live.record(.message(message))
        // Checked first: this runs for every message, and building the metadata is not free.
        guard logger.logLevel <= .info else { return }
        var metadata: Logger.Metadata = ["chat": "\(live.chat.id)", "index": "\(message.index)"]
        if let text = message.text { metadata["text"] = .string(Self.logExcerpt(text)) }
        logger.info("\(message.kind.rawValue) from \(message.from.kind.rawValue) \(message.from.nickname)", metadata: metadata)
    }

    /// A message's text as the log shows it: one line, at most 200 characters.
    static func logExcerpt(_ text: String) -> String {
        let line = text.replacingOccurrences(of: "\n", with: "\\n")
        return line.count <= 200 ? line : line.prefix(200) + "..."
    }

    private func schedule(_ work: PendingStep.Work, after delay: Duration, origin: String? = nil, in live: inout LiveChat) {
        let step = PendingStep(id: live.chat.nextStepID, due: clock.now().adding(delay), work: work, origin: origin)
        live.record(.scheduled(step))
    }

    private func scheduleNextSystemMessage(in live: inout LiveChat) {
        guard configuration.systemMessageInterval > .zero else { return }
        schedule(.systemMessage, after: configuration.systemMessageInterval, in: &live)
    }

    /// Customer activity cancels the responder timers that asked for it.
    private func customerActivity(in live: inout LiveChat) {
        let cancelled = live.chat.pending.values.filter {
            if case .responderTimer(_, true) = $0.work { return true }
            return false
        }
        for step in cancelled.sorted(by: { $0.id < $1.id }) { live.record(.finished(step.id)) }
    }

    private func cancelTimer(named name: String, in live: inout LiveChat) {
        if let step = live.chat.responderTimer(named: name) { live.record(.finished(step.id)) }
    }

    func cancelAllPending(in live: inout LiveChat) {
        for id in live.chat.pending.keys.sorted() { live.record(.finished(id)) }
    }

    /// The date as the original emulator printed it (JavaScript's `Date.toString`, in UTC), such
    /// as `Wed Nov 25 2026 14:51:12 GMT+0000 (Coordinated Universal Time)`.
    static func systemTimeText(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE MMM dd yyyy HH:mm:ss 'GMT+0000 (Coordinated Universal Time)'"
        return formatter.string(from: date)
    }
}
