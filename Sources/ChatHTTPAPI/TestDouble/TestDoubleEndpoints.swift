import ChatCore
import Foundation
import GWSChatClient
import HTTPServer
import JSONText
import LineFormat
import Logging
import Locking

/// `/emulator/clock`, `/emulator/reset`, `/emulator/requests` and `/emulator/faults`: the
/// emulator as a test double, driven over HTTP from any language.
extension ChatAPI {
    func control(_ request: HTTPRequest, _ route: ControlRoute) throws(APIError) -> HTTPResponse {
        switch (route, request.method) {
        case (.clock, "POST"): return try advanceClock(request)
        case (.clock, _): return Self.json(clockJSON { _ in })
        case (.reset, _): return try reset(request)
        case (.requests, "DELETE"):
            testDouble.record.removeAll()
            return Self.json(GWSWire.success)
        case (.requests, _): return try requests(request)
        case (.faults, "POST"): return try addFaults(request)
        case (.faults, "DELETE"):
            testDouble.faults.removeAll()
            return Self.json(GWSWire.success)
        case (.faults, _): return Self.json(faultsJSON(testDouble.faults.entries))
        }
    }

    // MARK: Time

    /// `{"clock": "virtual"|"wall", "now": ISO, "next": ISO, "pendingWork": bool}` plus `extra`.
    private func clockJSON(_ extra: (inout JSONWriter) -> Void) -> [UInt8] {
        var writer = JSONWriter()
        writer.beginObject()
        let virtual = testDouble.configuration.virtualClock
        writer.member("clock", virtual == nil ? "wall" : "virtual")
        writer.member("now", EmulatorJSON.timeText(host.clock.now()))
        if let virtual {
            if let next = virtual.nextDeadline { writer.member("next", EmulatorJSON.timeText(next)) }
            if let next = virtual.nextForegroundDeadline { writer.member("nextForeground", EmulatorJSON.timeText(next)) }
            writer.member("pendingWork", virtual.hasPendingWork)
        }
        extra(&writer)
        writer.member("statusCode", 0)
        writer.endObject()
        return writer.bytes
    }

    /// `{"advance": "5s"}` (or a number of seconds) moves the virtual clock, running what falls
    /// due; `{"advance": "quiet"}` runs until only background work is left, at most
    /// ``TestDoubleConfiguration/maxAdvance``. Answers once it is done, with the new time.
    private func advanceClock(_ request: HTTPRequest) throws(APIError) -> HTTPResponse {
        guard let clock = testDouble.configuration.virtualClock else {
            throw APIError(.fault(409), .invalidState, "The chats run on the wall clock; start the server with --clock virtual to move time over HTTP.")
        }
        let parameters = try OperationParameters(request)
        let limit = testDouble.configuration.maxAdvance
        guard let text = try parameters.optionalScalar("advance") else {
            throw APIError.missingParameter("advance")
        }
        if text == "quiet" {
            let (elapsed, idle) = testDouble.advancing.withLock { _ in clock.runUntilIdle(within: limit) }
            return Self.json(
                clockJSON { writer in
                    writer.member("advanced", DurationGrammar.format(elapsed))
                    writer.member("quiet", idle)
                    if !idle {
                        writer.member("message", "Stopped after \(DurationGrammar.format(elapsed)) of virtual time with work still pending (the bound is \(Self.readable(limit)) per call); advance again to go on.")
                    }
                })
        }
        guard let duration = DurationGrammar.duration(text) else {
            throw APIError.invalidParameter("advance", "must be a duration (\(DurationGrammar.examples)) or \"quiet\", not '\(text)'")
        }
        guard duration <= limit else {
            throw APIError.invalidParameter("advance", "must be at most \(Self.readable(limit)) per call, not \(text); call again to go further")
        }
        testDouble.advancing.withLock { _ in clock.advance(by: duration) }
        return Self.json(clockJSON { $0.member("advanced", DurationGrammar.format(duration)) })
    }

    /// `1h`, `10m`, `90s`: a bound as a person writes it.
    static func readable(_ duration: Duration) -> String {
        let seconds = duration.components.seconds
        if seconds > 0, seconds % 3600 == 0 { return "\(seconds / 3600)h" }
        if seconds > 0, seconds % 60 == 0 { return "\(seconds / 60)m" }
        return DurationGrammar.format(duration)
    }

    // MARK: A clean slate

    /// Every chat, cursor, customer memory, pending timer, fault and recorded request gone; the
    /// bots stay loaded. `{"seed": N}` reseeds.
    private func reset(_ request: HTTPRequest) throws(APIError) -> HTTPResponse {
        var seed: UInt64?
        if !request.body.allSatisfy({ [0x20, 0x09, 0x0A, 0x0D].contains($0) }) {
            if let text = try OperationParameters(request).optionalScalar("seed") {
                guard let value = UInt64(text) else { throw .invalidParameter("seed", "must be a whole number from 0 to \(UInt64.max), not '\(text)'") }
                seed = value
            }
        }
        testDouble.faults.removeAll()
        testDouble.record.removeAll()
        do {
            try host.reset(seed: seed)
        } catch {
            throw APIError(error)
        }
        transcripts.removeAll()
        for front in fronts { front.reset() }
        logger.info("reset", metadata: ["seed": "\(seed.map(String.init) ?? "-")"])
        return Self.json(clockJSON { _ in })
    }

    // MARK: The request record

    private func requests(_ request: HTTPRequest) throws(APIError) -> HTTPResponse {
        var chat: ChatID?
        if let item = request.queryItems.first(where: { $0.name == "chat" }) {
            guard let id = item.value.flatMap({ ChatID(validating: $0) }) else {
                throw .invalidParameter("chat", "must be a chat id, not '\(item.value ?? "")'")
            }
            chat = id
        }
        let (entries, dropped) = testDouble.record.entries(chat: chat)
        let limit = testDouble.record.limits.entries
        let json = EmulatorJSON.list("requests", entries, capacity: 128 + entries.count * 300) { entry, writer in
            writer.member("sequence", entry.sequence)
            writer.member("method", entry.method)
            writer.member("path", entry.target)
            if let operation = entry.operation { writer.member("operation", operation) }
            if let chat = entry.chat { writer.member("chat", chat.description) }
            if let status = entry.status { writer.member("status", status) } else { writer.member("closed", true) }
            writer.member("time", EmulatorJSON.timeText(entry.time))
            writer.member("wallTime", EmulatorJSON.timeText(entry.wallTime))
            writer.member("body", String(decoding: entry.body, as: UTF8.self))
            if entry.bodyBytes > entry.body.count { writer.member("bodyBytes", entry.bodyBytes) }
            if let fault = entry.fault { writer.member("fault", fault) }
        } trailer: { writer in
            writer.member("dropped", dropped)
            writer.member("limit", limit)
        }
        return Self.json(json)
    }

    // MARK: Faults

    /// A fault object, or `{"faults": [...]}` for several (all or none).
    private func addFaults(_ request: HTTPRequest) throws(APIError) -> HTTPResponse {
        let value: JSONValue
        do {
            value = try JSONParser.parse(request.body)
        } catch {
            throw APIError(.badRequest, .invalidParameter, error.description)
        }
        var objects: [[String: JSONValue]] = []
        switch value {
        case .object(let members):
            if case .array(let items)? = members["faults"] {
                for (index, item) in items.enumerated() {
                    guard case .object(let fault) = item else { throw .invalidParameter("faults[\(index)]", "must be an object, not \(item.typeName)") }
                    objects.append(fault)
                }
            } else {
                objects = [members]
            }
        default:
            throw APIError(.badRequest, .invalidParameter, "The body must be a fault object such as {\"operation\": \"SendMessage\", \"status\": 503}, not \(value.typeName).")
        }
        guard objects.count <= testDouble.faults.capacity else {
            throw .invalidParameter("faults", "holds \(objects.count) faults; at most \(testDouble.faults.capacity) can be in force at once")
        }
        var faults: [Fault] = []
        for (index, object) in objects.enumerated() {
            let source = objects.count == 1 ? "the fault" : "faults[\(index)]"
            var parameters: [String: String] = [:]
            for (key, member) in object {
                switch member {
                case .string(let text), .number(let text): parameters[key] = text
                default: throw .invalidParameter(key, "of \(source) must be a string or a number, not \(member.typeName)")
                }
            }
            guard let operation = parameters.removeValue(forKey: "operation") else {
                throw .invalidParameter("operation", "is missing in \(source): name an operation (\(testDouble.operations.joined(separator: ", "))) or *")
            }
            do {
                faults.append(try Fault(operation: operation, parameters: parameters, source: source, operations: testDouble.operations))
            } catch {
                throw APIError(.badRequest, .invalidParameter, error.message)
            }
        }
        let added: [FaultTable.Entry]
        do {
            added = try testDouble.faults.add(faults)
        } catch {
            throw APIError(.badRequest, .invalidParameter, error.message)
        }
        return Self.json(faultsJSON(added), status: .created)
    }

    private func faultsJSON(_ entries: [FaultTable.Entry]) -> [UInt8] {
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("faults")
        writer.beginArray()
        for entry in entries {
            let fault = entry.fault
            writer.beginObject()
            writer.member("id", entry.id)
            writer.member("operation", fault.operation)
            writer.member("fault", "\(fault.operation):\(fault.kind.compactText)")
            if let chat = fault.chat { writer.member("chat", chat.description) }
            if let times = fault.times { writer.member("remaining", times - entry.fired) }
            writer.member("fired", entry.fired)
            writer.endObject()
        }
        writer.endArray()
        writer.member("statusCode", 0)
        writer.endObject()
        return writer.bytes
    }
}
