import Foundation
import Locking
import Logging

/// Responders that answer later (``Responder/deferredAnswers``): the host asks, arms a timer for
/// the event's timeout on its clock, and goes on; the chat's queue waits (no other event of that
/// chat is asked meanwhile), other chats do not. The first of the answer, a failure and the
/// timeout wins; a failure or timeout is logged and traced, and the chat gets the fallback.
extension ChatHost {
    func consultLater(
        _ stepID: UInt64, about event: ChatEvent, context: ResponderContext, by responder: any Responder, policy: DeferredAnswers,
        of session: ChatSession
    ) {
        let fallbackContext = context.withoutTranscript()
        let token = answersInFlight.newToken()
        let answer = ResponderAnswer { [weak self, weak session] outcome in
            guard let self else { return }
            defer { self.answersInFlight.remove(token) }
            guard let session else { return }
            self.answered(stepID, about: event, outcome, policy: policy, fallbackContext: fallbackContext, of: session)
        }
        let armed: Bool = session.live.withLock { live in
            guard !hasShutDown, live.consultInFlight == stepID else { return false }
            let clock = behaviour.clock
            // Background: a test's `runUntilIdle` does not jump to the timeout while an answer is
            // on its way; moving the clock past it (or `settleDeferredAnswers`) gives up on it.
            live.answerTimer = clock.schedule(at: clock.now().adding(policy.timeout), background: true) { answer.expire() }
            return true
        }
        guard armed else {
            answer.abandon()
            return
        }
        answersInFlight.add(answer, token: token, timeout: policy.timeout)
        responder.respond(to: event, context: context, answer: answer)
    }

    private func answered(
        _ stepID: UInt64, about event: ChatEvent, _ outcome: ResponderAnswer.Outcome, policy: DeferredAnswers, fallbackContext: ResponderContext,
        of session: ChatSession
    ) {
        session.live.withLock { live in
            guard live.consultInFlight == stepID else { return }
            if let timer = live.answerTimer { behaviour.clock.cancel(timer) }
            live.answerTimer = nil
            switch outcome {
            case .replied(let reply, let context):
                applyAnswer(reply, context: context.withoutTranscript(), to: stepID, about: event, in: &live, of: session)
            case .failed(let reason):
                applyFallback(policy.fallback, because: reason, context: fallbackContext, to: stepID, about: event, in: &live, of: session)
            case .timedOut:
                let reason = "no answer within \(policy.timeout)"
                applyFallback(policy.fallback, because: reason, context: fallbackContext, to: stepID, about: event, in: &live, of: session)
            }
        }
    }

    private func applyFallback(
        _ fallback: AgentReply, because reason: String, context: ResponderContext, to stepID: UInt64, about event: ChatEvent,
        in live: inout LiveChat, of session: ChatSession
    ) {
        behaviour.logger.warning(
            "the bot did not answer; the chat gets its fallback",
            metadata: ["chat": "\(session.id)", "event": "\(event.kind)", "reason": "\(reason)", "fallback": "\(fallback.actions.count) actions"])
        var reply = event.kind == .customerText ? fallback : .none
        reply.trace.insert("bot failed on \(event.kind): \(reason); fallback with \(fallback.actions.count) actions", at: 0)
        applyAnswer(reply, context: context, to: stepID, about: event, in: &live, of: session)
    }

    /// Waits, in real time, until every answer a deferred responder owes has come, giving up on
    /// each (as its timeout on the clock would: the chat gets the fallback) once its timeout has
    /// passed in real time. For tools on a ``ManualClock`` (BotTesting, offline conversation
    /// tests) whose virtual time must not run ahead of a bot that works in real time.
    package func settleDeferredAnswers() {
        while true {
            let overdue = answersInFlight.waitForOverdueOrNone()
            if overdue.isEmpty { return }
            for answer in overdue { answer.expire() }
        }
    }

    /// Whether a deferred responder owes an answer in any chat.
    package var hasDeferredAnswersInFlight: Bool { answersInFlight.count > 0 }
}

/// The answers deferred responders owe a host, with their deadlines in real time, behind one
/// condition so that ``ChatHost/settleDeferredAnswers()`` can wait for them.
final class AnswersInFlight: @unchecked Sendable {
    // @unchecked: `entries` and `nextToken` are only touched with `condition` locked.
    private let condition = NSCondition()
    private var entries: [UInt64: (answer: ResponderAnswer, deadline: Date)] = [:]
    private var nextToken: UInt64 = 0

    func newToken() -> UInt64 {
        condition.lock()
        defer { condition.unlock() }
        nextToken += 1
        return nextToken
    }

    func add(_ answer: ResponderAnswer, token: UInt64, timeout: Duration) {
        condition.lock()
        // An answer given at once, within `respond`, was removed before it was added.
        if removed.remove(token) == nil { entries[token] = (answer, Date().adding(timeout)) }
        condition.unlock()
    }

    func remove(_ token: UInt64) {
        condition.lock()
        if entries.removeValue(forKey: token) == nil { removed.insert(token) }
        condition.unlock()
        condition.broadcast()
    }

    /// Tokens removed before they were added (an answer delivered within `respond`).
    private var removed: Set<UInt64> = []

    var count: Int {
        condition.lock()
        defer { condition.unlock() }
        return entries.count
    }

    /// Waits until nothing is owed (returns `[]`) or some answers are overdue (returns them).
    func waitForOverdueOrNone() -> [ResponderAnswer] {
        condition.lock()
        defer { condition.unlock() }
        while !entries.isEmpty {
            let now = Date()
            let overdue = entries.values.filter { $0.deadline <= now }.map(\.answer)
            if !overdue.isEmpty { return overdue }
            let earliest = entries.values.map(\.deadline).min() ?? now
            _ = condition.wait(until: earliest)
        }
        return []
    }

    func abandonAll() -> [ResponderAnswer] {
        condition.lock()
        defer { condition.unlock() }
        let all = entries.values.map(\.answer)
        entries = [:]
        return all
    }
}
