package import ChatCore
import Foundation
import JSONText

/// The JSON an external bot (`webhook:` or `exec:`) reads and writes: one owner for the format,
/// documented as a JSON schema in docs/external-bots.md.
///
/// **Event** (version 1), one JSON object:
/// `{"version":1,"sequence":7,"chatId":"…","event":"customerText","text":"hi","nickname":"Ann",
/// "subject":"…","state":"Chatting","userData":{…},"memory":{…},"seed":123}` (`text`, `timer`
/// and `answered` only for the events that have them).
///
/// **Answer**: a JSON array of actions, each an object with a `type`: `say` (`text`, optional
/// `typing` and `delay` in seconds), `memory` (`values`: a string sets a key, `null` removes
/// it), `startTimer` (`name`, `seconds`, optional `cancelledByCustomer`), `cancelTimer`
/// (`name`), `handover` (optional `text`), `leave`. Any action may carry an `origin` (what
/// answered, for coverage). An empty body is an empty answer.
package enum BotWire {
    /// The version of the event and answer format (sent as `version`, and in the
    /// `X-GWS-Bot-Version` header of a webhook's POST).
    package static let version = 1

    /// The limits on one answer: bytes, actions, characters of one text.
    package struct Limits: Sendable, Hashable {
        package var maximumBytes = 256 * 1024
        package var maximumActions = 100
        package var maximumTextLength = 16 * 1024
        package init() {}
    }

    /// The event as one line of JSON (no newline inside: strings escape theirs).
    package static func encode(_ event: ChatEvent, context: ResponderContext, sequence: UInt64, seed: UInt64) -> [UInt8] {
        var writer = JSONWriter()
        writer.beginObject()
        writer.member("version", version)
        writer.member("sequence", Int(truncatingIfNeeded: sequence))
        writer.member("chatId", context.chat.id.description)
        writer.member("event", event.kind.name)
        writer.member("text", event.text)
        writer.member("timer", event.timerName)
        writer.member("answered", event.answered?.name)
        writer.member("nickname", context.chat.customerNickname)
        writer.member("subject", context.chat.subject)
        writer.member("state", context.chat.state.rawValue)
        writer.member("userData", context.chat.userData)
        writer.member("memory", context.memory.values)
        // 53 bits: a JavaScript number holds it exactly.
        writer.member("seed", Int(truncatingIfNeeded: seed & (1 << 53 - 1)))
        writer.endObject()
        return writer.bytes
    }

    /// Reads an answer into the agent's reply and the bot's memory after it.
    /// - Throws: ``BotAnswerError`` naming the member at fault, such as `[1].seconds`.
    package static func decode(_ bytes: [UInt8], memory: ResponderMemory, limits: Limits = Limits()) throws(BotAnswerError) -> (AgentReply, ResponderMemory) {
        guard bytes.count <= limits.maximumBytes else {
            throw BotAnswerError(member: "", "the answer is \(bytes.count) bytes, more than the limit of \(limits.maximumBytes)")
        }
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return (.none, memory) }
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            throw BotAnswerError(member: "", "not JSON: \(error)")
        }
        guard case .array(let items) = value else {
            throw BotAnswerError(member: "", "the answer must be a JSON array of actions, not \(value.typeName)")
        }
        guard items.count <= limits.maximumActions else {
            throw BotAnswerError(member: "", "\(items.count) actions, more than the limit of \(limits.maximumActions)")
        }
        var reader = AnswerReader(memory: memory, limits: limits)
        for (index, item) in items.enumerated() { try reader.read(item, at: "[\(index)]") }
        return (AgentReply(reader.actions, fired: reader.fired), reader.memory)
    }
}

/// What is wrong with a bot's answer, and where (a member path such as `[2].seconds`).
package struct BotAnswerError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The member at fault: `[INDEX]` for an action, `[INDEX].NAME` for one of its members,
    /// empty for the answer as a whole.
    package var member: String
    package var reason: String

    package init(member: String, _ reason: String) {
        self.member = member
        self.reason = reason
    }

    package var description: String { member.isEmpty ? "invalid answer: \(reason)" : "invalid answer at \(member): \(reason)" }
}

extension ResponderAnswer {
    /// Reads `bytes` as a bot's answer to the event of `context` and delivers it, or the failure
    /// that names the member at fault (`source` says which bot, for the log).
    func deliver(_ bytes: [UInt8], context: ResponderContext, limits: BotWire.Limits, source: String) {
        do {
            let (reply, memory) = try BotWire.decode(bytes, memory: context.memory, limits: limits)
            var context = context
            context.memory = memory
            self.reply(reply, context: context)
        } catch {
            fail("\(source): \(error)")
        }
    }
}
