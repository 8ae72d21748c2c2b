public import Foundation

/// The agent's brain: told what happened in a chat, it answers with what the agent does.
///
/// One responder instance serves many chats at once, from many threads, so it keeps no per-chat
/// state of its own: whatever it must remember about a chat goes in ``ResponderContext/memory``,
/// which the core stores with the chat and persists in its journal. Randomness comes from
/// ``ResponderContext/random``, seeded per chat, so the same seed gives the same transcript.
///
/// The core calls ``respond(to:context:)`` for one event of a chat at a time, in the order the
/// events happened, off the HTTP event loops and without holding the chat's lock: a slow
/// responder delays its own chat's answers only.
public protocol Responder: Sendable {
    /// The agent's nickname, shown as participant "3".
    var agentNickname: String { get }

    /// Decides what the agent does about `event`.
    func respond(to event: ChatEvent, context: inout ResponderContext) -> AgentReply

    /// Every part that can answer (for a rules bot, its rules and event blocks), for coverage
    /// tools; empty (the default) for a responder without parts worth listing.
    var parts: [ResponderPart] { get }

    /// Whether the responder may do anything about events of `kind`. The agent's queue does not
    /// stop for an event its responder ignores: no call, no journal lines, no wait behind it. So a
    /// bot that never answers typing or the end of its own replies costs nothing for them.
    ///
    /// Every kind by default. Answer `false` only for a kind whose ``respond(to:context:)`` always
    /// answers ``AgentReply/none`` and leaves the context as it was.
    func wantsEvents(of kind: ChatEvent.Kind) -> Bool

    /// `nil` (the default) for a responder that answers at once, in ``respond(to:context:)``.
    /// A responder that takes time (a network call, another process) returns how long the host
    /// waits and what the chat gets when no answer comes, and answers in
    /// ``respond(to:context:answer:)`` instead: it holds no thread while it waits, its chat's
    /// queue waits for it (so answers keep the chat's order), and a failure or timeout is logged,
    /// traced and answered with the fallback. Other chats go on meanwhile.
    var deferredAnswers: DeferredAnswers? { get }

    /// Starts answering `event` and returns at once; the answer goes to `answer`, once, later,
    /// from any thread. Called instead of ``respond(to:context:)`` when ``deferredAnswers`` is
    /// set. Take what the answer needs from `context` and let go of it (a context held keeps the
    /// transcript from being extended in place). The default answers at once with
    /// ``respond(to:context:)``.
    func respond(to event: ChatEvent, context: ResponderContext, answer: ResponderAnswer)

    /// Forgets what the responder keeps across chats about customers (a rules bot's
    /// `customer.NAME` variables, in memory and on disk), for a clean slate between tests
    /// (`ChatHost.reset(seed:)`). Nothing by default. Throws when what it keeps could not be
    /// emptied (a file that could not be written).
    func forgetCustomers() throws

    /// Starts the responder's own background work when a server begins serving with it: a
    /// rules bot starts watching its files, a bot in another process is launched. Called once,
    /// before the first chat, by whoever serves the responder (an `Emulator` calls it for every
    /// bot it loaded); a responder used on its own, as in a unit test, is never started.
    ///
    /// Does nothing by default. Throw to refuse to serve (the server then stops what it started
    /// and reports the error).
    func startServing(_ options: ServingOptions) throws

    /// Stops what ``startServing(_:)`` started, and returns once it has ended. Called once, in
    /// reverse start order, when the server stops (also after a failed start of a later part).
    /// Does nothing by default.
    func stopServing()
}

extension Responder {
    public var parts: [ResponderPart] { [] }
    public func wantsEvents(of kind: ChatEvent.Kind) -> Bool { true }
    public var deferredAnswers: DeferredAnswers? { nil }
    public func respond(to event: ChatEvent, context: ResponderContext, answer: ResponderAnswer) {
        var context = context
        let reply = respond(to: event, context: &context)
        answer.reply(reply, context: context)
    }

    public func forgetCustomers() throws {}
    public func startServing(_ options: ServingOptions) throws {}
    public func stopServing() {}
}

/// What happened in a chat that the responder may react to.
///
/// A struct with a kind rather than a public enum, so that new kinds of events can be added
/// without breaking responders written elsewhere: switch over ``kind`` with a `default:` case, and
/// ignore kinds you do not know (answer ``AgentReply/none``).
///
/// ```swift
/// switch event.kind {
/// case .customerText: return AgentReply([.say("You said \(event.text ?? "")")])
/// default: return .none
/// }
/// ```
public struct ChatEvent: Hashable, Sendable, CustomStringConvertible {
    /// What kind of thing happened.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        public let name: String
        public init(_ name: String) { self.name = name }

        /// The agent has just joined the chat (a greeting goes here).
        public static let agentJoined = Kind("agentJoined")
        /// The customer sent a text message (``ChatEvent/text``). Empty or blank texts are stored
        /// but never handed to the responder.
        public static let customerText = Kind("customerText")
        public static let customerTypingStarted = Kind("customerTypingStarted")
        public static let customerTypingStopped = Kind("customerTypingStopped")
        /// The customer completed the chat. Only ``AgentAction/Kind/say(_:)`` answers are carried
        /// out, without delays; the chat is `Idle` already.
        public static let customerLeft = Kind("customerLeft")
        /// The customer attached a file to the chat (GMS file transfer); ``ChatEvent/text`` is its
        /// name. The file itself is in the transcript (``ChatMessage/file``).
        public static let customerFileUploaded = Kind("customerFileUploaded")
        /// A timer this responder started with ``AgentAction/Kind/startTimer(name:after:cancelledByCustomer:)``
        /// fired (``ChatEvent/timerName``).
        public static let timerFired = Kind("timerFired")
        /// The agent's reply to an event (``ChatEvent/answered``) has finished: its last message,
        /// typing notification or leaving is posted, and nothing else is waiting for the agent.
        /// A responder can start a timer here to nudge a customer who goes quiet. Replies without
        /// any of those steps (only timers) do not finish with this event.
        public static let agentReplyFinished = Kind("agentReplyFinished")
        /// A person who took the chat over handed it back to the bot (after a hand-over or a
        /// take-over in the agent console): the bot answers again from here.
        public static let handedBack = Kind("handedBack")
        /// The bot handed the chat over and no person took it within the host's hand-over
        /// timeout: the bot answers again (to apologise, or leave).
        public static let handoverTimedOut = Kind("handoverTimedOut")
        /// The customer sent a notice (GMS `customNotice`; ``ChatEvent/text``).
        public static let customerNotice = Kind("customerNotice")
        /// The customer pushed a page's URL (GMS `pushUrl`; ``ChatEvent/text``).
        public static let customerPushedURL = Kind("customerPushedURL")
        /// The customer changed nickname (GMS `updateNickname`; the new one in ``ChatEvent/text``
        /// and in ``ChatView/customerNickname``).
        public static let customerNicknameChanged = Kind("customerNicknameChanged")
        /// The customer changed the chat's user data (GMS `updateData`); ``ChatView/userData``
        /// holds the new values.
        public static let customerDataUpdated = Kind("customerDataUpdated")

        public var description: String { name }
    }

    public var kind: Kind
    /// The customer's text, for ``Kind/customerText``; the notice, URL or new nickname for
    /// ``Kind/customerNotice``, ``Kind/customerPushedURL`` and ``Kind/customerNicknameChanged``;
    /// the text typed so far, if the customer's client sends it, for ``Kind/customerTypingStarted``.
    public var text: String?
    /// The timer's name, for ``Kind/timerFired``.
    public var timerName: String?
    /// For ``Kind/agentReplyFinished``: the kind of event the finished reply answered.
    public var answered: Kind?

    public init(_ kind: Kind, text: String? = nil, timerName: String? = nil, answered: Kind? = nil) {
        self.kind = kind
        self.text = text
        self.timerName = timerName
        self.answered = answered
    }

    public static let agentJoined = ChatEvent(.agentJoined)
    public static func customerText(_ text: String) -> ChatEvent { ChatEvent(.customerText, text: text) }
    public static let customerTypingStarted = ChatEvent(.customerTypingStarted)
    public static let customerTypingStopped = ChatEvent(.customerTypingStopped)
    public static let customerLeft = ChatEvent(.customerLeft)
    public static func timerFired(name: String) -> ChatEvent { ChatEvent(.timerFired, timerName: name) }
    public static func agentReplyFinished(answering answered: Kind) -> ChatEvent { ChatEvent(.agentReplyFinished, answered: answered) }

    public var description: String {
        if let text { return "\(kind)(\(text))" }
        if let timerName { return "\(kind)(\(timerName))" }
        if let answered { return "\(kind)(\(answered))" }
        return kind.name
    }
}

/// What the agent does in answer to one event: a script of actions carried out in order.
public struct AgentReply: Hashable, Sendable {
    public var actions: [AgentAction]
    /// Lines that explain how the responder decided (rule tried, rule matched, ...), shown by
    /// `--trace` and by failing conversation tests. Never sent to the customer.
    public var trace: [String]
    /// The ``ResponderPart/origin`` of every part of the responder that took part in deciding,
    /// in order: for a rules bot, each rule that fired (even one that passed the message on, or
    /// only laid down a memory). Coverage tools (`gws-emulator test --coverage`) read it.
    public var fired: [String]
    /// Set when the responder could not do its turn (its own storage refused a change it must keep
    /// before answering, such as a rules bot's customer memory): nothing of the reply is applied,
    /// the host logs this reason as an error and asks the responder again about the same event a
    /// second later, so the answer never goes out without what it had to keep. See ``failed(_:)``.
    public var failure: String?

    public init(_ actions: [AgentAction] = [], trace: [String] = [], fired: [String] = []) {
        self.actions = actions
        self.trace = trace
        self.fired = fired
    }

    /// The turn failed for `reason`: the host answers nothing now and asks again later.
    public static func failed(_ reason: String) -> AgentReply {
        var reply = AgentReply()
        reply.failure = reason
        return reply
    }

    /// Nothing to do.
    public static let none = AgentReply()
}

/// One part of a responder that can answer, such as one rule of a rules bot: what coverage
/// tools list, and what ``AgentAction/origin`` and ``AgentReply/fired`` refer to.
public struct ResponderPart: Hashable, Sendable {
    /// Where the part is written, such as `support.rules:12`: the value of ``AgentAction/origin``.
    public var origin: String
    /// How people read it, such as `support.rules:12 (order-status)`.
    public var name: String

    public init(origin: String, name: String) {
        self.origin = origin
        self.name = name
    }
}

/// One step of an agent's reply.
///
/// Steps run in order; each waits ``delay`` after the step before it (the first waits after the
/// core's reply delay, which the host adds to every answer to customer text).
public struct AgentAction: Hashable, Sendable {
    /// What the step does, with what it needs. A struct with a code rather than a public enum, so
    /// that kinds of steps can be added later; make one with the static members.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        /// Which kind of step.
        public struct Code: Hashable, Sendable, CustomStringConvertible {
            public let name: String
            public init(_ name: String) { self.name = name }
            public static let say = Code("say")
            public static let startTyping = Code("startTyping")
            public static let stopTyping = Code("stopTyping")
            public static let leave = Code("leave")
            public static let startTimer = Code("startTimer")
            public static let cancelTimer = Code("cancelTimer")
            public static let handover = Code("handover")
            public static let notice = Code("notice")
            public static let transfer = Code("transfer")
            public static let invite = Code("invite")
            public static let pushURL = Code("pushURL")
            public var description: String { name }
        }

        public var code: Code
        /// The message, for ``Code/say``; the notice for ``Code/notice``; the URL for
        /// ``Code/pushURL``; the typing preview (the text typed so far), if any, for
        /// ``Code/startTyping``.
        public var text: String?
        /// The timer's name, for ``Code/startTimer`` and ``Code/cancelTimer``.
        public var timerName: String?
        /// How long until the timer fires, for ``Code/startTimer``.
        public var timerDelay: Duration
        /// For ``Code/startTimer``: whether any later customer activity cancels the timer.
        public var cancelledByCustomer: Bool
        /// For ``Code/invite``: whether the invited participant is a supervisor.
        public var invitesSupervisor = false

        public init(_ code: Code, text: String? = nil, timerName: String? = nil, timerDelay: Duration = .zero, cancelledByCustomer: Bool = false) {
            self.code = code
            self.text = text
            self.timerName = timerName
            self.timerDelay = timerDelay
            self.cancelledByCustomer = cancelledByCustomer
        }

        /// Post a text message from the agent.
        public static func say(_ text: String) -> Kind { Kind(.say, text: text) }
        /// Post `TypingStarted` from the agent.
        public static let startTyping = Kind(.startTyping)
        /// Post `TypingStarted` from the agent with a typing preview: the text typed so far, which
        /// GWS carries in the message's `text`.
        public static func startTyping(preview: String) -> Kind { Kind(.startTyping, text: preview) }
        /// Post a `Notice` from the agent, with `text`.
        public static func notice(_ text: String) -> Kind { Kind(.notice, text: text) }
        /// Push a web page to the customer: a `PushUrl` message from the agent with the URL.
        public static func pushURL(_ url: String) -> Kind { Kind(.pushURL, text: url) }
        /// Transfer the chat to another agent: this agent leaves (`ParticipantLeft`, the chat goes
        /// on) and `name` joins as the agent. When `name` is a bot chats can choose by name
        /// (``ChatHostConfiguration/selectableBots``), that bot answers from then on, under its
        /// own nickname (it is told ``ChatEvent/Kind/agentJoined``); otherwise `name` is a person:
        /// the chat waits for one in the agent console, as after a hand-over. Steps after it in
        /// the same reply are ignored.
        public static func transfer(to name: String) -> Kind { Kind(.transfer, text: name) }
        /// Invite a second agent (or, with `supervisor`, a supervisor) called `name` into the chat:
        /// a `ParticipantJoined`; the agent stays. Nothing when `name` is there already.
        public static func invite(_ name: String, supervisor: Bool = false) -> Kind {
            var kind = Kind(.invite, text: name)
            kind.invitesSupervisor = supervisor
            return kind
        }
        /// Post `TypingStopped` from the agent.
        public static let stopTyping = Kind(.stopTyping)
        /// The agent leaves: `ParticipantLeft` from the agent, and the chat becomes `Idle`.
        public static let leave = Kind(.leave)
        /// Ask for ``ChatEvent/timerFired(name:)`` after `after`. A timer with the same name
        /// replaces the earlier one. With `cancelledByCustomer`, any later customer activity
        /// (text, typing, complete) cancels it: that is how a bot nudges a customer who went quiet.
        public static func startTimer(name: String, after: Duration, cancelledByCustomer: Bool) -> Kind {
            Kind(.startTimer, timerName: name, timerDelay: after, cancelledByCustomer: cancelledByCustomer)
        }
        /// Hand the chat over to a person: post `text` if given, then stop answering the chat; it
        /// is flagged as needing a person (the agent console shows it first) until a person takes
        /// it over. Steps after it in the same reply are ignored.
        public static func handover(_ text: String? = nil) -> Kind { Kind(.handover, text: text) }
        /// Cancel a pending timer by name; no effect when there is none.
        public static func cancelTimer(name: String) -> Kind { Kind(.cancelTimer, timerName: name) }

        public var description: String {
            switch code {
            case .say: "say(\(text ?? ""))"
            case .startTimer: "startTimer(\(timerName ?? ""), after: \(timerDelay))"
            case .cancelTimer: "cancelTimer(\(timerName ?? ""))"
            case .handover: text.map { "handover(\($0))" } ?? "handover"
            case .notice: "notice(\(text ?? ""))"
            case .pushURL: "pushURL(\(text ?? ""))"
            case .transfer: "transfer(to: \(text ?? ""))"
            case .invite: "invite(\(text ?? "")\(invitesSupervisor ? ", supervisor" : ""))"
            case .startTyping: text.map { "startTyping(\($0))" } ?? "startTyping"
            default: code.name
            }
        }
    }

    public var kind: Kind
    /// How long after the previous step of the same reply this one happens.
    public var delay: Duration
    /// Which part of the responder decided this step (a ``ResponderPart/origin``, such as a rule's
    /// `file:line`): kept with the message it posts, for tracing, coverage and the agent console.
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
    /// The whole transcript as it was when the responder was asked. Passing it costs nothing, and
    /// the chat goes on appending without copying it (see ``ChatTranscript``).
    public let messages: ChatTranscript

    public init(
        id: ChatID, state: ChatState, customerNickname: String, subject: String,
        userData: [String: String], agentNickname: String, messages: ChatTranscript
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
