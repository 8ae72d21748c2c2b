public import Foundation

/// How a ``ChatHost`` times and seeds its chats. The defaults are the original emulator's.
public struct ChatHostConfiguration: Sendable {
    /// How long after RequestChat the agent joins. Default 1–3 s; zero joins at once.
    public var agentJoinDelay = DelayRange.seconds(1, 3)
    /// How long the agent takes to answer a customer message once it comes to the front of the
    /// agent's queue (after the agent's previous reply). Default 0–2 s.
    public var replyDelay = DelayRange.seconds(0, 2)
    /// How often the system participant posts "Current Time: ..." while a chat is open.
    /// Default 20 s; zero turns the messages off.
    public var systemMessageInterval: Duration = .seconds(20)
    /// At most this many "Current Time" messages in a row without the customer doing anything
    /// (writing or typing): then they pause until the customer's next activity. Bounds what a
    /// chat left open and quiet costs: default 30 (10 minutes at 20 s), about 8 KB of memory and
    /// journal per quiet chat, so 20,000 quiet open chats stop growing at about 160 MB.
    public var maxQuietSystemMessages = 30
    /// How long an ended (`Idle`) chat is kept, in memory and in its journal, after it ended;
    /// then it is removed (GetChat answers 404). Applied at start and while running. Default 24
    /// hours; `nil` keeps ended chats for ever.
    public var completedChatRetention: Duration? = .seconds(24 * 60 * 60)
    /// How large RequestChat's nickname, subject and `userData` may be.
    public var requestChatLimits = RequestChatLimits()
    /// What a customer may attach to a chat (GMS file transfer); see ``ChatFileLimits``.
    public var fileLimits = ChatFileLimits()
    /// How large one chat's transcript may grow, in bytes: each message counts its text's UTF-8
    /// bytes plus `ChatMessage.fixedTranscriptBytes` (128), so texts and notifications alike
    /// are bounded. A message that would take an open chat past it is not added: the system
    /// participant says why, the agent leaves and the chat ends (`Idle`), and the operation that
    /// sent it is refused (GWS 400, code 2, naming the limit). Messages that end a chat
    /// (ParticipantLeft) are always added. Default 4 MiB (4,194,304 bytes): four GetTranscript
    /// answers, at least 32,768 messages, about 75 times the 54 KB transcript Genesys documents as
    /// its agent desktop's limit (Chat Server itself sets none). `nil` leaves transcripts unbounded.
    public var maxTranscriptBytes: Int? = 4 * 1024 * 1024
    /// Whether the agent shows typing: `false` leaves out every typing notification of every bot
    /// and the typing time before its messages (`serve --typing off`), so that with every delay at
    /// zero the agent answers at once. Pauses between messages and timers are kept. Default `true`.
    public var showsTyping = true
    /// The seed of every random choice (chat ids, delays, the responder's picks). The same seed
    /// and the same requests give the same transcripts, which makes chat ids guessable by design
    /// (one id gives the seed back, and with it every other id). `nil`, the default: chat ids and
    /// each chat's seed come from the system's secure random source.
    public var seed: UInt64?
    /// Told about every message and every responder trace, for logs and tools.
    public var observer: (any ChatObserver)?
    /// The time zone of the system participant's "Current Time" messages: the server's (`TZ`) by
    /// default, as the original's.
    public var timeZone: TimeZone = .current
    /// Where the responder is asked: on the clock's thread by default (deterministic on a
    /// ``ManualClock``), or ``ResponderExecution/workerThreads(_:)`` for servers.
    public var responderExecution: ResponderExecution = .onClockThread
    /// The bots a chat can choose by name with RequestChat's `userData.bot` (an unknown name is
    /// refused); `nil`, the default: every chat gets the host's responder and `bot` is ordinary
    /// user data.
    public var selectableBots: (any ResponderDirectory)?

    /// How long a chat the bot handed over (``AgentAction/Kind/handover(_:)``) waits for a person
    /// before the bot is told (``ChatEvent/Kind/handoverTimedOut``) and answers again; `nil`, the
    /// default, waits as long as it takes.
    public var handoverTimeout: Duration?

    /// Chat Server's inactivity control: an idle customer is alerted, then the chat is closed.
    /// `nil`, the default, never closes a chat for inactivity (as Chat Server, where it is off
    /// unless enabled).
    public var idleControl: IdleControl?

    /// Whether the system participant posts `TranscriptSaveDone` once a chat has ended and its
    /// last words are in (the agent left, the chat was closed for inactivity, or the customer
    /// left and the bot said its farewell): the transcript is saved, as Chat Server tells a
    /// chat's parties once it has stored the transcript. Off by default (`serve
    /// --transcript-save-done`): the original emulator, and GWS's documented life cycle, end a
    /// chat with its `ParticipantLeft`.
    public var announcesTranscriptSave = false

    /// The `userData` key that chooses a chat's bot.
    public static let botKey = "bot"

    public init() {}
}

/// Bots found by name, for chats that choose one (``ChatHostConfiguration/selectableBots``).
public protocol ResponderDirectory: Sendable {
    /// The responder called `name`, or `nil` when there is none.
    func responder(named name: String) -> (any Responder)?
    /// Every name, for the message that refuses an unknown one.
    var names: [String] { get }
}

/// Where a host runs its responder's ``Responder/respond(to:context:)`` calls. Never on the
/// thread of a customer operation: those only queue the event and return.
public struct ResponderExecution: Sendable {
    /// Hands one call over to be run, as the host does for each responder call.
    public let submit: @Sendable (@escaping @Sendable () -> Void) -> Void

    /// Runs each call through `submit`, which must run it exactly once, on any thread.
    public init(_ submit: @escaping @Sendable (@escaping @Sendable () -> Void) -> Void) {
        self.submit = submit
    }

    /// On the thread that runs the clock's timers, at once: a ``ManualClock`` test stays
    /// deterministic, and a ``SystemClock`` runs one call at a time.
    public static let onClockThread = ResponderExecution { $0() }

    /// On `threads` long-lived worker threads taking calls first in, first out, so that a slow
    /// bot in one chat delays neither the timers nor the answers of other chats. Calls of one
    /// chat still run one at a time, in order. The threads stop once the value (and every host
    /// using it) is released. Dispatch's global pool, used before, started and retired threads
    /// with the load and spent most of a SendMessage in system calls.
    public static func workerThreads(_ threads: Int = ProcessInfo.processInfo.activeProcessorCount) -> ResponderExecution {
        let pool = WorkerPool(threads: threads, name: "responder")
        return ResponderExecution { pool.submit($0) }
    }
}

/// Watches what happens in a host's chats. Called with the chat's lock held: return quickly.
public protocol ChatObserver: Sendable {
    /// A message was added to a chat's transcript (and written to its journal).
    func chat(_ id: ChatID, added message: ChatMessage)
    /// The responder explained how it answered `event`.
    func chat(_ id: ChatID, responderTrace: [String], for event: ChatEvent)
}

extension ChatObserver {
    public func chat(_ id: ChatID, added message: ChatMessage) {}
    public func chat(_ id: ChatID, responderTrace: [String], for event: ChatEvent) {}
}
