import Foundation
import LineFormat
import PCRE2

/// A `form` block, compiled: the named values (slots) it asks for until all are known, what it
/// says once they are (`confirm`, then `done`), and how it is cancelled.
///
/// A form speaks through its parts, rules of the book of kind ``RuleFileSyntax/BlockKind/form``,
/// so that traces, `answered by` and `test --coverage` name them: the form (it started), each
/// slot (asked or filled), its `retry` and `invalid`, `confirm`, `change`, `done` and `cancel`.
final class CompiledForm: Sendable {
    /// One named value the form asks for, kept as the chat variable of the same name.
    struct Slot: Sendable {
        let name: String
        /// The part that asks the slot's question (its `slot` line); fires when it is asked or filled.
        let part: Int
        /// `retry`: said instead of the question when the answer to it gave no value.
        let retryPart: Int?
        /// `invalid`: said when `check` refuses a value.
        let invalidPart: Int?
        /// Finds the last of the `value` lines' words in a message: group 1 is the word.
        let valuePattern: Pattern?
        /// Each `value` word (lower case) to its value.
        let canonical: [String: String]
        /// `match`: the answer to this slot's question (group 1 if the pattern has groups).
        let match: CompiledRule.CompiledPattern?
        /// `check`: must hold with the slot holding the new value, or the value is refused.
        let check: Condition?
    }

    let name: String
    let location: SourceLocation
    /// The header's part (fires when the form starts).
    let part: Int
    let slots: [Slot]
    /// The `confirm` part: asked once every slot is filled; without it the form is done at once.
    let confirm: Int?
    /// The `change` part, said after a no to the confirmation (without it, a stock question).
    let change: Int?
    /// The `done` part, with the form's `set` lines and `leave`: what happens at the end.
    let done: Int
    /// `cancel REGEX`, and the part that says `cancelled`.
    let cancel: (pattern: CompiledRule.CompiledPattern, part: Int)?
    /// What counts as yes and as no to the confirmation.
    let yes: Pattern?
    let no: Pattern?
    /// Finds a slot's name in a message (`the address`), at the confirmation: that slot is
    /// emptied and asked again. Group 1 is the name, with `-` and `_` written as spaces.
    let slotNames: Pattern?

    init(
        name: String, location: SourceLocation, part: Int, slots: [Slot], confirm: Int?, change: Int?, done: Int,
        cancel: (pattern: CompiledRule.CompiledPattern, part: Int)?, yes: Pattern?, no: Pattern?, slotNames: Pattern?
    ) {
        self.name = name
        self.location = location
        self.part = part
        self.slots = slots
        self.confirm = confirm
        self.change = change
        self.done = done
        self.cancel = cancel
        self.yes = yes
        self.no = no
        self.slotNames = slotNames
    }

    /// A slot's name as a customer writes it: `delivery_time` is "delivery time".
    static func spoken(_ slotName: String) -> String {
        slotName.replacingOccurrences(of: "_", with: " ").replacingOccurrences(of: "-", with: " ").lowercased()
    }

    /// Every part, in file order of creation.
    var parts: [Int] {
        [part] + slots.flatMap { [$0.part, $0.retryPart, $0.invalidPart].compactMap { $0 } } + [confirm, change, done, cancel?.part].compactMap { $0 }
    }

    /// The chat memory keys of a running form: its name, and what it asked last (a slot's name,
    /// or ``confirming``).
    static let activeKey = "form"
    static let askingKey = "form.asking"
    static let confirming = "(confirm)"

    /// Yes and no to a confirmation, unless the form says `yes REGEX` / `no REGEX`.
    static let defaultYes = #"^\W*(yes|yeah|yep|yup|sure|ok|okay|correct|right|confirm(ed)?|perfect|great|please do|go ahead|sounds good|that's (right|it|correct))\b"#
    static let defaultNo = #"^\W*(no|nope|nah|not (quite|really|right)|wrong|wait)\b"#
    static let defaultChange = "What would you like to change?"
    static let defaultCancelled = "OK, I've cancelled that."
}
