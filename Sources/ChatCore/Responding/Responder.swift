import Foundation

/// The agent's brain: told what happened in a chat, it answers with what the agent does.
///
/// One responder instance serves many chats at once, from many threads, so it keeps no per-chat
/// state of its own: whatever it must remember about a chat goes in ``ResponderContext/memory``,
/// which the core stores with the chat and persists in its journal. Randomness comes from
/// ``ResponderContext/random``, seeded per chat, so the same seed gives the same transcript.
///
/// The core calls ``respond(to:context:)`` synchronously while it holds that chat's lock: keep it
/// fast and free of I/O.
public protocol Responder: Sendable {
    /// The agent's nickname, shown as participant "3".
    var agentNickname: String { get }

    /// Decides what the agent does about `event`.
    func respond(to event: ChatEvent, context: inout ResponderContext) -> AgentReply
}

/// What happened in a chat that the responder may react to.
public enum ChatEvent: Hashable, Sendable {
    /// The agent has just joined the chat (a greeting goes here).
    case agentJoined
    /// The customer sent a text message.
    case customerText(String)
    case customerTypingStarted
    case customerTypingStopped
    /// The customer completed the chat. Only ``AgentAction/Kind/say(_:)`` answers are carried out,
    /// at once and without delays; the chat is `Idle` afterwards.
    case customerLeft
    /// A timer this responder started with ``AgentAction/Kind/startTimer(name:after:cancelledByCustomer:)`` fired.
    case timerFired(name: String)
}

/// What the agent does in answer to one event: a script of actions carried out in order.
public struct AgentReply: Hashable, Sendable {
    public var actions: [AgentAction]
    /// Lines that explain how the responder decided (rule tried, rule matched, ...), shown by
    /// `--trace` and by failing conversation tests. Never sent to the customer.
    public var trace: [String]

    public init(_ actions: [AgentAction] = [], trace: [String] = []) {
        self.actions = actions
        self.trace = trace
    }

    /// Nothing to do.
    public static let none = AgentReply()
}

/// One step of an agent's reply.
///
/// Steps run in order; each waits ``delay`` after the step before it (the first waits after the
/// core's reply delay, which the host adds to every answer to customer text).
public struct AgentAction: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        /// Post a text message from the agent.
        case say(String)
        /// Post `TypingStarted` from the agent.
        case startTyping
        /// Post `TypingStopped` from the agent.
        case stopTyping
        /// The agent leaves: `ParticipantLeft` from the agent, and the chat becomes `Idle`.
        case leave
        /// Ask for ``ChatEvent/timerFired(name:)`` after `after`. A timer with the same name
        /// replaces the earlier one. With `cancelledByCustomer`, any later customer activity
        /// (text, typing, complete) cancels it: that is how a bot nudges a customer who went quiet.
        case startTimer(name: String, after: Duration, cancelledByCustomer: Bool)
        /// Cancel a pending timer by name; no effect when there is none.
        case cancelTimer(name: String)
    }

    public var kind: Kind
    /// How long after the previous step of the same reply this one happens.
    public var delay: Duration
    /// Where the responder got this step, such as a rule's `file:line`; stored with the message.
    public var origin: String?

    public init(_ kind: Kind, delay: Duration = .zero, origin: String? = nil) {
        self.kind = kind
        self.delay = delay
        self.origin = origin
    }

    public static func say(_ text: String, delay: Duration = .zero, origin: String? = nil) -> AgentAction {
        AgentAction(.say(text), delay: delay, origin: origin)
    }
}

/// What a responder may read and change while it answers one event of one chat.
public struct ResponderContext: Sendable {
    /// The chat as it is now (read-only).
    public let chat: ChatView
    /// This chat's memory for the responder: persisted with the chat, empty at first.
    public var memory: ResponderMemory
    /// This chat's seeded random number generator.
    public var random: ChatRandom
    /// The host's clock (virtual in tests).
    public let now: Date

    public init(chat: ChatView, memory: ResponderMemory = ResponderMemory(), random: ChatRandom, now: Date) {
        self.chat = chat
        self.memory = memory
        self.random = random
        self.now = now
    }
}

/// A read-only view of a chat, handed to a responder.
public struct ChatView: Sendable {
    public let id: ChatID
    public let state: ChatState
    public let customerNickname: String
    public let subject: String
    public let userData: [String: String]
    public let agentNickname: String
    /// The whole transcript. Passing it costs nothing (copy on write); do not keep it.
    public let messages: [ChatMessage]

    public init(
        id: ChatID, state: ChatState, customerNickname: String, subject: String,
        userData: [String: String], agentNickname: String, messages: [ChatMessage]
    ) {
        self.id = id
        self.state = state
        self.customerNickname = customerNickname
        self.subject = subject
        self.userData = userData
        self.agentNickname = agentNickname
        self.messages = messages
    }

    /// The agent's most recent text message, if any.
    public var lastAgentText: String? {
        messages.last { $0.kind == .text && $0.from.kind == .agent }?.text
    }
}

/// A responder's per-chat memory: named string values, persisted in the chat's journal.
///
/// Strings keep the journal human-readable; a responder that needs structure encodes it in its own
/// keys (for example `rotation.12 = 3`).
public struct ResponderMemory: Hashable, Sendable, Codable, ExpressibleByDictionaryLiteral {
    public private(set) var values: [String: String]

    public init(_ values: [String: String] = [:]) { self.values = values }
    public init(dictionaryLiteral elements: (String, String)...) {
        self.values = Dictionary(elements, uniquingKeysWith: { $1 })
    }

    public subscript(key: String) -> String? {
        get { values[key] }
        set { values[key] = newValue }
    }

    /// The keys set or changed in `self` relative to `old`, and the keys removed.
    func changes(since old: ResponderMemory) -> (set: [String: String], removed: [String]) {
        let set = values.filter { old.values[$0.key] != $0.value }
        let removed = old.values.keys.filter { values[$0] == nil }
        return (set, removed.sorted())
    }

    mutating func apply(set: [String: String], removed: [String]) {
        for key in removed { values[key] = nil }
        values.merge(set) { $1 }
    }
}

/// A responder made from a closure: handy in tests.
public struct ClosureResponder: Responder {
    public let agentNickname: String
    let body: @Sendable (ChatEvent, inout ResponderContext) -> AgentReply

    public init(agentNickname: String = "Agent", _ body: @escaping @Sendable (ChatEvent, inout ResponderContext) -> AgentReply) {
        self.agentNickname = agentNickname
        self.body = body
    }

    public func respond(to event: ChatEvent, context: inout ResponderContext) -> AgentReply {
        body(event, &context)
    }
}
