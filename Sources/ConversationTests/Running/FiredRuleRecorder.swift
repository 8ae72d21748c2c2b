import ChatCore
import Locking

/// Stands in for a bot during one offline test and notes which of its parts fired (each
/// reply's ``AgentReply/fired``), for `--coverage`; it answers exactly as the bot does.
final class FiredRuleRecorder: Responder {
    private let responder: any Responder
    private let fired = Locked<Set<String>>([])

    /// `nil` when `responder` lists no parts to cover.
    init?(wrapping responder: any Responder) {
        guard !responder.parts.isEmpty else { return nil }
        self.responder = responder
    }

    var agentNickname: String { responder.agentNickname }
    var parts: [ResponderPart] { responder.parts }
    func wantsEvents(of kind: ChatEvent.Kind) -> Bool { responder.wantsEvents(of: kind) }
    var deferredAnswers: DeferredAnswers? { responder.deferredAnswers }

    /// The origin (`file:line` for a rules bot) of every part that fired so far.
    var firedRules: Set<String> { fired.withLock { $0 } }

    func respond(to event: ChatEvent, context: inout ResponderContext) -> AgentReply {
        let reply = responder.respond(to: event, context: &context)
        fired.withLock { $0.formUnion(reply.fired) }
        return reply
    }

    func respond(to event: ChatEvent, context: ResponderContext, answer: ResponderAnswer) {
        responder.respond(
            to: event, context: context,
            answer: .relaying(to: answer) { [fired] reply, _ in
                fired.withLock { $0.formUnion(reply.fired) }
            })
    }
}
