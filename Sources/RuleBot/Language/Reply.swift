import Foundation
import LineFormat

/// One alternative of a rule's replies: messages to send, or an action on the matching itself.
struct Reply: Hashable, Sendable {
    enum Action: Hashable, Sendable {
        /// Send these messages, in order (`||` separates them in the file).
        case say([Template])
        /// `=> next`: this rule gives up; try the next matching rule (ELIZA's NEWKEY).
        case next
        /// `=> goto NAME [with TEXT]`: continue with that keyword's or rule's patterns, on the same
        /// message or on TEXT (ELIZA's `=KEY` and `PRE`).
        case goto(target: String, rewrite: Template?)
        /// `=> redirect TEXT`: answer as if the customer had said TEXT.
        case redirect(Template)
        /// `=> handover [TEXT]`: say TEXT (if any) and hand the chat over to a person.
        case handover(Template?)
        /// `=> notice TEXT`: post a `Notice` with TEXT.
        case notice(Template)
        /// `=> push URL`: push the page at URL to the customer (`PushUrl`).
        case push(Template)
        /// `=> transfer to NAME`: the chat goes to another agent (a bot's name or a person's).
        case transfer(Template)
        /// `=> invite NAME` / `=> invite supervisor NAME`: a second agent or a supervisor joins.
        case invite(Template, supervisor: Bool)
    }

    var action: Action
    /// For `pick weighted`: how likely this reply is relative to the others.
    var weight: Int
    var location: SourceLocation

    /// Parses the text after `reply` (or `reply[WEIGHT]`).
    static func parse(_ text: String, weight: Int, at location: SourceLocation, lists: [String: [String]] = [:]) throws(TemplateError) -> Reply {
        if text.hasPrefix("=>") {
            let command = text.dropFirst(2).trimmingCharacters(in: .whitespaces)
            let commandLocation = location.movedRight(by: text.count - command.count)
            let words = command.split(separator: " ", maxSplits: 1).map(String.init)
            switch words.first {
            case "next"?:
                guard words.count == 1 else { throw TemplateError(location: commandLocation, message: "`=> next` takes nothing after it") }
                return Reply(action: .next, weight: weight, location: location)
            case "goto"?:
                guard words.count == 2 else { throw TemplateError(location: commandLocation, message: "`=> goto` needs a keyword or rule name, such as `=> goto WHAT`") }
                let rest = words[1]
                let target: String, rewrite: Template?
                if let withRange = rest.range(of: " with ") {
                    target = String(rest[..<withRange.lowerBound]).trimmingCharacters(in: .whitespaces)
                    let rewriteText = String(rest[withRange.upperBound...])
                    let offset = text.count - rewriteText.count
                    rewrite = try Template.parse(rewriteText, at: location.movedRight(by: offset), lists: lists)
                } else {
                    target = rest.trimmingCharacters(in: .whitespaces)
                    rewrite = nil
                }
                guard !target.isEmpty, !target.contains(where: \.isWhitespace) else {
                    throw TemplateError(location: commandLocation, message: "`\(target)` is not a keyword or rule name")
                }
                return Reply(action: .goto(target: target, rewrite: rewrite), weight: weight, location: location)
            case "redirect"?:
                guard words.count == 2 else { throw TemplateError(location: commandLocation, message: "`=> redirect` needs the text to answer instead, such as `=> redirect where is my order`") }
                let offset = text.count - words[1].count
                return Reply(action: .redirect(try Template.parse(words[1], at: location.movedRight(by: offset), lists: lists)), weight: weight, location: location)
            case "handover"?:
                let offset = text.count - (words.count == 2 ? words[1].count : 0)
                let message = words.count == 2 ? try Template.parse(words[1], at: location.movedRight(by: offset), lists: lists) : nil
                return Reply(action: .handover(message), weight: weight, location: location)
            case "notice"?:
                guard words.count == 2 else { throw TemplateError(location: commandLocation, message: "`=> notice` needs the notice's text, such as `=> notice Your order has shipped`") }
                let offset = text.count - words[1].count
                return Reply(action: .notice(try Template.parse(words[1], at: location.movedRight(by: offset), lists: lists)), weight: weight, location: location)
            case "push"?:
                guard words.count == 2, !words[1].contains(where: \.isWhitespace) else {
                    throw TemplateError(location: commandLocation, message: "`=> push` needs one URL without spaces, such as `=> push https://example.com/help`")
                }
                let offset = text.count - words[1].count
                if !words[1].hasPrefix("{"), !["https://", "http://", "/"].contains(where: { words[1].lowercased().hasPrefix($0) }) {
                    throw TemplateError(location: location.movedRight(by: offset), message: "`\(words[1])` is not a web address: `=> push` takes an http:// or https:// URL (or a path from /, or a {variable} holding one)")
                }
                return Reply(action: .push(try Template.parse(words[1], at: location.movedRight(by: offset), lists: lists)), weight: weight, location: location)
            case "transfer"?:
                let rest = words.count == 2 ? words[1] : ""
                guard rest.hasPrefix("to "), case let name = rest.dropFirst(3).trimmingCharacters(in: .whitespaces), !name.isEmpty else {
                    throw TemplateError(location: commandLocation, message: "`=> transfer` needs `to` and the agent's name (a bot's, or a person's), such as `=> transfer to billing`")
                }
                let offset = text.count - name.count
                return Reply(action: .transfer(try Template.parse(name, at: location.movedRight(by: offset), lists: lists)), weight: weight, location: location)
            case "invite"?:
                let rest = words.count == 2 ? words[1] : ""
                let supervisor = rest.hasPrefix("supervisor ")
                let name = (supervisor ? String(rest.dropFirst("supervisor ".count)) : rest).trimmingCharacters(in: .whitespaces)
                guard !name.isEmpty else {
                    throw TemplateError(location: commandLocation, message: "`=> invite` needs the name of who joins, such as `=> invite Pat` or `=> invite supervisor Dana`")
                }
                let offset = text.count - name.count
                return Reply(action: .invite(try Template.parse(name, at: location.movedRight(by: offset), lists: lists), supervisor: supervisor), weight: weight, location: location)
            default:
                throw TemplateError(location: commandLocation, message: "unknown reply action `=> \(command)`; use `=> next`, `=> goto NAME [with TEXT]`, `=> redirect TEXT`, `=> handover [TEXT]`, `=> notice TEXT`, `=> push URL`, `=> transfer to NAME` or `=> invite [supervisor] NAME` (write `\\=>` to say `=>`)")
            }
        }
        var messages: [Template] = []
        for (piece, offset) in splitMessages(text) {
            let trimmed = piece.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else { throw TemplateError(location: location.movedRight(by: offset), message: "empty message in a reply; remove the extra `||`") }
            let leading = piece.count - piece.drop(while: { $0 == " " }).count
            if trimmed.hasPrefix("=>") {
                throw TemplateError(location: location.movedRight(by: offset + leading), message: "`\(trimmed)` after `||` would be sent as text: an action (`=> next`, `goto`, `redirect`) must be the whole reply; write `{redirect: TEXT}` to put another answer in the message, or `\\=>` to send `=>`")
            }
            messages.append(try Template.parse(trimmed, at: location.movedRight(by: offset + leading), lists: lists))
        }
        return Reply(action: .say(messages), weight: weight, location: location)
    }

    /// Splits on `||` outside escapes; each piece with its character offset.
    private static func splitMessages(_ text: String) -> [(String, Int)] {
        var pieces: [(String, Int)] = []
        var current = "", start = 0, index = 0
        let characters = Array(text)
        while index < characters.count {
            if characters[index] == "\\", index + 1 < characters.count {
                current.append(characters[index]); current.append(characters[index + 1]); index += 2; continue
            }
            if characters[index] == "|", index + 1 < characters.count, characters[index + 1] == "|" {
                pieces.append((current, start)); current = ""; index += 2; start = index; continue
            }
            current.append(characters[index]); index += 1
        }
        pieces.append((current, start))
        return pieces
    }

    var templates: [Template] {
        switch action {
        case .say(let messages): messages
        case .goto(_, let rewrite?): [rewrite]
        case .redirect(let template): [template]
        case .handover(let template?): [template]
        case .notice(let template), .push(let template), .transfer(let template), .invite(let template, _): [template]
        default: []
        }
    }
}
