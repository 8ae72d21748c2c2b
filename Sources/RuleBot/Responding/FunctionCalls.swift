import ChatCore
import Foundation
import Logging

/// How a rules bot with functions answers (RiveScript's object macros): it answers the event
/// once, noting each `{call: NAME TEXT}` it has no result for; asks each function's bot; then
/// answers the event again from the start with the results, until nothing more is needed (a result
/// may lead to other rules and calls, up to ``maximumRounds`` times). Only the last pass counts:
/// the others change nothing.
///
/// A call goes to the function's bot (a `webhook:` or `exec:` bot) as an event of kind
/// `functionCall` whose `text` is TEXT and whose `memory` holds `function` (the name); the texts
/// of the `say` actions it answers, joined by spaces, are the result. A call that fails or takes
/// longer than ``timeout`` is empty (and logged).
struct FunctionCalls: Sendable {
    /// The event kind a function's bot gets.
    static let eventKind = ChatEvent.Kind("functionCall")
    /// How long one round of calls may take.
    static let timeout: Duration = .seconds(5)
    /// Rounds of calls for one event, at most.
    static let maximumRounds = 3

    let responder: RuleResponder

    func answer(_ event: ChatEvent, context: ResponderContext, results: [FunctionCall: String], round: Int, answer: ResponderAnswer) {
        let (reply, changed, needed) = responder.evaluate(event, context: context, callResults: results)
        guard !needed.isEmpty, round < Self.maximumRounds, !answer.isAbandoned else {
            answer.reply(reply, context: changed)
            return
        }
        let chat = context.chat, now = context.now
        let functions = responder.functions, logger = responder.logger
        DispatchQueue.global().async {
            var results = results
            for call in needed {
                results[call] = Self.call(call, bot: functions[call.function], chat: chat, now: now, logger: logger)
            }
            self.answer(event, context: context, results: results, round: round + 1, answer: answer)
        }
    }

    /// Asks the function's bot and waits for its answer (on a background thread, never the host's).
    private static func call(_ call: FunctionCall, bot: (any Responder)?, chat: ChatView, now: Date, logger: Logger?) -> String {
        guard let bot else {
            logger?.warning("a function without a bot was called; its result is empty", metadata: ["function": "\(call.function)"])
            return ""
        }
        var context = ResponderContext(chat: chat, memory: ["function": call.function], random: ChatRandom(seed: 1), now: now)
        let reply = bot.respondWaiting(to: ChatEvent(eventKind, text: call.argument), context: &context)
        return reply.actions.compactMap { $0.kind.code == .say ? $0.kind.text : nil }.joined(separator: " ")
    }
}
