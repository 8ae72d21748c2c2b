import Foundation
public import ChatCore

/// The original emulator's agent: answers every customer message by its last character.
///
/// The text is trimmed, then `!` → `Neat.`, `?` → `Good question...`, `.` → `Ok.`, and anything
/// else → the trimmed text followed by ` to you too!`.
public struct LastCharacterResponder: Responder {
    /// The name `--bot` selects it by.
    package static let botName = "last-character"

    public let agentNickname: String

    public init(agentNickname: String = "Roboto") {
        self.agentNickname = agentNickname
    }

    /// It answers customer texts only.
    public func wantsEvents(of kind: ChatEvent.Kind) -> Bool { kind == .customerText }

    public func respond(to event: ChatEvent, context: inout ResponderContext) -> AgentReply {
        guard event.kind == .customerText, let text = event.text else { return .none }
        return AgentReply([.say(Self.answer(to: text), origin: Self.botName)])
    }

    /// The original's answer to one message.
    package static func answer(to text: String) -> String {
        // Most messages have nothing to trim: skip Foundation's trimming (14,000 instructions,
        // a tenth of a SendMessage) when neither end is white space.
        let scalars = text.unicodeScalars
        let needsTrim = scalars.first.map { $0.properties.isWhitespace } != false || scalars.last?.properties.isWhitespace == true
        let trimmed = needsTrim ? text.trimmingCharacters(in: .whitespacesAndNewlines) : text
        switch trimmed.last {
        case "!": return "Neat."
        case "?": return "Good question..."
        case ".": return "Ok."
        default: return trimmed + " to you too!"
        }
    }
}
