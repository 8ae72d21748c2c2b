import ChatCore
import Locking
import RuleBot

/// Stands in for a rules bot during one offline test and notes which of its rules fired, for
/// `--coverage`; it answers exactly as the bot does.
final class FiredRuleRecorder: Responder {
    private let rules: any RuleBookResponder
    private let fired = Locked<Set<String>>([])

    /// `nil` when `responder` does not answer from rules.
    init?(wrapping responder: any Responder) {
        guard let rules = responder as? any RuleBookResponder else { return nil }
        self.rules = rules
    }

    var agentNickname: String { rules.agentNickname }

    /// The `file:line` of every rule that fired so far.
    var firedRules: Set<String> { fired.withLock { $0 } }

    func respond(to event: ChatEvent, context: inout ResponderContext) -> AgentReply {
        var firedNow: Set<String> = []
        let reply = rules.respond(to: event, context: &context, firedRules: &firedNow)
        fired.withLock { $0.formUnion(firedNow) }
        return reply
    }
}
