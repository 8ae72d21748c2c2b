public import Foundation

/// A step the core will take later in a chat on the agent's side: joining, a step of a reply,
/// or one of the bot's timers. What tests and `chat` look at to see what a bot is waiting for.
public struct PendingAgentStep: Hashable, Sendable, CustomStringConvertible {
    /// What kind of step it is; a struct with a code, so that kinds can be added.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        public let name: String
        public init(_ name: String) { self.name = name }
        public static let join = Kind("join")
        public static let say = Kind("say")
        public static let typing = Kind("typing")
        /// A message other than a text: a notice, a pushed URL, typing with a preview (the
        /// detail is its type and text, such as `PushUrl https://example.com/help`).
        public static let post = Kind("post")
        /// The bot transfers the chat (the detail is the new agent's name).
        public static let transfer = Kind("transfer")
        /// The bot invites a second agent or a supervisor (the detail is the name).
        public static let invite = Kind("invite")
        public static let leave = Kind("leave")
        /// An event the bot is about to be asked about (its answer's steps follow).
        public static let respond = Kind("respond")
        /// A timer the bot started (``AgentAction/Kind/startTimer(name:after:cancelledByCustomer:)``).
        public static let timer = Kind("timer")
        /// The bot hands the chat over to a person.
        public static let handover = Kind("handover")
        /// A handed-over chat gives up waiting for a person (``ChatEvent/Kind/handoverTimedOut``).
        public static let handoverTimeout = Kind("handoverTimeout")
        public var description: String { name }
    }

    public var kind: Kind
    /// When it is due, on the host's clock.
    public var due: Date
    /// The text of a `say`, the name of a timer; `nil` otherwise.
    public var detail: String?
    /// Where the responder got it (a rule's `file:line`), if it said.
    public var origin: String?

    public init(kind: Kind, due: Date, detail: String? = nil, origin: String? = nil) {
        self.kind = kind
        self.due = due
        self.detail = detail
        self.origin = origin
    }

    public var description: String { detail.map { "\(kind) \($0)" } ?? kind.name }
}

extension PendingStep {
    /// The public view of this step; `nil` for the system participant's messages and for
    /// events queued behind the one the agent is answering (they have no time yet).
    var agentStep: PendingAgentStep? {
        switch work {
        case .respond(let event): isArmable ? PendingAgentStep(kind: .respond, due: due, detail: event.kind.name, origin: origin) : nil
        case .agentJoin: PendingAgentStep(kind: .join, due: due, origin: origin)
        case .systemMessage, .idleAlert, .idleClose: nil
        case .agentSay(let text): PendingAgentStep(kind: .say, due: due, detail: text, origin: origin)
        case .agentTyping(let started): PendingAgentStep(kind: .typing, due: due, detail: started ? "started" : "stopped", origin: origin)
        case .agentPost(let kind, let text): PendingAgentStep(kind: .post, due: due, detail: "\(kind.name) \(text)", origin: origin)
        case .agentLeave: PendingAgentStep(kind: .leave, due: due, origin: origin)
        case .agentTransfer(let name): PendingAgentStep(kind: .transfer, due: due, detail: name, origin: origin)
        case .agentInvite(let name, _): PendingAgentStep(kind: .invite, due: due, detail: name, origin: origin)
        case .responderTimer(let name, _): PendingAgentStep(kind: .timer, due: due, detail: name, origin: origin)
        case .agentHandover(let text): PendingAgentStep(kind: .handover, due: due, detail: text, origin: origin)
        case .handoverTimeout: PendingAgentStep(kind: .handoverTimeout, due: due, origin: origin)
        }
    }
}
