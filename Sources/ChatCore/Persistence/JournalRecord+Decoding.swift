import Foundation
import JSONText

/// Why a journal line could not be read back.
public struct JournalDecodingError: Error, Sendable, CustomStringConvertible {
    /// What is wrong with the line, for a log or a diagnostic.
    public var description: String

    package init(description: String) { self.description = description }
}

extension JournalRecord {
    /// Parses one journal line (without its newline).
    public init(line: [UInt8]) throws(JournalDecodingError) {
        self.init(try JournalEvent(line: line))
    }

    /// Parses one journal line (without its newline).
    public init(line: some Collection<UInt8>) throws(JournalDecodingError) {
        try self.init(line: Array(line))
    }
}

// A restart reads every line of every journal, so a line is read member by member straight into
// the fields its record needs (JSONParser.readObject): no tree of JSON values and no dictionary
// per line. The syntax is checked as strictly as anywhere else, so a damaged line is reported
// rather than misread.

extension JournalEvent {
    init(line: [UInt8]) throws(JournalDecodingError) {
        var fields = LineFields()
        do {
            try JSONParser.readObject(line) { (name, parser) throws(JSONParseError) in try fields.read(name, from: &parser) }
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
            self = .created(
                ChatCreation(
                    id: id, customerNickname: try fields.required(fields.nickname, "nickname"),
                    subject: try fields.required(fields.subject, "subject"), userData: try fields.required(fields.userData, "userData"),
                    seed: seed, time: Date(journalMilliseconds: try fields.required(fields.time, "t")), bot: fields.bot))
        case "message":
            // Any type and role are kept, known to this build or not (the vocabularies grow).
            let type = try fields.required(fields.type, "type"), roleName = try fields.required(fields.role, "role")
            guard !type.isEmpty, !roleName.isEmpty else { throw JournalDecodingError(description: "empty message type or role") }
            let kind = ChatMessage.Kind(type), role = Participant.Kind(roleName)
            self = .message(
                ChatMessage(
                    index: Int(try fields.required(fields.index, "index")), kind: kind,
                    from: Participant(id: try fields.required(fields.from, "from"), nickname: try fields.required(fields.nickname, "nickname"), kind: role),
                    text: fields.text, time: Date(journalMilliseconds: try fields.required(fields.time, "t")), origin: fields.origin,
                    file: try fields.file()))
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
            case "transfer": work = .agentTransfer(try fields.required(fields.name, "name"))
            case "invite": work = .agentInvite(try fields.required(fields.name, "name"), supervisor: fields.person ?? false)
            case "post": work = .agentPost(ChatMessage.Kind(try fields.required(fields.type, "type")), try fields.required(fields.text, "text"))
            case "handover": work = .agentHandover(fields.text)
            case "handoverTimeout": work = .handoverTimeout
            case "idleAlert": work = .idleAlert
            case "idleClose": work = .idleClose
            case "timer":
                work = .responderTimer(
                    name: try fields.required(fields.name, "name"),
                    cancelledByCustomer: try fields.required(fields.cancelledByCustomer, "cancelledByCustomer"))
            case "respond":
                work = .respond(
                    ChatEvent(
                        ChatEvent.Kind(try fields.required(fields.eventKind, "event")), text: fields.text,
                        timerName: fields.timer, answered: fields.answered.map(ChatEvent.Kind.init)))
            case let other: throw JournalDecodingError(description: "unknown scheduled step '\(other)'")
            }
            self = .scheduled(
                PendingStep(
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
        case "handover":
            self = .handover(waiting: try fields.required(fields.person, "person"))
        case "agent":
            let role = try fields.required(fields.role, "role")
            guard !role.isEmpty else { throw JournalDecodingError(description: "empty role") }
            self = .agentAssigned(
                bot: fields.bot,
                agent: Participant(
                    id: try fields.required(fields.from, "from"), nickname: try fields.required(fields.nickname, "nickname"), kind: Participant.Kind(role)))
        case "userData":
            self = .userData(try fields.required(fields.userData, "userData"))
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
    /// Of `created`: the bot the chat chose. Of `control`: whether a person plays the agent; of
    /// `handover`: whether the chat waits for one.
    var bot: String?
    var person: Bool?
    /// Of a `message` about a file: the file.
    var fileID: String?
    var fileName: String?
    var fileSize: Int64?
    var fileType: String?

    /// The file of a `message`, when the line names one.
    func file() throws(JournalDecodingError) -> ChatFile? {
        guard let fileID else { return nil }
        guard let id = ChatFileID(validating: fileID) else { throw JournalDecodingError(description: "invalid file id") }
        let size = try required(fileSize, "fileSize")
        guard size >= 0, size <= Int64(Int32.max) else { throw JournalDecodingError(description: "invalid file size") }
        return ChatFile(id: id, name: try required(fileName, "fileName"), size: Int(size), contentType: try required(fileType, "fileType"))
    }

    enum NumberOrText { case number(Int64), text(String) }

    mutating func read(_ name: String, from parser: inout JSONParser) throws(JSONParseError) {
        // Cases in the order of how often the names occur: a switch on strings tries one after another.
        switch name {
        case "e": try once(&event, try parser.readString(), name, parser)
        case "step": try once(&step, try parser.readInteger(), name, parser)
        case "do": try once(&work, try parser.readString(), name, parser)
        case "due": try once(&due, try parser.readInteger(), name, parser)
        case "event": try once(&eventKind, try parser.readString(), name, parser)
        case "ready": try once(&ready, try parser.readBool(), name, parser)
        case "text": if try !parser.readNull() { try once(&text, try parser.readString(), name, parser) }
        case "index": try once(&index, try parser.readInteger(), name, parser)
        case "type": try once(&type, try parser.readString(), name, parser)
        case "from": try once(&from, try parser.readString(), name, parser)
        case "nickname": try once(&nickname, try parser.readString(), name, parser)
        case "role": try once(&role, try parser.readString(), name, parser)
        case "t": try once(&time, try parser.readInteger(), name, parser)
        case "origin": if try !parser.readNull() { try once(&origin, try parser.readString(), name, parser) }
        case "answered": if try !parser.readNull() { try once(&answered, try parser.readString(), name, parser) }
        case "answering": if try !parser.readNull() { try once(&answering, try parser.readString(), name, parser) }
        case "state": try once(&state, try parser.readString(), name, parser)
        case "n": try once(&count, parser.isAtString ? .text(try parser.readString()) : .number(try parser.readInteger()), name, parser)
        case "timer": if try !parser.readNull() { try once(&timer, try parser.readString(), name, parser) }
        case "name": try once(&self.name, try parser.readString(), name, parser)
        case "cancelledByCustomer": try once(&cancelledByCustomer, try parser.readBool(), name, parser)
        case "set": try once(&set, try parser.readStringMap(), name, parser)
        case "removed": try once(&removed, try parser.readStringList(), name, parser)
        case "v": try once(&version, try parser.readInteger(), name, parser)
        case "id": try once(&id, try parser.readString(), name, parser)
        case "subject": try once(&subject, try parser.readString(), name, parser)
        case "userData": try once(&userData, try parser.readStringMap(), name, parser)
        case "seed": try once(&seed, try parser.readString(), name, parser)
        case "bot": if try !parser.readNull() { try once(&bot, try parser.readString(), name, parser) }
        case "person": try once(&person, try parser.readBool(), name, parser)
        case "fileId": try once(&fileID, try parser.readString(), name, parser)
        case "fileName": try once(&fileName, try parser.readString(), name, parser)
        case "fileSize": try once(&fileSize, try parser.readInteger(), name, parser)
        case "fileType": try once(&fileType, try parser.readString(), name, parser)
        default: try parser.skipValue()
        }
    }

    /// Sets a field read from a member, refusing a member whose name came before.
    private func once<T>(_ field: inout T?, _ value: @autoclosure () throws(JSONParseError) -> T, _ name: String, _ parser: JSONParser) throws(JSONParseError) {
        guard field == nil else { throw parser.repeatedMemberError(name) }
        field = try value()
    }

    func required<T>(_ value: T?, _ key: String) throws(JournalDecodingError) -> T {
        guard let value else { throw Self.missing(key) }
        return value
    }

    static func missing(_ key: String) -> JournalDecodingError {
        JournalDecodingError(description: "field '\(key)' is missing or has the wrong type")
    }
}
