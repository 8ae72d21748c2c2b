import Foundation
import Locking

/// How long a host waits for a responder that answers later, and what the chat gets when no
/// answer comes: see ``Responder/deferredAnswers``.
public struct DeferredAnswers: Hashable, Sendable {
    /// How long the host waits for one event's answer before it gives up on it. Default 5 s.
    public var timeout: Duration
    /// What the chat gets when the answer to a customer's text fails or does not come in time
    /// (for example a "Sorry, one moment" message); nothing by default. Other events that fail
    /// get nothing (a fallback for the end of a reply would start another reply).
    public var fallback: AgentReply

    public init(timeout: Duration = .seconds(5), fallback: AgentReply = .none) {
        self.timeout = timeout
        self.fallback = fallback
    }
}

/// Where a responder that answers later (``Responder/deferredAnswers``) delivers its answer to
/// one event: call ``reply(_:context:)`` or ``fail(_:)`` once, from any thread, at any time.
///
/// Only the first delivery counts: one that comes after the host stopped waiting (the timeout
/// passed, the host shut down) is dropped, and ``isAbandoned`` tells a responder it may stop
/// working on the event (``onAbandon(_:)`` runs then).
public final class ResponderAnswer: Sendable {
    /// How the event ended, for the host.
    enum Outcome: Sendable {
        case replied(AgentReply, ResponderContext)
        case failed(String)
        case timedOut
    }

    private struct State {
        var delivered = false
        var abandoned = false
        var onAbandon: [@Sendable () -> Void] = []
    }

    private let state = Locked(State())
    private let deliver: @Sendable (Outcome) -> Void

    init(deliver: @escaping @Sendable (Outcome) -> Void) {
        self.deliver = deliver
    }

    /// Makes an answer for a responder that stands in for another (a recorder, a tap): `observe`
    /// sees a successful reply before `outer` gets it; failures pass through; abandoning `outer`
    /// abandons the new answer.
    public static func relaying(to outer: ResponderAnswer, observe: @escaping @Sendable (AgentReply, ResponderContext) -> Void) -> ResponderAnswer {
        let inner = ResponderAnswer { outcome in
            switch outcome {
            case .replied(let reply, let context):
                observe(reply, context)
                outer.reply(reply, context: context)
            case .failed(let reason): outer.fail(reason)
            case .timedOut: outer.expire()
            }
        }
        outer.onAbandon { inner.abandon() }
        return inner
    }

    /// The responder's answer, with the context as it changed it (memory, random draws).
    public func reply(_ reply: AgentReply, context: ResponderContext) { finish(.replied(reply, context)) }

    /// No answer can be given (a network error, a malformed answer): `reason` is logged and
    /// traced, and the chat gets the responder's fallback.
    public func fail(_ reason: String) { finish(.failed(reason)) }

    /// Whether the host stopped waiting for this answer.
    public var isAbandoned: Bool { state.withLock { $0.abandoned } }

    /// Runs `body` once the host stops waiting (at once when it already has): cancel the work
    /// there. Not run when the answer was delivered in time.
    public func onAbandon(_ body: @escaping @Sendable () -> Void) {
        let now = state.withLock { state -> Bool in
            if state.abandoned { return true }
            // Delivered in time: the host will never abandon it, and keeping `body` would keep
            // whatever it holds alive (a relayed answer holds this one: a cycle).
            if !state.delivered { state.onAbandon.append(body) }
            return false
        }
        if now { body() }
    }

    /// The timeout passed: the host delivers it to itself, if nothing came first.
    /// - Returns: whether this was the delivery.
    @discardableResult
    func expire() -> Bool { finish(.timedOut) }

    /// The host will not use the answer (it shut down, the chat's step went away).
    func abandon() {
        let handlers = state.withLock { state -> [@Sendable () -> Void] in
            guard !state.abandoned else { return [] }
            state.abandoned = true
            defer { state.onAbandon = [] }
            return state.onAbandon
        }
        for handler in handlers { handler() }
    }

    @discardableResult
    private func finish(_ outcome: Outcome) -> Bool {
        let first = state.withLock { state -> Bool in
            guard !state.delivered else { return false }
            state.delivered = true
            // An answer in time never runs its abandon handlers: drop them, and with them the
            // cycle a relayed answer makes (its handler holds the inner answer, which holds this).
            if case .timedOut = outcome {} else { state.onAbandon = [] }
            return true
        }
        guard first else { return false }
        deliver(outcome)
        if case .timedOut = outcome { abandon() }
        return true
    }
}

extension Responder {
    /// Answers one event through ``respond(to:context:answer:)`` and waits for the answer, up to
    /// the responder's timeout: for tools that call a responder directly and may hold a thread
    /// (the host never does). A failure or timeout gives the fallback.
    package func respondWaiting(to event: ChatEvent, context: inout ResponderContext) -> AgentReply {
        let policy = deferredAnswers ?? DeferredAnswers()
        let result = Locked<(AgentReply, ResponderContext)?>(nil)
        let done = DispatchSemaphore(value: 0)
        let answer = ResponderAnswer { outcome in
            if case .replied(let reply, let context) = outcome { result.withLock { $0 = (reply, context) } }
            done.signal()
        }
        respond(to: event, context: context, answer: answer)
        if done.wait(timeout: .now() + policy.timeout.timeInterval) == .timedOut { answer.expire() }
        guard let (reply, changed) = result.withLock({ $0 }) else { return policy.fallback }
        context = changed
        return reply
    }
}
