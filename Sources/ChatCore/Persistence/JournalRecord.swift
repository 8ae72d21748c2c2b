import Foundation
import JSONText

/// One line of a chat's journal: an event that changed the chat.
///
/// The unit a ``ChatStore`` keeps. Replaying a chat's records in order rebuilds the chat exactly.
/// A struct around the core's own event type, so that new kinds of record can be added without
/// breaking a store written outside this package: a store only needs the line encoding
/// (``appendLine(to:)`` and ``init(line:)``), one JSON object per line with an `"e"` field naming
/// the event, readable with `jq`.
public struct JournalRecord: Hashable, Sendable {
    let event: JournalEvent

    init(_ event: JournalEvent) { self.event = event }

    /// The current journal format; written in every `created` record, checked when reading one.
    public static let formatVersion = 1

    /// The transcript message this record adds, if it adds one.
    public var message: ChatMessage? {
        if case .message(let message) = event { return message }
        return nil
    }

    /// Whether this record creates its chat (it comes first in every chat's journal).
    public var createsChat: Bool {
        if case .created = event { return true }
        return false
    }
}

/// What a ``JournalRecord`` says happened; ``ChatRecord/apply(_:)`` carries it out.
enum JournalEvent: Hashable, Sendable {
    case created(ChatCreation)
    case message(ChatMessage)
    case state(ChatState)
    /// GetTranscript without an index has returned every message up to this count.
    case cursor(Int)
    case scheduled(PendingStep)
    /// A scheduled step ran or was cancelled.
    case finished(UInt64)
    case memory(set: [String: String], removed: [String])
    /// How many numbers the chat's generator has drawn.
    case random(UInt64)
    /// A person took the agent's place (`true`, the bot stops answering) or handed the chat
    /// back to the bot (`false`): the agent console's take-over.
    case agentControl(byPerson: Bool)
}

/// What a chat starts with.
struct ChatCreation: Hashable, Sendable {
    var id: ChatID
    var customerNickname: String
    var subject: String
    var userData: [String: String]
    var seed: UInt64
    var time: Date
    /// The bot the chat chose by name (RequestChat's `userData.bot`); `nil`: the host's default.
    var bot: String? = nil
}

/// A step the core will take later: the agent joining, a system message, a step of the agent's
/// reply, a responder's timer, or an event queued for the responder (see ``ChatBehaviour``).
struct PendingStep: Hashable, Sendable {
    enum Work: Hashable, Sendable {
        case agentJoin
        case systemMessage
        case agentSay(String)
        case agentTyping(started: Bool)
        case agentLeave
        case responderTimer(name: String, cancelledByCustomer: Bool)
        /// Ask the responder about an event: a place in the agent's queue.
        case respond(ChatEvent)
    }

    var id: UInt64
    var due: Date
    var work: Work
    var origin: String?
    /// For a reply step: the kind of event the reply answers.
    var answering: ChatEvent.Kind?
    /// For a `respond` step: it is the front of the agent's queue, `due` is final and its timer
    /// is armed. Queued events wait unarmed.
    var isReady = false

    /// Periodic work that a test's `runUntilIdle` does not wait for.
    var isBackground: Bool { work == .systemMessage }

    /// Whether the clock should run it: everything but a queued event that is not ready yet.
    var isArmable: Bool {
        if case .respond = work { return isReady }
        return true
    }
}

// MARK: - Encoding

extension JournalRecord {
    /// Appends the record as one JSON line, newline included.
    public func appendLine(to bytes: inout [UInt8]) {
        var json = JSONWriter()
        json.beginObject()
        switch event {
        case .created(let creation):
            json.member("e", "created")
            json.member("v", JournalRecord.formatVersion)
            json.member("id", creation.id.description)
            json.member("nickname", creation.customerNickname)
            json.member("subject", creation.subject)
            json.member("userData", creation.userData)
            json.member("seed", String(creation.seed))
            json.member("t", Int(creation.time.journalMilliseconds))
            json.member("bot", creation.bot)
        case .message(let message):
            json.member("e", "message")
            json.member("index", message.index)
            json.member("type", message.kind.rawValue)
            json.member("from", message.from.id)
            json.member("nickname", message.from.nickname)
            json.member("role", message.from.kind.rawValue)
            json.member("text", message.text)
            json.member("t", Int(message.time.journalMilliseconds))
            json.member("origin", message.origin)
        case .state(let state):
            json.member("e", "state")
            json.member("state", state.rawValue)
        case .cursor(let count):
            json.member("e", "cursor")
            json.member("n", count)
        case .scheduled(let step):
            json.member("e", "scheduled")
            json.member("step", Int(step.id))
            json.member("due", Int(step.due.journalMilliseconds))
            switch step.work {
            case .agentJoin: json.member("do", "agentJoin")
            case .systemMessage: json.member("do", "systemMessage")
            case .agentSay(let text):
                json.member("do", "say")
                json.member("text", text)
            case .agentTyping(let started):
                json.member("do", started ? "typingStarted" : "typingStopped")
            case .agentLeave: json.member("do", "leave")
            case .responderTimer(let name, let cancelledByCustomer):
                json.member("do", "timer")
                json.member("name", name)
                json.member("cancelledByCustomer", cancelledByCustomer)
            case .respond(let event):
                json.member("do", "respond")
                json.member("event", event.kind.name)
                json.member("text", event.text)
                json.member("timer", event.timerName)
                json.member("answered", event.answered?.name)
                json.member("ready", step.isReady)
            }
            json.member("origin", step.origin)
            json.member("answering", step.answering?.name)
        case .finished(let id):
            json.member("e", "finished")
            json.member("step", Int(id))
        case .memory(let set, let removed):
            json.member("e", "memory")
            json.member("set", set)
            json.member("removed", removed)
        case .random(let counter):
            json.member("e", "random")
            json.member("n", String(counter))
        case .agentControl(let byPerson):
            json.member("e", "control")
            json.member("person", byPerson)
        }
        json.endObject()
        bytes.append(contentsOf: json.bytes)
        bytes.append(UInt8(ascii: "\n"))
    }
}

extension Date {
    /// Milliseconds since 1970: exact in the journal, where a `Double` of seconds would drift.
    var journalMilliseconds: Int64 { Int64((timeIntervalSince1970 * 1000).rounded()) }

    init(journalMilliseconds: Int64) {
        self.init(timeIntervalSince1970: TimeInterval(journalMilliseconds) / 1000)
    }
}
