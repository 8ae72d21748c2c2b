import Foundation
import JSONText

/// Why a journal line could not be read back.
public struct JournalDecodingError: Error, Sendable, CustomStringConvertible {
    /// What is wrong with the line, for a log or a diagnostic.
    public var description: String

    public init(description: String) { self.description = description }
}

extension JournalRecord {
    /// Parses one journal line (without its newline).
    public init(line: some Collection<UInt8>) throws(JournalDecodingError) {
        self.init(try JournalEvent(line: line))
    }
}

// A restart reads every line of every journal, so a line is read member by member straight into
// the fields its record needs (JSONParser.readObject): no tree of JSON values and no dictionary
// per line. The syntax is checked as strictly as anywhere else, so a damaged line is reported
// rather than misread.

extension JournalEvent {
    init(line: some Collection<UInt8>) throws(JournalDecodingError) {
        var fields = LineFields()
        do {
            try JSONParser.readObject(Array(line)) { (name, parser) throws(JSONParseError) in try fields.read(name, from: &parser) }
        } catch {
            throw JournalDecodingError(description: error.description)
        }
        try self.init(fields)
    }

    private init(_ fields: LineFields) throws(JournalDecodingError) {
        switch try fields.required(fields.event, "e") {
        case "created":
            let version = try fields.required(fields.version, "v")
            guard version == JournalRecord.formatVersion else {
                throw JournalDecodingError(description: "journal format version \(version) is not supported (this build reads \(JournalRecord.formatVersion))")
            }
            guard let id = ChatID(validating: try fields.required(fields.id, "id")) else { throw JournalDecodingError(description: "invalid chat id") }
            guard let seed = UInt64(try fields.required(fields.seed, "seed")) else { throw JournalDecodingError(description: "invalid seed") }
            self = .created(ChatCreation(
                id: id, customerNickname: try fields.required(fields.nickname, "nickname"),
                subject: try fields.required(fields.subject, "subject"), userData: try fields.required(fields.userData, "userData"),
                seed: seed, time: Date(journalMilliseconds: try fields.required(fields.time, "t")), bot: fields.bot))
        case "message":
            guard let kind = ChatMessage.Kind(rawValue: try fields.required(fields.type, "type")),
                  let role = Participant.Kind(rawValue: try fields.required(fields.role, "role"))
            else { throw JournalDecodingError(description: "unknown message type or role") }
            self = .message(ChatMessage(
                index: Int(try fields.required(fields.index, "index")), kind: kind,
                from: Participant(id: try fields.required(fields.from, "from"), nickname: try fields.required(fields.nickname, "nickname"), kind: role),
                text: fields.text, time: Date(journalMilliseconds: try fields.required(fields.time, "t")), origin: fields.origin))
        case "state":
            guard let state = ChatState(rawValue: try fields.required(fields.state, "state")) else { throw JournalDecodingError(description: "unknown state") }
            self = .state(state)
        case "cursor":
            guard case .number(let count)? = fields.count else { throw LineFields.missing("n") }
            self = .cursor(Int(count))
        case "scheduled":
            let work: PendingStep.Work
            switch try fields.required(fields.work, "do") {
            case "agentJoin": work = .agentJoin
            case "systemMessage": work = .systemMessage
            case "say": work = .agentSay(try fields.required(fields.text, "text"))
            case "typingStarted": work = .agentTyping(started: true)
            case "typingStopped": work = .agentTyping(started: false)
            case "leave": work = .agentLeave
            case "timer":
                work = .responderTimer(
                    name: try fields.required(fields.name, "name"),
                    cancelledByCustomer: try fields.required(fields.cancelledByCustomer, "cancelledByCustomer"))
            case "respond":
                work = .respond(ChatEvent(
                    ChatEvent.Kind(try fields.required(fields.eventKind, "event")), text: fields.text,
                    timerName: fields.timer, answered: fields.answered.map(ChatEvent.Kind.init)))
            case let other: throw JournalDecodingError(description: "unknown scheduled step '\(other)'")
            }
            self = .scheduled(PendingStep(
                id: UInt64(try fields.required(fields.step, "step")), due: Date(journalMilliseconds: try fields.required(fields.due, "due")),
                work: work, origin: fields.origin, answering: fields.answering.map(ChatEvent.Kind.init),
                isReady: fields.ready ?? false))
        case "finished":
            self = .finished(UInt64(try fields.required(fields.step, "step")))
        case "memory":
            self = .memory(set: try fields.required(fields.set, "set"), removed: try fields.required(fields.removed, "removed"))
        case "random":
            guard case .text(let text)? = fields.count, let counter = UInt64(text) else { throw JournalDecodingError(description: "invalid counter") }
            self = .random(counter)
        case "control":
            self = .agentControl(byPerson: try fields.required(fields.person, "person"))
        case let other:
            throw JournalDecodingError(description: "unknown event '\(other)'")
        }
    }
}

/// The members of a journal line that some record uses; others are skipped.
private struct LineFields {
    var event: String?
    var version: Int64?
    var id: String?
    var nickname: String?
    var subject: String?
    var userData: [String: String]?
    var seed: String?
    var time: Int64?
    var index: Int64?
    var type: String?
    var from: String?
    var role: String?
    var text: String?
    var origin: String?
    var state: String?
    /// `n`: a number in `cursor`, a string (a 64-bit counter) in `random`.
    var count: NumberOrText?
    var step: Int64?
    var due: Int64?
    var work: String?
    var name: String?
    var cancelledByCustomer: Bool?
    var set: [String: String]?
    var removed: [String]?
    /// Of a `respond` step: the event's kind, its timer, the kind of event a reply answered,
    /// whether it is the front of the agent's queue.
    var eventKind: String?
    var timer: String?
    var answered: String?
    var answering: String?
    var ready: Bool?
    /// Of `created`: the bot the chat chose. Of `control`: whether a person plays the agent.
    var bot: String?
    var person: Bool?

    enum NumberOrText { case number(Int64), text(String) }

    mutating func read(_ name: String, from parser: inout JSONParser) throws(JSONParseError) {
        switch name {
        case "e": event = try parser.readString()
        case "v": version = try parser.readInteger()
        case "id": id = try parser.readString()
        case "nickname": nickname = try parser.readString()
        case "subject": subject = try parser.readString()
        case "userData": userData = try parser.readStringMap()
        case "seed": seed = try parser.readString()
        case "t": time = try parser.readInteger()
        case "index": index = try parser.readInteger()
        case "type": type = try parser.readString()
        case "from": from = try parser.readString()
        case "role": role = try parser.readString()
        case "text": text = try parser.readNull() ? nil : try parser.readString()
        case "origin": origin = try parser.readNull() ? nil : try parser.readString()
        case "state": state = try parser.readString()
        case "n": count = parser.isAtString ? .text(try parser.readString()) : .number(try parser.readInteger())
        case "step": step = try parser.readInteger()
        case "due": due = try parser.readInteger()
        case "do": work = try parser.readString()
        case "name": self.name = try parser.readString()
        case "cancelledByCustomer": cancelledByCustomer = try parser.readBool()
        case "set": set = try parser.readStringMap()
        case "removed": removed = try parser.readStringList()
        case "event": eventKind = try parser.readString()
        case "timer": timer = try parser.readNull() ? nil : try parser.readString()
        case "answered": answered = try parser.readNull() ? nil : try parser.readString()
        case "answering": answering = try parser.readNull() ? nil : try parser.readString()
        case "ready": ready = try parser.readBool()
        case "bot": bot = try parser.readNull() ? nil : try parser.readString()
        case "person": person = try parser.readBool()
        default: try parser.skipValue()
        }
    }

    func required<T>(_ value: T?, _ key: String) throws(JournalDecodingError) -> T {
        guard let value else { throw Self.missing(key) }
        return value
    }

    static func missing(_ key: String) -> JournalDecodingError {
        JournalDecodingError(description: "field '\(key)' is missing or has the wrong type")
    }
}
