import ChatCore
import Foundation
import LineFormat
import PCRE2

/// Forms at run time: while a form runs, each message is first offered to it (values for its
/// slots, corrections, yes or no to the confirmation, cancel); a message that gives it nothing
/// goes to the rules, and if no rule answers, the form asks its question again.
extension RuleEngine {
    /// The form the chat is filling, if any.
    var activeForm: CompiledForm? {
        memory[CompiledForm.activeKey].flatMap { book.forms[$0] }
    }

    /// What `rule` answered, followed by what the form it starts (`start-form`) says about the
    /// same message; the answer as it was when the rule starts no form.
    mutating func startingForm(of rule: CompiledRule, after answer: Answer, input: PreparedInput, hops: Int) -> Answer {
        guard let name = rule.startsForm, let form = book.forms[name] else { return answer }
        if memory[CompiledForm.activeKey] != name {
            memory[CompiledForm.activeKey] = name
            memory[CompiledForm.askingKey] = nil
            firedRules.append(form.part)
            trace.append("form \(name) (\(form.location.fileAndLine)) started")
        }
        guard let formAnswer = formAnswer(form, input: input, starting: true, hops: hops) else { return answer }
        return Answer(
            messages: answer.messages + formAnswer.messages, rule: formAnswer.messages.isEmpty ? answer.rule : formAnswer.rule,
            leavesChat: answer.leavesChat || formAnswer.leavesChat, handover: answer.handover ?? formAnswer.handover,
            followUps: answer.followUps + formAnswer.followUps)
    }

    /// The form's answer to a message; `nil` when the message gives it nothing (no value, no yes
    /// or no to its confirmation, no cancel) and it is not `starting`: then the rules try.
    mutating func formAnswer(_ form: CompiledForm, input: PreparedInput, starting: Bool, hops: Int) -> Answer? {
        let asking = memory[CompiledForm.askingKey]
        if let cancel = form.cancel, (try? cancel.pattern.pattern.firstMatch(in: input.subject, scratch: scratch)) != nil {
            trace.append("form \(form.name): cancelled by `\(cancel.pattern.written)` (line \(cancel.pattern.location.line))")
            let answer = run(cancel.part, input: input, hops: hops)
            end(form)
            return answer
        }
        // An answer to a `match` slot's question is taken whole (an address may hold any word);
        // any other message may hold values for several slots, and corrections.
        var found: [(slot: CompiledForm.Slot, value: String)] = []
        if let asked = form.slots.first(where: { $0.name == asking }), let value = answer(to: asked, in: input) {
            found = [(asked, value)]
        } else {
            found = form.slots.compactMap { slot in listedValue(of: slot, in: input).map { (slot, $0) } }
        }
        var gotValue = false, changed = false
        for (slot, value) in found {
            if let check = slot.check, !check.evaluate({ $0 == slot.name ? value : variable($0) }) {
                trace.append("form \(form.name): \(slot.name) \"\(value)\" fails its check; asking again")
                memory[CompiledForm.askingKey] = slot.name
                return run(slot.invalidPart ?? slot.part, input: input, hops: hops)
            }
            gotValue = true
            firedRules.append(slot.part)
            let old = memory.variable(slot.name)
            guard old != value else { continue }
            memory.setVariable(slot.name, value)
            changed = true
            trace.append("form \(form.name): \(slot.name) = \"\(value)\"" + (old.map { " (was \"\($0)\")" } ?? ""))
        }
        if asking == CompiledForm.confirming, !changed {
            if let yes = form.yes, (try? yes.firstMatch(in: input.subject, scratch: scratch)) != nil {
                trace.append("form \(form.name): confirmed")
                return finish(form, input: input, hops: hops)
            }
            if let names = form.slotNames, let found = try? names.firstMatch(in: input.subject, scratch: scratch),
                let slot = form.slots.first(where: { CompiledForm.spoken($0.name) == found[1]?.lowercased() })
            {
                trace.append("form \(form.name): the customer names \(slot.name); asking for it again")
                memory.setVariable(slot.name, "")
                return next(form, input: input, hops: hops)
            }
            if let no = form.no, (try? no.firstMatch(in: input.subject, scratch: scratch)) != nil, let confirm = form.confirm {
                trace.append("form \(form.name): not confirmed; asking what to change")
                if let change = form.change { return run(change, input: input, hops: hops) }
                memory.previousRule = book.rules[confirm].stateKey
                return Answer(messages: [applyReplyCase(CompiledForm.defaultChange)], rule: book.rules[confirm], leavesChat: false)
            }
        }
        guard gotValue || starting else { return nil }
        return next(form, input: input, hops: hops)
    }

    /// A message that neither the form nor any rule took: the question again (`retry` if the
    /// slot has one), or the confirmation again.
    mutating func formAsksAgain(_ form: CompiledForm, input: PreparedInput) -> Answer {
        let asking = memory[CompiledForm.askingKey]
        if let slot = form.slots.first(where: { $0.name == asking }), memory.variable(slot.name) == nil {
            trace.append("form \(form.name): no \(slot.name) in the answer; asking again")
            return run(slot.retryPart ?? slot.part, input: input, hops: 0)
        }
        trace.append("form \(form.name): nothing for the form; asking again")
        return next(form, input: input, hops: 0)
    }

    /// The first slot still empty is asked; once all are filled, the confirmation, or the end.
    private mutating func next(_ form: CompiledForm, input: PreparedInput, hops: Int) -> Answer {
        if let missing = form.slots.first(where: { memory.variable($0.name) == nil }) {
            memory[CompiledForm.askingKey] = missing.name
            trace.append("form \(form.name): asking for \(missing.name)")
            return run(missing.part, input: input, hops: hops)
        }
        if let confirm = form.confirm {
            memory[CompiledForm.askingKey] = CompiledForm.confirming
            trace.append("form \(form.name): every slot is filled; confirming")
            return run(confirm, input: input, hops: hops)
        }
        trace.append("form \(form.name): every slot is filled")
        return finish(form, input: input, hops: hops)
    }

    /// `done` (its `set` lines first), then the form ends.
    private mutating func finish(_ form: CompiledForm, input: PreparedInput, hops: Int) -> Answer {
        let answer = run(form.done, input: input, hops: hops)
        end(form)
        return answer
    }

    /// The form is over: its slots are emptied and the chat is in no form.
    private mutating func end(_ form: CompiledForm) {
        for slot in form.slots { memory.setVariable(slot.name, "") }
        if memory[CompiledForm.activeKey] == form.name {
            memory[CompiledForm.activeKey] = nil
            memory[CompiledForm.askingKey] = nil
        }
    }

    /// Says a part of the form (a rule without patterns, so it always answers).
    private mutating func run(_ part: Int, input: PreparedInput, hops: Int) -> Answer {
        if case .answered(let answer) = attempt(book.rules[part], input: input, hops: hops) { return answer }
        return Answer(messages: [], rule: book.rules[part], leavesChat: false)
    }

    /// The value of the last of the slot's `value` words in the message, if any.
    private func listedValue(of slot: CompiledForm.Slot, in input: PreparedInput) -> String? {
        guard let pattern = slot.valuePattern, let found = try? pattern.firstMatch(in: input.subject, scratch: scratch), let word = found[1] else { return nil }
        return slot.canonical[word.split(whereSeparator: \.isWhitespace).joined(separator: " ").lowercased()]
    }

    /// What the slot's `match` pattern takes from an answer to its question (group 1 if the
    /// pattern has groups, else the whole match).
    private func answer(to slot: CompiledForm.Slot, in input: PreparedInput) -> String? {
        guard let match = slot.match, let found = try? match.pattern.firstMatch(in: input.subject, scratch: scratch) else { return nil }
        let captured = RuleMatch(input: input, match: found, pattern: match)
        let value = (found.byteRanges.count > 1 ? captured.capture(1) : nil) ?? captured.capture(0) ?? ""
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }
}
