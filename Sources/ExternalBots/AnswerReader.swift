import ChatCore
import Foundation
import JSONText

/// Reads the actions of a bot's answer one by one (see ``BotWire``), checking each member.
struct AnswerReader {
    var memory: ResponderMemory
    let limits: BotWire.Limits
    private(set) var actions: [AgentAction] = []
    private(set) var fired: [String] = []

    init(memory: ResponderMemory, limits: BotWire.Limits) {
        self.memory = memory
        self.limits = limits
    }

    /// The action types, for the error that refuses another.
    static let types = ["say", "memory", "startTimer", "cancelTimer", "handover", "transfer", "invite", "notice", "pushUrl", "leave"]

    mutating func read(_ item: JSONValue, at path: String) throws(BotAnswerError) {
        guard case .object(let members) = item else {
            throw BotAnswerError(member: path, "an action must be an object with a \"type\", not \(item.typeName)")
        }
        let object = Members(members, path: path)
        let type = try object.string("type")
        let origin = try object.optionalString("origin")
        let delay = try object.optionalSeconds("delay") ?? .zero
        let allowed: Set<String>
        switch type {
        case "say":
            allowed = ["text", "typing"]
            let text = try messageText(of: object, at: path)
            if let typing = try object.optionalSeconds("typing"), typing > .zero {
                actions.append(AgentAction(.startTyping, delay: delay, origin: origin))
                actions.append(AgentAction(.say(text), delay: typing, origin: origin))
            } else {
                actions.append(AgentAction(.say(text), delay: delay, origin: origin))
            }
        case "memory":
            allowed = ["values"]
            guard case .object(let values)? = members["values"] else {
                throw BotAnswerError(member: "\(path).values", "must be an object of strings (null removes a key)")
            }
            for key in values.keys.sorted() {
                switch values[key] {
                case .string(let value): memory[key] = value
                case .null: memory[key] = nil
                default: throw BotAnswerError(member: "\(path).values.\(key)", "must be a string or null, not \(values[key]?.typeName ?? "")")
                }
            }
        case "startTimer":
            allowed = ["name", "seconds", "cancelledByCustomer"]
            let name = try object.string("name")
            guard let seconds = try object.optionalSeconds("seconds") else {
                throw BotAnswerError(member: "\(path).seconds", "is required: how long until the timer fires")
            }
            let cancelled = try object.optionalBool("cancelledByCustomer") ?? false
            actions.append(AgentAction(.startTimer(name: name, after: seconds, cancelledByCustomer: cancelled), delay: delay, origin: origin))
        case "cancelTimer":
            allowed = ["name"]
            actions.append(AgentAction(.cancelTimer(name: try object.string("name")), delay: delay, origin: origin))
        case "handover":
            allowed = ["text"]
            actions.append(AgentAction(.handover(try object.optionalString("text")), delay: delay, origin: origin))
        case "transfer":
            allowed = ["to"]
            actions.append(AgentAction(.transfer(to: try object.name("to")), delay: delay, origin: origin))
        case "invite":
            allowed = ["name", "supervisor"]
            let name = try object.name("name")
            let supervisor = try object.optionalBool("supervisor") ?? false
            actions.append(AgentAction(.invite(name, supervisor: supervisor), delay: delay, origin: origin))
        case "notice":
            allowed = ["text"]
            actions.append(AgentAction(.notice(try messageText(of: object, at: path)), delay: delay, origin: origin))
        case "pushUrl":
            allowed = ["url"]
            let url = try object.string("url")
            guard let parsed = URLComponents(string: url), let scheme = parsed.scheme?.lowercased(),
                scheme == "http" || scheme == "https", parsed.host?.isEmpty == false
            else {
                throw BotAnswerError(member: "\(path).url", "must be an absolute http or https URL, not \"\(url.prefix(200))\"")
            }
            actions.append(AgentAction(.pushURL(url), delay: delay, origin: origin))
        case "leave":
            allowed = []
            actions.append(AgentAction(.leave, delay: delay, origin: origin))
        default:
            throw BotAnswerError(member: "\(path).type", "unknown action type \"\(type)\"; the types are \(Self.types.joined(separator: ", "))")
        }
        let common: Set<String> = ["type", "origin", "delay"]
        if let extra = members.keys.sorted().first(where: { !allowed.contains($0) && !common.contains($0) }) {
            throw BotAnswerError(member: "\(path).\(extra)", "not a member of a \"\(type)\" action")
        }
        if let origin, !fired.contains(origin) { fired.append(origin) }
    }

    /// The `text` of a `say` or a `notice`: a string within the limit of a message's length.
    private func messageText(of object: Members, at path: String) throws(BotAnswerError) -> String {
        let text = try object.string("text")
        guard text.count <= limits.maximumTextLength else {
            throw BotAnswerError(member: "\(path).text", "\(text.count) characters, more than the limit of \(limits.maximumTextLength)")
        }
        return text
    }
}

/// The members of one action, read with errors that name them.
private struct Members {
    let members: [String: JSONValue]
    let path: String

    init(_ members: [String: JSONValue], path: String) {
        self.members = members
        self.path = path
    }

    func string(_ name: String) throws(BotAnswerError) -> String {
        guard let value = try optionalString(name) else { throw BotAnswerError(member: "\(path).\(name)", "is required (a string)") }
        return value
    }

    /// A participant's name: a string that is not blank and has no line break, at most 256 characters.
    func name(_ member: String) throws(BotAnswerError) -> String {
        let value = try string(member)
        guard !value.allSatisfy(\.isWhitespace), !value.contains(where: \.isNewline), value.count <= 256 else {
            throw BotAnswerError(member: "\(path).\(member)", "must be a name: not blank, on one line, at most 256 characters")
        }
        return value
    }

    func optionalString(_ name: String) throws(BotAnswerError) -> String? {
        switch members[name] {
        case nil, .null?: return nil
        case .string(let value)?: return value
        case let other?: throw BotAnswerError(member: "\(path).\(name)", "must be a string, not \(other.typeName)")
        }
    }

    func optionalBool(_ name: String) throws(BotAnswerError) -> Bool? {
        switch members[name] {
        case nil, .null?: return nil
        case .bool(let value)?: return value
        case let other?: throw BotAnswerError(member: "\(path).\(name)", "must be true or false, not \(other.typeName)")
        }
    }

    /// A number of seconds from 0 to a day.
    func optionalSeconds(_ name: String) throws(BotAnswerError) -> Duration? {
        switch members[name] {
        case nil, .null?: return nil
        case .number(let text)?:
            guard let seconds = Double(text), seconds >= 0, seconds <= 86_400 else {
                throw BotAnswerError(member: "\(path).\(name)", "must be a number of seconds from 0 to 86400, not \(text)")
            }
            return .milliseconds(Int64((seconds * 1000).rounded()))
        case let other?:
            throw BotAnswerError(member: "\(path).\(name)", "must be a number of seconds, not \(other.typeName)")
        }
    }
}
