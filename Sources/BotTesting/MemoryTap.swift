import ChatCore
import Locking

/// Stands between a test chat's host and the bot: starts the chat's memory from what the test
/// asked for, and keeps a copy of the memory after each event so the test can read the bot's
/// state. It answers exactly as the bot does.
final class MemoryTap: Responder {
    private let responder: any Responder
    private struct State {
        var initial: ResponderMemory?
        var latest = ResponderMemory()
    }
    private let state: Locked<State>

    init(_ responder: any Responder, initialMemory: ResponderMemory) {
        self.responder = responder
        state = Locked(State(initial: initialMemory.values.isEmpty ? nil : initialMemory))
    }

    var agentNickname: String { responder.agentNickname }
    var parts: [ResponderPart] { responder.parts }
    func wantsEvents(of kind: ChatEvent.Kind) -> Bool { responder.wantsEvents(of: kind) }
    var deferredAnswers: DeferredAnswers? { responder.deferredAnswers }

    /// The memory as the bot left it after its latest event (the initial memory before any).
    var latest: ResponderMemory { state.withLock { $0.initial ?? $0.latest } }

    func respond(to event: ChatEvent, context: inout ResponderContext) -> AgentReply {
        let initial = seed(&context)
        let reply = responder.respond(to: event, context: &context)
        keep(reply, context.memory, initial: initial)
        return reply
    }

    func respond(to event: ChatEvent, context: ResponderContext, answer: ResponderAnswer) {
        var context = context
        let initial = seed(&context)
        responder.respond(
            to: event, context: context,
            answer: .relaying(to: answer) { [self] reply, context in keep(reply, context.memory, initial: initial) })
    }

    /// Puts the initial memory (before the first event) into `context`; returns it.
    private func seed(_ context: inout ResponderContext) -> ResponderMemory? {
        let initial = state.withLock { state in
            defer { state.initial = nil }
            return state.initial
        }
        if let initial {
            for (key, value) in initial.values where context.memory[key] == nil { context.memory[key] = value }
        }
        return initial
    }

    /// A failed turn changed nothing: the host asks again, and the initial memory still applies.
    private func keep(_ reply: AgentReply, _ memory: ResponderMemory, initial: ResponderMemory?) {
        state.withLock { if reply.failure == nil { $0.latest = memory } else { $0.initial = initial } }
    }
}
