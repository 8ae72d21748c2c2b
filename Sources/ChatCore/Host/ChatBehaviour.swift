import Foundation
import Logging

/// What happens in a chat: the rules of the life cycle, the timing, and the agent's queue. Every
/// change goes through ``LiveChat/record(_:)`` so that it is journaled.
///
/// **The agent's queue.** Everything the responder is asked about (the agent joining, customer
/// messages and typing, timers, the end of a reply, the customer leaving) is queued as a
/// `respond` step, in the order it happened. One step at a time is *ready* (its timer armed):
/// only when the agent is free, that is when no reply step (message, typing, leaving) is pending
/// and no responder call is in flight. So a reply starts after the previous reply's last step,
/// messages come out in the order the customer's lines came in, and typing notifications pair up.
/// A customer message waits the host's reply delay after it comes to the front of the queue (the
/// agent reads it, then answers).
///
/// **A person in the agent's place** (the agent console's take-over, see
/// `ChatBehaviour+PersonAgent.swift`) pauses the queue: while a chat is taken over nothing is
/// queued for its bot, and what was queued or scheduled for it was cancelled at the take-over.
struct ChatBehaviour: Sendable {
    let configuration: ChatHostConfiguration
    /// The host's responder, for chats that chose no bot.
    let responder: any Responder
    let clock: any ChatClock
    let logger: Logger

    /// The responder of `chat`: the bot it chose by name, else the host's. A chosen bot that is
    /// no longer there (its file was removed before a restart) falls back to the host's.
    func responder(for chat: ChatRecord) -> any Responder {
        if let name = chat.transferredAgent?.bot, let bot = configuration.selectableBots?.responder(named: name) { return bot }
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
        if live.faults.agentNeverJoins {
            // No join scheduled: the chat waits for an agent for ever.
        } else if joinDelay == .zero {
            agentJoins(&live)
        } else {
            schedule(.agentJoin, after: joinDelay, in: &live)
        }
        scheduleNextSystemMessage(in: &live)
        restartIdleControl(in: &live)
    }

    func customerSent(_ text: String, in live: inout LiveChat) {
        customerActivity(in: &live)
        restartIdleControl(in: &live)
        guard append(.text, from: customer(of: live), text: text, to: &live) else { return }
        if let remaining = live.faults.agentLeavesIn {
            live.faults.agentLeavesIn = remaining - 1
            if remaining <= 1 {
                applyFault(.chatEndedByServer, in: &live)
                return
            }
        }
        // Before the join, the message waits in the transcript: the agent answers it on joining.
        guard live.chat.agentHasJoined, Self.isAnswerable(text) else { return }
        enqueue(.customerText(text), in: &live)
    }

    /// The customer attached a file: `FileUploaded`, and the bot is told (once it has joined).
    func customerUploaded(_ file: ChatFile, in live: inout LiveChat) {
        customerActivity(in: &live)
        restartIdleControl(in: &live)
        guard appendFileMessage(.fileUploaded, file, in: &live), live.chat.agentHasJoined else { return }
        enqueue(ChatEvent(.customerFileUploaded, text: file.name), in: &live)
    }

    /// The customer removed a file it attached: `FileDeleted`.
    func customerDeleted(_ file: ChatFile, in live: inout LiveChat) {
        customerActivity(in: &live)
        appendFileMessage(.fileDeleted, file, in: &live)
    }

    /// Adds the message about `file`, unless the transcript limit refuses it (see ``admits(_:in:)``).
    @discardableResult
    private func appendFileMessage(_ kind: ChatMessage.Kind, _ file: ChatFile, in live: inout LiveChat) -> Bool {
        let message = ChatMessage(
            index: live.chat.nextMessageIndex, kind: kind, from: customer(of: live), text: file.name, time: clock.now(), file: file)
        guard admits(message, in: &live) else { return false }
        add(message, to: &live)
        return true
    }

    /// - Parameter preview: the text typed so far, when the customer's client sends it (GMS
    ///   `startTyping` with `message`): kept on the `TypingStarted` and handed to the bot.
    func customerTyping(started: Bool, preview: String? = nil, in live: inout LiveChat) {
        customerActivity(in: &live)
        guard append(started ? .typingStarted : .typingStopped, from: customer(of: live), text: started ? preview : nil, to: &live),
            live.chat.agentHasJoined
        else { return }
        enqueue(started ? ChatEvent(.customerTypingStarted, text: preview) : .customerTypingStopped, in: &live)
    }

    /// The customer posts a message of `kind` other than a text (a notice, a pushed URL); the bot
    /// hears of it as `event`, with the text.
    func customerPosted(_ kind: ChatMessage.Kind, text: String, as event: ChatEvent.Kind, in live: inout LiveChat) {
        customerActivity(in: &live)
        restartIdleControl(in: &live)
        guard append(kind, from: customer(of: live), text: text, to: &live), live.chat.agentHasJoined else { return }
        enqueue(ChatEvent(event, text: text), in: &live)
    }

    /// The customer is known as `nickname` from now on: `NicknameUpdated` from the customer
    /// under the new nickname (the chat's participant is renamed with it).
    func customerRenamed(_ nickname: String, in live: inout LiveChat) {
        customerActivity(in: &live)
        restartIdleControl(in: &live)
        guard append(.nicknameUpdated, from: .customer(nickname), text: nickname, to: &live), live.chat.agentHasJoined else { return }
        enqueue(ChatEvent(.customerNicknameChanged, text: nickname), in: &live)
    }

    /// The customer changed the chat's user data: journaled, no transcript message (as GMS).
    func customerUpdatedData(_ values: [String: String], in live: inout LiveChat) {
        live.record(.userData(values))
        guard live.chat.agentHasJoined else { return }
        enqueue(ChatEvent(.customerDataUpdated), in: &live)
    }

    /// The customer leaves: the chat ends and everything pending is cancelled. The responder is
    /// then asked about ``ChatEvent/customerLeft`` through the queue, so a farewell is posted
    /// shortly after (its texts at once; other steps are ignored).
    func customerCompleted(_ live: inout LiveChat) {
        append(.participantLeft, from: customer(of: live), to: &live)
        endChat(&live, savingTranscript: false)
        // A bot that answers later (a webhook, an exec bot) may owe an answer to an event of this
        // chat: nothing will use it now, so the farewell is asked at once rather than after the
        // bot's timeout. The answer's timer still runs (it gives up on the answer, and an exec bot
        // stuck on it is restarted); the answer, if it comes, is dropped.
        if live.answerTimer != nil {
            live.consultInFlight = nil
            live.answerTimer = nil
        }
        if live.chat.agentHasJoined { enqueue(.customerLeft, in: &live) }
        // The transcript is saved after the bot's farewell, when it is asked for one.
        if !live.chat.pending.inOrder.contains(where: { $0.work == .respond(.customerLeft) }) { transcriptSaved(&live) }
    }

    /// Whether a customer text is worth an answer: empty and blank texts are stored only.
    static func isAnswerable(_ text: String) -> Bool {
        text.contains { !$0.isWhitespace }
    }

    // MARK: Scheduled steps

    /// Carries out a step whose time has come, other than a `respond` step (see
    /// ``responderContext(for:)`` and ``apply(_:context:answering:in:)``). The caller has already
    /// marked it finished.
    func perform(_ step: PendingStep, in live: inout LiveChat) {
        guard live.chat.state != .idle else { return }
        switch step.work {
        case .agentJoin:
            agentJoins(&live)
        case .systemMessage:
            let added = append(.text, from: .system, text: "Current Time: \(Self.systemTimeText(clock.now(), in: configuration.timeZone))", to: &live)
            // Paused after a run of them with no customer activity; the customer's next resumes them.
            if added, quietSystemMessages(in: live) < configuration.maxQuietSystemMessages { scheduleNextSystemMessage(in: &live) }
        case .handoverTimeout:
            guard live.chat.needsPerson, !live.chat.isTakenOver else { return }
            live.record(.handover(waiting: false))
            enqueue(.init(.handoverTimedOut), in: &live)
        case .agentSay, .agentTyping, .agentPost, .agentTransfer, .agentInvite, .agentLeave, .agentHandover:
            performReplyStep(step.work, origin: step.origin, in: &live)
            if live.chat.state != .idle, !live.chat.hasReplyStepsPending {
                replyFinished(answering: step.answering ?? .customerText, in: &live)
            }
        case .responderTimer(let name, _):
            enqueue(.timerFired(name: name), in: &live)
        case .idleAlert:
            idleAlert(&live)
        case .idleClose:
            let control = configuration.idleControl ?? .chatServerDefaults
            // Refused at the transcript limit, the chat has ended already.
            if append(.idleClose, from: .system, text: control.closeText, to: &live) { endChat(&live) }
        case .respond:
            assertionFailure("respond steps are carried out by the host, off the chat's lock")
        }
    }

    // MARK: The agent

    /// The agent of `live`'s chat, under its bot's nickname (also while a person plays it).
    func agent(of live: LiveChat) -> Participant { agent(of: live.chat) }

    /// The agent of `chat`: the one it was transferred to, else participant "3" under its bot's nickname.
    func agent(of chat: ChatRecord) -> Participant { chat.transferredAgent?.agent ?? .agent(responder(for: chat).agentNickname) }

    /// The agent joins, is asked to greet, then answers what the customer said while waiting
    /// (a person who took the chat over answers for themselves).
    func agentJoins(_ live: inout LiveChat) {
        guard !live.chat.agentHasJoined else { return }
        let waiting = live.chat.messages.filter { $0.kind == .text && $0.from.kind == .customer }.compactMap(\.text)
        guard append(.participantJoined, from: agent(of: live), to: &live) else { return }
        live.record(.state(live.chat.state.afterAgentJoined()))
        enqueue(.agentJoined, in: &live)
        for text in waiting where Self.isAnswerable(text) { enqueue(.customerText(text), in: &live) }
    }

    func agentLeaves(origin: String?, in live: inout LiveChat) {
        append(.participantLeft, from: agent(of: live), origin: origin, to: &live)
        endChat(&live)
    }

    /// Queues `event` for the responder; it is ready at once (one record) when the agent is free
    /// and nothing else waits. Nothing is queued while a person plays the agent or the bot handed
    /// the chat over (the bot is not asked about what it missed), nor an event the bot ignores.
    func enqueue(_ event: ChatEvent, in live: inout LiveChat) {
        guard !live.chat.isTakenOver, !live.chat.needsPerson, !live.faults.botSilent, responder(for: live.chat).wantsEvents(of: event.kind) else { return }
        let step = PendingStep(id: live.chat.nextStepID, due: clock.now(), work: .respond(event))
        if Self.agentIsFree(live), live.chat.nextQueuedEvent == nil {
            live.record(.scheduled(ready(step, in: &live)))
        } else {
            live.record(.scheduled(step))
        }
    }

    /// Makes the oldest queued event ready (arms its timer) when the agent is free.
    /// - Returns: whether it did.
    @discardableResult
    func startNextIfFree(_ live: inout LiveChat) -> Bool {
        guard Self.agentIsFree(live), let next = live.chat.nextQueuedEvent else { return false }
        live.record(.scheduled(ready(next, in: &live)))
        return true
    }

    /// No reply step pending, no responder call in flight, no event ready already.
    private static func agentIsFree(_ live: LiveChat) -> Bool {
        live.consultInFlight == nil && !live.chat.hasReplyStepsPending && live.chat.readyEvent == nil
    }

    /// `step` at the front of the queue. A customer message gets the host's reply delay, drawn
    /// now, so that draws happen one at a time, in queue order.
    private func ready(_ step: PendingStep, in live: inout LiveChat) -> PendingStep {
        var ready = step
        if case .respond(let event) = step.work, event.kind == .customerText {
            ready.due = clock.now().adding(live.draw { configuration.replyDelay.draw(using: &$0) })
        } else {
            ready.due = clock.now()
        }
        ready.isReady = true
        return ready
    }

    /// What the responder sees for one event: taken under the chat's lock, used outside it.
    func responderContext(for live: LiveChat) -> ResponderContext {
        ResponderContext(
            chat: live.chat.view(agentNickname: agent(of: live).nickname), memory: live.chat.memory,
            random: live.chat.random, now: clock.now())
    }

    /// Keeps what the responder changed and schedules its answer to `event`, step after step
    /// (steps without delay happen at once). The `respond` step is already marked finished.
    func apply(_ reply: AgentReply, context: ResponderContext, answering event: ChatEvent, in live: inout LiveChat) {
        let before = live.chat.memory
        live.continueRandom(from: context.random)
        if context.memory != before {
            let changes = context.memory.changes(since: before)
            live.record(.memory(set: changes.set, removed: changes.removed))
        }
        if !reply.trace.isEmpty {
            configuration.observer?.chat(live.chat.id, responderTrace: reply.trace, for: event)
            logger.debug("responder trace", metadata: ["chat": "\(live.chat.id)", "trace": "\(reply.trace.joined(separator: " | "))"])
        }
        if event.kind == .customerLeft {
            for action in reply.actions where action.kind.code == .say {
                append(.text, from: agent(of: live), text: action.kind.text ?? "", origin: action.origin, to: &live)
            }
            transcriptSaved(&live)
            return
        }
        guard live.chat.state != .idle else { return }
        var offset = Duration.zero
        var visible = false
        var typing = false
        for action in reply.actions {
            let kind = action.kind
            // With typing off, typing notifications are left out and so is the typing time: the
            // delay of the step that ends the typing (its message, or the stop notification).
            if !configuration.showsTyping, kind.code == .startTyping || kind.code == .stopTyping {
                if kind.code == .startTyping { offset += action.delay }
                typing = kind.code == .startTyping
                continue
            }
            if typing {
                typing = false
            } else {
                offset += action.delay
            }
            let work: PendingStep.Work
            switch kind.code {
            case .startTimer:
                let name = kind.timerName ?? ""
                cancelTimer(named: name, in: &live)
                schedule(.responderTimer(name: name, cancelledByCustomer: kind.cancelledByCustomer), after: offset + kind.timerDelay, origin: action.origin, in: &live)
                continue
            case .cancelTimer:
                cancelTimer(named: kind.timerName ?? "", in: &live)
                continue
            case .say: work = .agentSay(kind.text ?? "")
            case .startTyping: work = kind.text.map { .agentPost(.typingStarted, $0) } ?? .agentTyping(started: true)
            case .notice: work = .agentPost(.notice, kind.text ?? "")
            case .transfer: work = .agentTransfer(kind.text ?? "")
            case .invite: work = .agentInvite(kind.text ?? "", supervisor: kind.invitesSupervisor)
            case .pushURL: work = .agentPost(.pushURL, kind.text ?? "")
            case .stopTyping: work = .agentTyping(started: false)
            case .leave: work = .agentLeave
            case .handover: work = .agentHandover(kind.text)
            default:
                logger.warning("responder asked for an unknown kind of step; ignored", metadata: ["chat": "\(live.chat.id)", "kind": "\(kind.code)"])
                continue
            }
            visible = true
            if offset == .zero {
                performReplyStep(work, origin: action.origin, in: &live)
            } else {
                schedule(work, after: offset, origin: action.origin, answering: event.kind, in: &live)
            }
            if live.chat.state == .idle { return }
            if kind.code == .handover || kind.code == .transfer {
                if action != reply.actions.last {
                    logger.warning("steps after a hand-over or transfer are ignored", metadata: ["chat": "\(live.chat.id)"])
                }
                break
            }
        }
        if visible, !live.chat.hasReplyStepsPending {
            replyFinished(answering: event.kind, in: &live)
        } else {
            startNextIfFree(&live)
        }
    }

    private func performReplyStep(_ work: PendingStep.Work, origin: String?, in live: inout LiveChat) {
        switch work {
        case .agentSay(let text): append(.text, from: agent(of: live), text: text, origin: origin, to: &live)
        case .agentTyping(let started): append(started ? .typingStarted : .typingStopped, from: agent(of: live), origin: origin, to: &live)
        case .agentPost(let kind, let text): append(kind, from: agent(of: live), text: text, origin: origin, to: &live)
        case .agentTransfer(let name): transfer(to: name, origin: origin, in: &live)
        case .agentInvite(let name, let supervisor): invite(name, as: supervisor ? .supervisor : .agent, origin: origin, in: &live)
        case .agentLeave: agentLeaves(origin: origin, in: &live)
        case .agentHandover(let text):
            if let text, !text.isEmpty { append(.text, from: agent(of: live), text: text, origin: origin, to: &live) }
            handOver(&live)
        default: break
        }
    }

    /// The agent's reply to an event of `kind` is over: tell the responder when nothing else is
    /// waiting (so it can nudge a quiet customer), else go on with the queue.
    private func replyFinished(answering kind: ChatEvent.Kind, in live: inout LiveChat) {
        if live.chat.nextQueuedEvent == nil {
            enqueue(.agentReplyFinished(answering: kind), in: &live)
        } else {
            startNextIfFree(&live)
        }
    }

    // MARK: Helpers

    private func customer(of live: LiveChat) -> Participant { .customer(live.chat.customerNickname) }

    /// Adds a message to the transcript, unless it would take the chat past its transcript limit
    /// (see `ChatBehaviour+TranscriptLimit.swift`). - Returns: whether it was added.
    @discardableResult
    func append(
        _ kind: ChatMessage.Kind, from participant: Participant, text: String? = nil, origin: String? = nil,
        to live: inout LiveChat
    ) -> Bool {
        let message = ChatMessage(
            index: live.chat.nextMessageIndex, kind: kind, from: participant, text: text, time: clock.now(), origin: origin)
        guard admits(message, in: &live) else { return false }
        add(message, to: &live)
        return true
    }

    func add(_ message: ChatMessage, to live: inout LiveChat) {
        live.record(.message(message))
        // Checked first: this runs for every message, and building the metadata is not free.
        guard logger.logLevel <= .info else { return }
        var metadata: Logger.Metadata = ["chat": .string(live.chat.id.description), "index": .string(String(message.index))]
        if let text = message.text { metadata["text"] = .string(Self.logExcerpt(text)) }
        logger.info("\(message.kind.name) from \(message.from.kind.name) \(message.from.nickname)", metadata: metadata)
    }

    /// A message's text as the log shows it: at most 200 characters. Control characters are the
    /// log handler's to escape (EmulatorKit's line format does; a handler of your own should).
    static func logExcerpt(_ text: String) -> String {
        text.utf8.count <= 200 || text.count <= 200 ? text : text.prefix(200) + "..."
    }

    private func schedule(
        _ work: PendingStep.Work, after delay: Duration, origin: String? = nil, answering: ChatEvent.Kind? = nil,
        in live: inout LiveChat
    ) {
        let step = PendingStep(id: live.chat.nextStepID, due: clock.now().adding(delay), work: work, origin: origin, answering: answering)
        live.record(.scheduled(step))
    }

    private func scheduleNextSystemMessage(in live: inout LiveChat) {
        guard configuration.systemMessageInterval > .zero else { return }
        schedule(.systemMessage, after: configuration.systemMessageInterval, in: &live)
    }

    /// How many system texts the chat holds since the customer's last message or typing
    /// notification, counting at most ``ChatHostConfiguration/maxQuietSystemMessages``.
    private func quietSystemMessages(in live: LiveChat) -> Int {
        var count = 0
        for message in live.chat.messages.reversed() {
            if message.from.kind == .customer, message.kind == .text || message.kind == .typingStarted || message.kind == .typingStopped { break }
            if message.from.kind == .external, message.kind == .text { count += 1 }
            if count >= configuration.maxQuietSystemMessages { break }
        }
        return count
    }

    /// Customer activity cancels the responder timers that asked for it, and resumes system
    /// messages paused for a quiet chat.
    private func customerActivity(in live: inout LiveChat) {
        if configuration.systemMessageInterval > .zero, live.chat.state != .idle,
            !live.chat.pending.inOrder.contains(where: { if case .systemMessage = $0.work { true } else { false } })
        {
            scheduleNextSystemMessage(in: &live)
        }
        let cancelled = live.chat.pending.responderTimers.filter {
            if case .responderTimer(_, true) = $0.work { return true }
            return false
        }
        for step in cancelled { live.record(.finished(step.id)) }
    }

    /// The customer has been idle: the alert, and the close scheduled (``IdleControl``).
    func idleAlert(_ live: inout LiveChat) {
        let control = configuration.idleControl ?? .chatServerDefaults
        cancelIdleControl(in: &live)
        // Refused at the transcript limit, the chat has ended: nothing left to close.
        guard append(.idleAlert, from: .system, text: control.alertText, to: &live) else { return }
        schedule(.idleClose, after: control.closeAfter, in: &live)
    }

    /// Customer activity (not typing; see ``IdleControl``) starts the inactivity clock again: the
    /// pending alert or close is cancelled and a new alert scheduled.
    /// (A close the `idle` fault scheduled is cancelled too, with idle control off.)
    private func restartIdleControl(in live: inout LiveChat) {
        guard live.chat.state != .idle else { return }
        cancelIdleControl(in: &live)
        guard let control = configuration.idleControl else { return }
        schedule(.idleAlert, after: control.alertAfter, in: &live)
    }

    /// Cancels the pending idle alert or close, if any.
    private func cancelIdleControl(in live: inout LiveChat) {
        for step in live.chat.pending.inOrder where step.work == .idleAlert || step.work == .idleClose {
            live.record(.finished(step.id))
        }
    }

    private func cancelTimer(named name: String, in live: inout LiveChat) {
        if let step = live.chat.responderTimer(named: name) { live.record(.finished(step.id)) }
    }

    /// Cancels what the agent had pending: the events it was to be asked about, the steps of its
    /// reply, its timers, a hand-over's timeout. The agent's joining, the system messages and the
    /// idle control stay.
    func cancelAgentWork(in live: inout LiveChat) {
        for step in live.chat.pending.inOrder {
            switch step.work {
            case .respond, .agentSay, .agentTyping, .agentPost, .agentTransfer, .agentInvite, .agentLeave, .agentHandover, .responderTimer, .handoverTimeout:
                live.record(.finished(step.id))
            case .agentJoin, .systemMessage, .idleAlert, .idleClose: break
            }
        }
    }

    /// The chat becomes `Idle` and everything pending is cancelled; then the transcript is saved
    /// (``transcriptSaved(_:)``) unless the caller saves it later (after the bot's farewell).
    func endChat(_ live: inout LiveChat, savingTranscript: Bool = true) {
        live.record(.state(live.chat.state.afterEnd()))
        cancelAllPending(in: &live)
        if savingTranscript { transcriptSaved(&live) }
    }

    /// The ended chat's transcript is complete: `TranscriptSaveDone` from the system participant,
    /// when the host announces it (``ChatHostConfiguration/announcesTranscriptSave``). Once per
    /// chat; it always fits the transcript limit, as a `ParticipantLeft` does.
    func transcriptSaved(_ live: inout LiveChat) {
        guard configuration.announcesTranscriptSave, live.chat.state == .idle, !live.chat.messages.contains(where: { $0.kind == .transcriptSaveDone }) else { return }
        append(.transcriptSaveDone, from: .system, to: &live)
    }

    func cancelAllPending(in live: inout LiveChat) {
        for step in live.chat.pending.inOrder { live.record(.finished(step.id)) }
    }

    /// The date as the original emulator printed it, JavaScript's `Date.toString` in the server's
    /// time zone, such as `Wed Nov 25 2026 14:51:12 GMT+0100 (Central European Standard Time)`.
    static func systemTimeText(_ date: Date, in timeZone: TimeZone) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        formatter.dateFormat = "EEE MMM dd yyyy HH:mm:ss 'GMT'xx (zzzz)"
        return formatter.string(from: date)
    }
}

extension ChatBehaviour {
    /// Puts a test fault in force in a chat (see ``ChatFault``).
    func applyFault(_ fault: ChatFault, in live: inout LiveChat) {
        switch fault {
        case .agentNeverJoins:
            live.faults.agentNeverJoins = true
            guard !live.chat.agentHasJoined else { return }
            for step in live.chat.pending.inOrder where step.work == .agentJoin { live.record(.finished(step.id)) }
        case .agentLeaves(let count):
            live.faults.agentLeavesIn = count
            if count <= 0, live.chat.state != .idle { applyFault(.chatEndedByServer, in: &live) }
        case .botStopsAnswering:
            live.faults.botSilent = true
            // What the bot was about to do is dropped too: from now on it says nothing.
            cancelAgentWork(in: &live)
        case .customerIdle:
            guard live.chat.state != .idle else { return }
            idleAlert(&live)
        case .transfer(let name):
            guard live.chat.state != .idle else { return }
            if !live.chat.agentHasJoined { agentJoins(&live) }
            transfer(to: name, origin: nil, in: &live)
        case .chatEndedByServer:
            guard live.chat.state != .idle else { return }
            if !live.chat.agentHasJoined { agentJoins(&live) }
            agentLeaves(origin: nil, in: &live)
        }
    }
}
