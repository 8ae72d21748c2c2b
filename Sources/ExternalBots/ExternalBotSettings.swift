package import ChatCore
import Foundation

/// How an external bot (`webhook:` or `exec:`) is reached and how long it may take: from the
/// `--bot` name alone, or from a `NAME.bot` file.
package struct ExternalBotSettings: Sendable, Hashable {
    /// The agent's nickname in its chats. Default "Agent".
    package var nickname = "Agent"
    /// How long one event may take before the chat gets the fallback. Default 5 s.
    package var timeout: Duration = .seconds(5)
    /// What the chat gets when the bot fails or is too slow; nothing by default.
    package var fallback: AgentReply = .none
    /// For a webhook: sent as the `X-GWS-Bot-Secret` header, so the endpoint can check who calls.
    package var secret: String?
    /// The parts the bot may report in its actions' `origin`, for `test --coverage`.
    package var parts: [String] = []
    /// Whether the bot is sent every event, typing and the end of each reply included; by
    /// default it gets the agent joining, customer texts, the customer leaving, its timers and
    /// the hand-over events (each event costs a request).
    package var allEvents = false
    /// How much one answer may hold.
    package var limits = BotWire.Limits()

    package init() {}

    var deferredAnswers: DeferredAnswers { DeferredAnswers(timeout: timeout, fallback: fallback) }
    func wants(_ kind: ChatEvent.Kind) -> Bool {
        allEvents || ![.customerTypingStarted, .customerTypingStopped, .agentReplyFinished].contains(kind)
    }

    var responderParts: [ResponderPart] { parts.map { ResponderPart(origin: $0, name: $0) } }
}
