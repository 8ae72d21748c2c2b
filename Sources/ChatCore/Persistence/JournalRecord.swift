import Foundation

/// One line of a chat's journal: an event that changed the chat.
///
/// Replaying a journal's records in order rebuilds the chat exactly; see ``ChatRecord/apply(_:)``.
/// Every line is a JSON object with an `"e"` field naming the event, readable with `jq`.
enum JournalRecord: Hashable, Sendable {
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

    /// The current journal format; written in every `created` record.
    static let formatVersion = 1
}

/// What a chat starts with.
struct ChatCreation: Hashable, Sendable {
    var id: ChatID
    var customerNickname: String
    var subject: String
    var userData: [String: String]
    var seed: UInt64
    var time: Date
}

/// A step the core will take later: the agent joining, a system message, a step of the agent's
/// reply, or a responder's timer.
struct PendingStep: Hashable, Sendable {
    enum Work: Hashable, Sendable {
        case agentJoin
        case systemMessage
        case agentSay(String)
        case agentTyping(started: Bool)
        case agentLeave
        case responderTimer(name: String, cancelledByCustomer: Bool)
    }

    var id: UInt64
    var due: Date
    var work: Work
    var origin: String?

    /// Periodic work that a test's `runUntilIdle` does not wait for.
    var isBackground: Bool { work == .systemMessage }
}

// MARK: - Encoding

extension JournalRecord {
    /// The record as one JSON line, newline included.
    var line: String {
        var json = JSONLine()
        switch self {
        case .created(let creation):
            json.add("e", "created")
            json.add("v", JournalRecord.formatVersion)
            json.add("id", creation.id.description)
            json.add("nickname", creation.customerNickname)
            json.add("subject", creation.subject)
            json.add("userData", creation.userData)
            json.add("seed", String(creation.seed))
            json.add("t", creation.time.journalMilliseconds)
        case .message(let message):
            json.add("e", "message")
            json.add("index", message.index)
            json.add("type", message.kind.rawValue)
            json.add("from", message.from.id)
            json.add("nickname", message.from.nickname)
            json.add("role", message.from.kind.rawValue)
            json.add("text", message.text)
            json.add("t", message.time.journalMilliseconds)
            json.add("origin", message.origin)
        case .state(let state):
            json.add("e", "state")
            json.add("state", state.rawValue)
        case .cursor(let count):
            json.add("e", "cursor")
            json.add("n", count)
        case .scheduled(let step):
            json.add("e", "scheduled")
            json.add("step", step.id)
            json.add("due", step.due.journalMilliseconds)
            switch step.work {
            case .agentJoin: json.add("do", "agentJoin")
            case .systemMessage: json.add("do", "systemMessage")
            case .agentSay(let text):
                json.add("do", "say")
                json.add("text", text)
            case .agentTyping(let started):
                json.add("do", started ? "typingStarted" : "typingStopped")
            case .agentLeave: json.add("do", "leave")
            case .responderTimer(let name, let cancelledByCustomer):
                json.add("do", "timer")
                json.add("name", name)
                json.add("cancelledByCustomer", cancelledByCustomer)
            }
            json.add("origin", step.origin)
        case .finished(let id):
            json.add("e", "finished")
            json.add("step", id)
        case .memory(let set, let removed):
            json.add("e", "memory")
            json.add("set", set)
            json.add("removed", removed)
        case .random(let counter):
            json.add("e", "random")
            json.add("n", String(counter))
        }
        return json.line
    }
}

extension Date {
    /// Milliseconds since 1970: exact in the journal, where a `Double` of seconds would drift.
    var journalMilliseconds: Int64 { Int64((timeIntervalSince1970 * 1000).rounded()) }

    init(journalMilliseconds: Int64) {
        self.init(timeIntervalSince1970: TimeInterval(journalMilliseconds) / 1000)
    }
}

// MARK: - Decoding

/// Why a journal line could not be read back.
struct JournalDecodingError: Error, CustomStringConvertible {
    var description: String
}

extension JournalRecord {
    /// Parses one journal line (without its newline).
    init(line: Substring) throws {
        guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
            throw JournalDecodingError(description: "not a JSON object")
        }
        let fields = JournalFields(object)
        switch try fields.string("e") {
        case "created":
            let version = try fields.int("v")
            guard version == JournalRecord.formatVersion else {
                throw JournalDecodingError(description: "journal format version \(version) is not supported (this build reads \(JournalRecord.formatVersion))")
            }
            guard let id = ChatID(validating: try fields.string("id")) else { throw JournalDecodingError(description: "invalid chat id") }
            guard let seed = UInt64(try fields.string("seed")) else { throw JournalDecodingError(description: "invalid seed") }
            self = .created(ChatCreation(
                id: id, customerNickname: try fields.string("nickname"), subject: try fields.string("subject"),
                userData: try fields.stringMap("userData"), seed: seed, time: Date(journalMilliseconds: try fields.int("t"))))
        case "message":
            guard let kind = ChatMessage.Kind(rawValue: try fields.string("type")),
                  let role = Participant.Kind(rawValue: try fields.string("role"))
            else { throw JournalDecodingError(description: "unknown message type or role") }
            self = .message(ChatMessage(
                index: Int(try fields.int("index")), kind: kind,
                from: Participant(id: try fields.string("from"), nickname: try fields.string("nickname"), kind: role),
                text: fields.optionalString("text"), time: Date(journalMilliseconds: try fields.int("t")),
                origin: fields.optionalString("origin")))
        case "state":
            guard let state = ChatState(rawValue: try fields.string("state")) else { throw JournalDecodingError(description: "unknown state") }
            self = .state(state)
        case "cursor":
            self = .cursor(Int(try fields.int("n")))
        case "scheduled":
            let work: PendingStep.Work
            switch try fields.string("do") {
            case "agentJoin": work = .agentJoin
            case "systemMessage": work = .systemMessage
            case "say": work = .agentSay(try fields.string("text"))
            case "typingStarted": work = .agentTyping(started: true)
            case "typingStopped": work = .agentTyping(started: false)
            case "leave": work = .agentLeave
            case "timer":
                work = .responderTimer(name: try fields.string("name"), cancelledByCustomer: try fields.bool("cancelledByCustomer"))
            case let other: throw JournalDecodingError(description: "unknown scheduled step '\(other)'")
            }
            self = .scheduled(PendingStep(
                id: UInt64(try fields.int("step")), due: Date(journalMilliseconds: try fields.int("due")),
                work: work, origin: fields.optionalString("origin")))
        case "finished":
            self = .finished(UInt64(try fields.int("step")))
        case "memory":
            self = .memory(set: try fields.stringMap("set"), removed: try fields.stringList("removed"))
        case "random":
            guard let counter = UInt64(try fields.string("n")) else { throw JournalDecodingError(description: "invalid counter") }
            self = .random(counter)
        case let other:
            throw JournalDecodingError(description: "unknown event '\(other)'")
        }
    }
}

/// Typed access to the fields of a decoded journal line, with errors that name the field.
private struct JournalFields {
    let object: [String: Any]
    init(_ object: [String: Any]) { self.object = object }

    func string(_ key: String) throws -> String {
        guard let value = object[key] as? String else { throw missing(key) }
        return value
    }

    func optionalString(_ key: String) -> String? { object[key] as? String }

    func int(_ key: String) throws -> Int64 {
        guard let number = object[key] as? NSNumber, let value = Int64(exactly: number.doubleValue) else { throw missing(key) }
        return value
    }

    func bool(_ key: String) throws -> Bool {
        guard let value = object[key] as? Bool else { throw missing(key) }
        return value
    }

    func stringMap(_ key: String) throws -> [String: String] {
        guard let value = object[key] as? [String: String] else { throw missing(key) }
        return value
    }

    func stringList(_ key: String) throws -> [String] {
        guard let value = object[key] as? [String] else { throw missing(key) }
        return value
    }

    private func missing(_ key: String) -> JournalDecodingError {
        JournalDecodingError(description: "field '\(key)' is missing or has the wrong type")
    }
}
