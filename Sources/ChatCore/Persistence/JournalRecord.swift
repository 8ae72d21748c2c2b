import Foundation
import JSONText

/// One line of a chat's journal: an event that changed the chat.
///
/// The unit a ``ChatStore`` keeps. Replaying a chat's records in order rebuilds the chat exactly.
/// A struct around the core's own event type, so that new kinds of record can be added without
/// breaking a store written outside this package: a store only needs the line encoding
/// (``appendLine(to:)`` and `init(line:)`), one JSON object per line with an `"e"` field naming
/// the event, readable with `jq`.
public struct JournalRecord: Hashable, Sendable {
    let event: JournalEvent

    init(_ event: JournalEvent) { self.event = event }

    /// The current journal format; written in every `created` record, checked when reading one.
    package static let formatVersion = 1

    /// The transcript message this record adds, if it adds one.
    package var message: ChatMessage? {
        if case .message(let message) = event { return message }
        return nil
    }

    /// Whether this record creates its chat (it comes first in every chat's journal).
    package var createsChat: Bool {
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
    /// The bot handed the chat over and it waits for a person (`true`), or it no longer waits:
    /// a person took it, or the hand-over timed out (`false`).
    case handover(waiting: Bool)
    /// The customer changed the chat's user data (GMS `updateData`): the values set, merged over
    /// what the chat had.
    case userData([String: String])
    /// The chat was transferred: `agent` is the agent now, played by the bot called `bot`, or by
    /// a person when `nil`.
    case agentAssigned(bot: String?, agent: Participant)
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
        /// A step of the agent's reply that posts one message of `kind` with `text`: a notice, a
        /// pushed URL, a typing notification with a preview.
        case agentPost(ChatMessage.Kind, String)
        /// A step of the agent's reply: transfer the chat to `name` (``AgentAction/Kind/transfer(to:)``).
        case agentTransfer(String)
        /// A step of the agent's reply: invite `name` (``AgentAction/Kind/invite(_:supervisor:)``).
        case agentInvite(String, supervisor: Bool)
        case agentLeave
        case responderTimer(name: String, cancelledByCustomer: Bool)
        /// A step of the agent's reply: the bot hands the chat over to a person (saying the text
        /// first, if any).
        case agentHandover(String?)
        /// No person took a handed-over chat in time (``ChatHostConfiguration/handoverTimeout``).
        case handoverTimeout
        /// The customer has been idle for ``IdleControl/alertAfter``: alert them.
        case idleAlert
        /// The customer stayed idle after the alert: close the chat.
        case idleClose
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

    /// Periodic work, and the inactivity control's timers, that a test's `runUntilIdle` does not
    /// wait for.
    var isBackground: Bool { work == .systemMessage || work == .idleAlert || work == .idleClose }

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
        JSONWriter.append(to: &bytes) { json in
            json.beginObject()
            switch event {
            case .created(let creation):
                json.member(Key.kind, "created")
                json.member(Key.version, JournalRecord.formatVersion)
                json.member(Key.id, creation.id.description)
                json.member(Key.nickname, creation.customerNickname)
                json.member(Key.subject, creation.subject)
                json.member("userData", creation.userData)
                json.member(Key.seed, String(creation.seed))
                json.member(Key.time, Int(creation.time.journalMilliseconds))
                json.member(Key.bot, creation.bot)
            case .message(let message):
                json.member(Key.kind, "message")
                json.member(Key.index, message.index)
                json.member(Key.type, message.kind.name)
                json.member(Key.from, message.from.id)
                json.member(Key.nickname, message.from.nickname)
                json.member(Key.role, message.from.kind.name)
                json.member(Key.text, message.text)
                json.member(Key.time, Int(message.time.journalMilliseconds))
                json.member(Key.origin, message.origin)
                if let file = message.file {
                    json.member(Key.fileID, file.id.description)
                    json.member(Key.fileName, file.name)
                    json.member(Key.fileSize, file.size)
                    json.member(Key.fileType, file.contentType)
                }
            case .state(let state):
                json.member(Key.kind, "state")
                json.member(Key.state, state.rawValue)
            case .cursor(let count):
                json.member(Key.kind, "cursor")
                json.member(Key.number, count)
            case .scheduled(let step):
                json.member(Key.kind, "scheduled")
                json.member(Key.step, Int(step.id))
                json.member(Key.due, Int(step.due.journalMilliseconds))
                switch step.work {
                case .agentJoin: json.member(Key.work, "agentJoin")
                case .systemMessage: json.member(Key.work, "systemMessage")
                case .agentSay(let text):
                    json.member(Key.work, "say")
                    json.member(Key.text, text)
                case .agentTyping(let started):
                    json.member(Key.work, started ? "typingStarted" : "typingStopped")
                case .agentLeave: json.member(Key.work, "leave")
                case .agentTransfer(let name):
                    json.member(Key.work, "transfer")
                    json.member(Key.name, name)
                case .agentInvite(let name, let supervisor):
                    json.member(Key.work, "invite")
                    json.member(Key.name, name)
                    json.member(Key.person, supervisor)
                case .agentPost(let kind, let text):
                    json.member(Key.work, "post")
                    json.member(Key.type, kind.name)
                    json.member(Key.text, text)
                case .agentHandover(let text):
                    json.member(Key.work, "handover")
                    json.member(Key.text, text)
                case .handoverTimeout: json.member(Key.work, "handoverTimeout")
                case .idleAlert: json.member(Key.work, "idleAlert")
                case .idleClose: json.member(Key.work, "idleClose")
                case .responderTimer(let name, let cancelledByCustomer):
                    json.member(Key.work, "timer")
                    json.member(Key.name, name)
                    json.member(Key.cancelledByCustomer, cancelledByCustomer)
                case .respond(let event):
                    json.member(Key.work, "respond")
                    json.member(Key.event, event.kind.name)
                    json.member(Key.text, event.text)
                    json.member(Key.timer, event.timerName)
                    json.member(Key.answered, event.answered?.name)
                    json.member(Key.ready, step.isReady)
                }
                json.member(Key.origin, step.origin)
                json.member(Key.answering, step.answering?.name)
            case .finished(let id):
                json.member(Key.kind, "finished")
                json.member(Key.step, Int(id))
            case .memory(let set, let removed):
                json.member(Key.kind, "memory")
                json.member("set", set)
                json.member("removed", removed)
            case .random(let counter):
                json.member(Key.kind, "random")
                json.member(Key.number, String(counter))
            case .agentControl(let byPerson):
                json.member(Key.kind, "control")
                json.member(Key.person, byPerson)
            case .handover(let waiting):
                json.member(Key.kind, "handover")
                json.member(Key.person, waiting)
            case .userData(let values):
                json.member(Key.kind, "userData")
                json.member("userData", values)
            case .agentAssigned(let bot, let agent):
                json.member(Key.kind, "agent")
                json.member(Key.bot, bot)
                json.member(Key.from, agent.id)
                json.member(Key.nickname, agent.nickname)
                json.member(Key.role, agent.kind.name)
            }
            json.endObject()
        }
        bytes.append(UInt8(ascii: "\n"))
    }

    /// The member names, quoted once: a journal line is written for every change of every chat.
    private enum Key {
        static let answered = JSONKey("answered")
        static let answering = JSONKey("answering")
        static let bot = JSONKey("bot")
        static let cancelledByCustomer = JSONKey("cancelledByCustomer")
        static let due = JSONKey("due")
        static let event = JSONKey("event")
        static let fileID = JSONKey("fileId")
        static let fileName = JSONKey("fileName")
        static let fileSize = JSONKey("fileSize")
        static let fileType = JSONKey("fileType")
        static let from = JSONKey("from")
        static let id = JSONKey("id")
        static let index = JSONKey("index")
        static let kind = JSONKey("e")
        static let name = JSONKey("name")
        static let nickname = JSONKey("nickname")
        static let number = JSONKey("n")
        static let origin = JSONKey("origin")
        static let person = JSONKey("person")
        static let ready = JSONKey("ready")
        static let role = JSONKey("role")
        static let seed = JSONKey("seed")
        static let state = JSONKey("state")
        static let step = JSONKey("step")
        static let subject = JSONKey("subject")
        static let text = JSONKey("text")
        static let time = JSONKey("t")
        static let timer = JSONKey("timer")
        static let type = JSONKey("type")
        static let version = JSONKey("v")
        static let work = JSONKey("do")
    }
}

extension Date {
    /// Milliseconds since 1970: exact in the journal, where a `Double` of seconds would drift.
    var journalMilliseconds: Int64 { Int64((timeIntervalSince1970 * 1000).rounded()) }

    init(journalMilliseconds: Int64) {
        self.init(timeIntervalSince1970: TimeInterval(journalMilliseconds) / 1000)
    }
}
