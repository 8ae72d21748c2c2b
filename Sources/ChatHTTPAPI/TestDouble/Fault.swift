package import ChatCore
import LineFormat
import Foundation

/// One fault a test asked for: which requests it matches, what it does, how many times.
///
/// Written as an object (`POST /emulator/faults`: `{"operation": "SendMessage", "status": 503,
/// "times": 2}`) or compactly (`serve --fault 'SendMessage:503:times=2'`, a faults file, RequestChat's
/// `userData.emulatorFaults`); both go through the same ``FaultKind`` table.
package struct Fault: Sendable, Equatable {
    /// An operation name: GWS's (``Fault/operations``), another front's (`gms.send`: the GMS
    /// front's table names them), or `*` for every one.
    package var operation: String
    /// Only requests on this chat, or any chat.
    package var chat: ChatID?
    /// How many more requests it applies to; `nil`: every one.
    package var times: Int?
    package var kind: FaultKind

    package init(operation: String, chat: ChatID? = nil, times: Int? = nil, kind: FaultKind) {
        self.operation = operation
        self.chat = chat
        self.times = times
        self.kind = kind
    }

    /// The GWS operations a fault can match, besides `*` and other fronts' operations
    /// (``ChatFront/operationNames``).
    package static let operations = [
        "RequestChat", "SendMessage", "SendStartTypingNotification", "SendStopTypingNotification", "Complete", "GetChat", "GetTranscript",
    ]

    /// The most `times` a fault may ask for (a larger count is every time, so say nothing).
    static let maxTimes = 1_000_000

    /// Whether it applies to a request of `operation` on `chat`.
    func matches(operation requested: String, chat requestedChat: ChatID?) -> Bool {
        (operation == "*" || operation == requested) && (chat == nil || chat == requestedChat)
    }

    /// `SendMessage:503:times=2`, `*:delay=2s:real`, `RequestChat:agent-never-joins`: the
    /// operation (one of `operations`, or `*`), the kind (a bare status number is `status=N`),
    /// then options (`times=N`, `chat=ID`, `clock=real`; `real` alone is `clock=real`).
    package init(compact text: String, operations: [String] = Fault.operations) throws(FaultError) {
        let fields = text.split(separator: ":", omittingEmptySubsequences: false).map { String($0).trimmingCharacters(in: .whitespaces) }
        guard fields.count >= 2, !fields[0].isEmpty, !fields[1].isEmpty else {
            throw FaultError("'\(text)' is not a fault; write OPERATION:KIND[:OPTION...], such as SendMessage:503:times=2 or RequestChat:agent-never-joins.")
        }
        var parameters: [String: String] = [:]
        for (position, field) in fields.enumerated().dropFirst() {
            let pair = field.split(separator: "=", maxSplits: 1).map(String.init)
            let name = pair.first ?? ""
            let value = pair.count == 2 ? pair[1] : nil
            if position == 1 {
                if Int(name) != nil, value == nil {
                    parameters["kind"] = "status"
                    parameters["status"] = name
                } else {
                    parameters["kind"] = name
                    if let value { parameters[FaultKind.valueParameter(of: name) ?? name] = value }
                }
            } else if name == "real" || name == "virtual", value == nil {
                parameters["clock"] = name
            } else {
                guard let value else { throw FaultError("Option '\(field)' of the fault '\(text)' needs a value (NAME=VALUE).") }
                guard parameters[name] == nil else { throw FaultError("Option '\(name)' is given twice in the fault '\(text)'.") }
                parameters[name] = value
            }
        }
        try self.init(operation: fields[0], parameters: parameters, source: "the fault '\(text)'", operations: operations)
    }

    /// The object form's members, as text: `operation`, `kind` (implied by `status` or `delay`),
    /// the kind's value (`status`, `delay`, `after`), `clock`, `times`, `chat`.
    init(operation: String, parameters given: [String: String], source: String, operations: [String] = Fault.operations) throws(FaultError) {
        var parameters = given
        guard operation == "*" || operations.contains(operation) else {
            throw FaultError("Unknown operation '\(operation)' in \(source); use * or one of \(operations.joined(separator: ", ")).")
        }
        var kindName = parameters.removeValue(forKey: "kind")
        if kindName == nil {
            kindName = FaultKind.table.first { $0.valueName != nil && parameters[$0.valueName!] != nil }?.name
        }
        guard let kindName, let entry = FaultKind.table.first(where: { $0.name == kindName }) else {
            throw FaultError("\(source.prefix(1).uppercased() + source.dropFirst()) needs a kind: \(FaultKind.table.map(\.name).joined(separator: ", ")) (or a status number).")
        }
        let value = entry.valueName.flatMap { parameters.removeValue(forKey: $0) }
        let clock = parameters.removeValue(forKey: "clock")
        kind = try entry.make(value, clock, source)
        self.operation = operation
        if let text = parameters.removeValue(forKey: "times") {
            guard let count = Int(text), (1...Self.maxTimes).contains(count) else {
                throw FaultError("'times' in \(source) must be a whole number from 1 to \(Self.maxTimes), not '\(text)'.")
            }
            times = count
        }
        if let text = parameters.removeValue(forKey: "chat") {
            guard let id = ChatID(validating: text) else { throw FaultError("'chat' in \(source) must be a chat id, not '\(text)'.") }
            guard !Self.requestsAChat(operation) else {
                throw FaultError("A \(operation) fault cannot name a chat (the chat does not exist yet), in \(source).")
            }
            chat = id
        }
        if let unknown = parameters.keys.sorted().first {
            throw FaultError("Unknown option '\(unknown)' in \(source); options are times, chat and clock (for delay).")
        }
    }

    /// Whether the operation starts a chat (so a fault on it cannot name one): `RequestChat`, or
    /// another front's (`gms.requestChat`).
    static func requestsAChat(_ operation: String) -> Bool {
        operation == "RequestChat" || operation.hasSuffix(".requestChat")
    }

    /// Parses a faults file: one compact fault per line; blank lines and `#` comments skipped.
    package static func parseFile(_ text: String, path: String, operations: [String] = Fault.operations) throws(FaultError) -> [Fault] {
        var faults: [Fault] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { continue }
            do {
                faults.append(try Fault(compact: trimmed, operations: operations))
            } catch {
                throw FaultError("\(path):\(number + 1): \(error.message)")
            }
        }
        return faults
    }
}

/// What a fault does. HTTP kinds replace or spoil the answer; chat kinds let the request through
/// and change the chat (`ChatFault`).
package enum FaultKind: Sendable, Equatable {
    /// Answer this HTTP status with a GWS error body; the operation is not carried out.
    case status(Int)
    /// Carry out the operation, and answer after `delay` of the chats' clock (virtual on a
    /// virtual clock), or of the wall clock when `real`.
    case delay(Duration, real: Bool)
    /// Close the connection without an answer; the operation is not carried out.
    case closeWithoutAnswer
    /// Carry out the operation, answer, then close the connection.
    case answerThenClose
    /// Put a chat fault in force in the request's chat, then carry out the operation (at
    /// RequestChat: the new chat starts with it).
    case chat(ChatFault)

    /// One row per kind: its name, the name of its value (if it takes one) and how it is made.
    /// A new kind (such as the chat vocabulary's `transfer`, `idle-alert`, `idle-close`) is one row
    /// here and, for a chat kind, one case of `ChatFault`.
    struct Entry: Sendable {
        let name: String
        let valueName: String?
        let summary: String
        let make: @Sendable (_ value: String?, _ clock: String?, _ source: String) throws(FaultError) -> FaultKind
    }

    static let table: [Entry] = [
        Entry(name: "status", valueName: "status", summary: "answer this HTTP status (400-599) with a GWS error body") { value, _, source throws(FaultError) in
            guard let text = value, let code = Int(text), (400...599).contains(code) else {
                throw FaultError("'status' in \(source) must be an HTTP status from 400 to 599, not '\(value ?? "")'.")
            }
            return .status(code)
        },
        Entry(name: "delay", valueName: "delay", summary: "answer after this long (virtual time on a virtual clock; clock=real for wall time)") { value, clock, source throws(FaultError) in
            guard let text = value, let duration = DurationGrammar.duration(text), duration <= maxDelay else {
                throw FaultError("'delay' in \(source) must be a duration of at most \(DurationGrammar.format(maxDelay)) (\(DurationGrammar.examples)), not '\(value ?? "")'.")
            }
            guard clock == nil || clock == "real" || clock == "virtual" else {
                throw FaultError("'clock' in \(source) must be real or virtual, not '\(clock ?? "")'.")
            }
            return .delay(duration, real: clock == "real")
        },
        Entry(name: "close", valueName: nil, summary: "close the connection without an answer") { _, _, _ in .closeWithoutAnswer },
        Entry(name: "answer-then-close", valueName: nil, summary: "answer, then close the connection") { _, _, _ in .answerThenClose },
        Entry(name: "agent-never-joins", valueName: nil, summary: "the chat stays WaitingForAgent") { _, _, _ in .chat(.agentNeverJoins) },
        Entry(name: "agent-leaves", valueName: "after", summary: "the agent leaves on the Nth customer message (default 1)") { value, _, source throws(FaultError) in
            guard let count = Int(value ?? "1"), (1...10_000).contains(count) else {
                throw FaultError("'after' in \(source) must be a number of customer messages from 1 to 10000, not '\(value ?? "")'.")
            }
            return .chat(.agentLeaves(afterCustomerMessages: count))
        },
        Entry(name: "bot-silent", valueName: nil, summary: "the agent stays and never answers") { _, _, _ in .chat(.botStopsAnswering) },
        Entry(name: "end-chat", valueName: nil, summary: "the server ends the chat (the agent leaves)") { _, _, _ in .chat(.chatEndedByServer) },
        Entry(name: "transfer", valueName: "to", summary: "the chat is transferred to this agent: a bot's name (it takes over) or a person's (the chat waits for one in the agent console)") { value, _, source throws(FaultError) in
            guard let name = value, !name.isEmpty, name.utf8.count <= 256 else {
                throw FaultError("'to' in \(source) must name the agent to transfer to (a bot or a person, at most 256 bytes), such as transfer=sam.")
            }
            return .chat(.transfer(to: name))
        },
        Entry(name: "idle", valueName: nil, summary: "the customer counts as idle: an IdleAlert now, and the server closes the chat (IdleClose) after --idle-close (default 45s) unless the customer acts") { _, _, _ in .chat(.customerIdle) },
    ]

    /// The longest delay a fault may ask for.
    static let maxDelay: Duration = .seconds(300)

    static func valueParameter(of kind: String) -> String? { table.first { $0.name == kind }?.valueName }

    /// The compact form's kind: `503`, `delay=2s`, `agent-leaves=3`, `close`.
    var compactText: String {
        switch self {
        case .status(let code): "\(code)"
        case .delay(let duration, let real): "delay=\(DurationGrammar.format(duration))\(real ? ":clock=real" : "")"
        case .closeWithoutAnswer: "close"
        case .answerThenClose: "answer-then-close"
        case .chat(.agentNeverJoins): "agent-never-joins"
        case .chat(.agentLeaves(let count)): "agent-leaves=\(count)"
        case .chat(.botStopsAnswering): "bot-silent"
        case .chat(.chatEndedByServer): "end-chat"
        case .chat(.customerIdle): "idle"
        case .chat(.transfer(let name)): "transfer=\(name)"
        }
    }
}

/// A fault that cannot be read, with what and where.
package struct FaultError: Error, Sendable, Equatable, CustomStringConvertible {
    package var message: String
    package init(_ message: String) { self.message = message }
    package var description: String { message }
}
