import Foundation
import LineFormat
import PCRE2

/// `form` blocks: slots asked until all are known, then `confirm` and `done`.
extension RuleCompiler {
    /// What a form's lines said, before its parts are made.
    private struct SlotDraft {
        var name: String
        var location: SourceLocation
        var ask: Reply?
        var retry: Reply?
        var invalid: Reply?
        var values: [(canonical: String, words: [String], location: SourceLocation)] = []
        var match: CompiledRule.CompiledPattern?
        var check: Condition?
    }

    /// The lines a form takes, for the message about an unknown one.
    static let formLines = "slot, ask, value, match, check, invalid, retry, confirm, yes, no, change, done, set, leave, cancel and cancelled"

    /// Compiles a `form` block, appending its parts (header, slots, confirm, done, ...) to `rules`.
    mutating func compileForm(_ block: RuleFileSyntax.Block, rules: inout [CompiledRule]) -> CompiledForm? {
        let errorsBefore = errorCount
        guard let name = block.name else { return nil }
        var slots: [SlotDraft] = []
        var steps: [String: (reply: Reply, location: SourceLocation)] = [:]
        var cancel: CompiledRule.CompiledPattern?
        var yes: CompiledRule.CompiledPattern?, no: CompiledRule.CompiledPattern?
        var assignments: [CompiledRule.Assignment] = []
        var leaves = false
        let flags = options.defaultFlags

        /// A reply line; `saysOnly`: text, not an action.
        func reply(_ line: DirectiveLine, saysOnly: Bool) -> Reply? {
            guard !line.argument.isEmpty else {
                diagnostics.append(.error(.syntax, at: line.location, "`\(line.directive)` needs the text to say after it"))
                return nil
            }
            do throws(TemplateError) {
                let parsed = try Reply.parse(line.argument, weight: 1, at: line.argumentLocation)
                if case .say = parsed.action { return parsed }
                if saysOnly || parsed.action == .next {
                    diagnostics.append(.error(.template, at: line.argumentLocation, "`\(line.directive)` says text\(saysOnly ? "" : " or does `=> goto NAME` / `=> redirect TEXT`"); `\(line.argument)` cannot be used here"))
                    return nil
                }
                return parsed
            } catch {
                diagnostics.append(.error(.template, at: error.location, error.message))
                return nil
            }
        }

        for line in block.body {
            let argument = line.argument
            let slotLines: Set = ["ask", "retry", "invalid", "value", "match", "check"]
            if slotLines.contains(line.directive), slots.isEmpty {
                diagnostics.append(.error(.misplacedDirective, at: line.location, "`\(line.directive)` belongs to a slot: write `slot NAME` above it"))
                continue
            }
            switch line.directive {
            case "slot":
                guard let slotName = RuleFileParser.validName(argument) else {
                    diagnostics.append(.error(.syntax, at: line.argumentLocation, "a slot needs a name of letters, digits, '-' or '_', such as `slot size` (its value is the variable $size)"))
                    continue
                }
                if Self.builtInVariables.contains(slotName) {
                    diagnostics.append(.error(.syntax, at: line.argumentLocation, "`\(slotName)` is a built-in variable (`{$\(slotName)}`), so a slot of that name would never hold its value; choose another name"))
                    continue
                }
                if let earlier = slots.first(where: { $0.name == slotName }) {
                    diagnostics.append(.error(.duplicateName, at: line.argumentLocation, "form \(name) already has a slot \(slotName) at line \(earlier.location.line)"))
                    continue
                }
                slots.append(SlotDraft(name: slotName, location: line.location))
            case "ask", "retry", "invalid":
                guard let parsed = reply(line, saysOnly: true) else { continue }
                let keyPath: WritableKeyPath<SlotDraft, Reply?> = line.directive == "ask" ? \.ask : line.directive == "retry" ? \.retry : \.invalid
                if slots[slots.count - 1][keyPath: keyPath] != nil {
                    diagnostics.append(.error(.duplicateName, at: line.location, "slot \(slots[slots.count - 1].name) already has a `\(line.directive)` line"))
                    continue
                }
                slots[slots.count - 1][keyPath: keyPath] = parsed
            case "value":
                let (canonicalText, wordsText) = argument.firstIndex(of: "=").map { (argument[..<$0], argument[argument.index(after: $0)...]) } ?? (argument[...], ""[...])
                let canonical = canonicalText.trimmingCharacters(in: .whitespaces)
                guard !canonical.isEmpty else {
                    diagnostics.append(.error(.syntax, at: line.argumentLocation, "value needs `VALUE = WORD, WORD ...`, such as `value large = large, big, family`"))
                    continue
                }
                let words = [canonical] + wordsText.split(separator: ",").map { $0.split(whereSeparator: \.isWhitespace).joined(separator: " ") }.filter { !$0.isEmpty }
                let slot = slots[slots.count - 1]
                for word in words {
                    if let other = slot.values.first(where: { $0.words.contains { $0.lowercased() == word.lowercased() } }), other.canonical != canonical || words.filter({ $0.lowercased() == word.lowercased() }).count > 1 && other.canonical == canonical {
                        diagnostics.append(.error(.duplicateName, at: line.argumentLocation, "`\(word)` is already a word of value \(other.canonical) of slot \(slot.name) (line \(other.location.line)); a word gives one value"))
                    }
                }
                slots[slots.count - 1].values.append((canonical, Array(Set(words.map { $0.lowercased() })).sorted(), line.location))
            case "match":
                slots[slots.count - 1].match = compileRegex(argument, flags: flags, at: line.argumentLocation)
            case "check":
                do throws(TemplateError) {
                    slots[slots.count - 1].check = try Condition.parse(argument, at: line.argumentLocation)
                } catch {
                    diagnostics.append(.error(.condition, at: error.location, error.message))
                }
            case "confirm", "change", "done", "cancelled":
                guard let parsed = reply(line, saysOnly: line.directive == "confirm" || line.directive == "change") else { continue }
                if let earlier = steps[line.directive] {
                    diagnostics.append(.error(.duplicateName, at: line.location, "form \(name) already has a `\(line.directive)` line at line \(earlier.location.line)"))
                    continue
                }
                steps[line.directive] = (parsed, line.location)
            case "cancel":
                cancel = compileRegex(argument, flags: flags, at: line.argumentLocation)
            case "yes":
                yes = compileRegex(argument, flags: flags, at: line.argumentLocation)
            case "no":
                no = compileRegex(argument, flags: flags, at: line.argumentLocation)
            case "set":
                if let assignment = parseAssignment(line) { assignments.append(assignment) }
            case "leave":
                leaves = true
            default:
                diagnostics.append(.error(.unknownDirective, at: line.location, "unknown line `\(line.directive)` in a form; use \(Self.formLines)"))
            }
        }

        // What can never happen: a slot never asked or never filled, a form that never ends.
        if slots.isEmpty {
            diagnostics.append(.error(.syntax, at: block.location, "form \(name) has no slot; add `slot NAME` lines, each with its `ask` question and `value` lines or a `match` pattern"))
        }
        for slot in slots {
            if slot.ask == nil {
                diagnostics.append(.error(.syntax, at: slot.location, "slot \(slot.name) is never asked: add `ask QUESTION` below `slot \(slot.name)`"))
            }
            if slot.values.isEmpty, slot.match == nil {
                diagnostics.append(.error(.syntax, at: slot.location, "slot \(slot.name) can never be filled, so form \(name) never gets to its end: give it `value` lines (`value large = large, big`) or a `match` pattern"))
            }
            if slot.invalid != nil, slot.check == nil {
                diagnostics.append(.error(.misplacedDirective, at: slot.location, "slot \(slot.name) says `invalid` but has no `check`, so nothing is ever invalid; add `check CONDITION` or remove `invalid`"))
            }
        }
        if steps["done"] == nil {
            diagnostics.append(.error(.syntax, at: block.location, "form \(name) has no `done` line: say what happens once every slot is filled\(steps["confirm"] == nil ? "" : " and confirmed"), such as `done Your order is placed!`"))
        }
        if steps["confirm"] == nil {
            for (directive, present) in [("yes", yes != nil), ("no", no != nil), ("change", steps["change"] != nil)] where present {
                diagnostics.append(.error(.misplacedDirective, at: block.location, "form \(name) has `\(directive)` but no `confirm` line, so it is never used; add `confirm QUESTION` or remove `\(directive)`"))
            }
        }
        if steps["cancelled"] != nil, cancel == nil {
            diagnostics.append(.error(.misplacedDirective, at: block.location, "form \(name) says `cancelled` but has no `cancel PATTERN`, so it is never cancelled"))
        }
        guard errorCount == errorsBefore, let done = steps["done"] else { return nil }

        // The parts: rules of the book that say the form's lines.
        func part(_ suffix: String?, at location: SourceLocation, _ reply: Reply?, assignments: [CompiledRule.Assignment] = [], leaves: Bool = false) -> Int {
            let index = rules.count
            rules.append(
                CompiledRule(
                    index: index, kind: .form, name: suffix.map { "\(name).\($0)" } ?? name, location: location, topic: nil,
                    keywords: [], rank: 0, patterns: [], condition: nil, previous: nil, pick: options.defaultPick,
                    replies: reply.map { [$0] } ?? [], assignments: assignments, topicChange: nil, leavesChat: leaves, examples: []))
            return index
        }
        let header = part(nil, at: block.location, nil)
        var compiledSlots: [CompiledForm.Slot] = []
        for slot in slots {
            let slotPart = part(slot.name, at: slot.location, slot.ask)
            let retryPart = slot.retry.map { part("\(slot.name).retry", at: $0.location, $0) }
            let invalidPart = slot.invalid.map { part("\(slot.name).invalid", at: $0.location, $0) }
            var canonical: [String: String] = [:]
            for value in slot.values { for word in value.words { canonical[word] = value.canonical } }
            var valuePattern: Pattern?
            if !canonical.isEmpty {
                // The last of the words in the message: `.*` takes all it can, then gives back.
                valuePattern = try? Pattern("^.*(" + WordPattern.listAlternation(Array(canonical.keys)) + ")", options: [.caseless, .dotAll], limits: options.matchLimits)
            }
            compiledSlots.append(
                CompiledForm.Slot(
                    name: slot.name, part: slotPart, retryPart: retryPart, invalidPart: invalidPart, valuePattern: valuePattern,
                    canonical: canonical, match: slot.match, check: slot.check))
        }
        let confirm = steps["confirm"].map { part("confirm", at: $0.location, $0.reply) }
        let change = steps["change"].map { part("change", at: $0.location, $0.reply) }
        let donePart = part("done", at: done.location, done.reply, assignments: assignments, leaves: leaves)
        let cancelPart = cancel.map { pattern in
            (
                pattern,
                part(
                    "cancel", at: steps["cancelled"]?.location ?? pattern.location,
                    steps["cancelled"]?.reply ?? Reply(action: .say([Template(parts: [.text(CompiledForm.defaultCancelled)])]), weight: 1, location: pattern.location))
            )
        }
        func standard(_ written: CompiledRule.CompiledPattern?, _ source: String) -> Pattern? {
            written?.pattern ?? (try? Pattern(source, options: [.caseless], limits: options.matchLimits))
        }
        let slotNames = try? Pattern("(" + WordPattern.listAlternation(slots.map { CompiledForm.spoken($0.name) }) + ")", options: [.caseless], limits: options.matchLimits)
        return CompiledForm(
            name: name, location: block.location, part: header, slots: compiledSlots, confirm: confirm, change: change, done: donePart,
            cancel: cancelPart, yes: standard(yes, CompiledForm.defaultYes), no: standard(no, CompiledForm.defaultNo), slotNames: slotNames)
    }

    /// Checks what forms and rules say of each other: `start-form` names a form, every form is
    /// started somewhere, and a form's lines read only its slots, set variables and built-ins.
    mutating func checkForms(_ forms: [String: CompiledForm], declared: Set<String>, rules: [CompiledRule]) {
        for rule in rules {
            // A form with errors of its own is not reported again here.
            guard let target = rule.startsForm, forms[target] == nil, !declared.contains(target) else { continue }
            diagnostics.append(.error(.unknownReference, at: rule.location, "`start-form \(target)`: no form is named \(target)\(forms.isEmpty ? "" : " (forms: \(forms.keys.sorted().joined(separator: ", ")))")"))
        }
        let started = Set(rules.compactMap(\.startsForm))
        let assigned = Set(rules.flatMap { $0.assignments.map(\.variable) })
        for form in forms.values.sorted(by: { $0.location < $1.location }) {
            if !started.contains(form.name) {
                diagnostics.append(.warning(.unusedForm, at: form.location, "form \(form.name) is never started (no rule has `start-form \(form.name)`), so it never asks and its end is never reached"))
            }
            let slotNames = Set(form.slots.map(\.name))
            let known = slotNames.union(assigned).union(forms.values.flatMap { $0.slots.map(\.name) })
            var reads: [(String, SourceLocation)] = []
            for part in form.parts.map({ rules[$0] }) {
                for reply in part.replies { reads += reply.templates.flatMap(\.variablesRead).map { ($0, reply.location) } }
                for assignment in part.assignments { reads += assignment.value.variablesRead.map { ($0, part.location) } }
            }
            for slot in form.slots {
                reads += (slot.check?.variablesRead ?? []).map { ($0, rules[slot.part].location) }
            }
            var reported: Set<String> = []
            for (variable, location) in reads
            where !known.contains(variable) && !Self.builtInVariables.contains(variable)
                && !variable.hasPrefix(RuleFileParser.userDataPrefix) && !variable.hasPrefix(RuleFileParser.botValuePrefix)
                && !variable.hasPrefix(RuleFileParser.customerPrefix) && reported.insert(variable).inserted
            {
                diagnostics.append(.error(.unknownReference, at: location, "`$\(variable)`: form \(form.name) has no slot \(variable) (its slots: \(form.slots.map(\.name).joined(separator: ", "))) and no `set` line sets it"))
            }
        }
    }
}
