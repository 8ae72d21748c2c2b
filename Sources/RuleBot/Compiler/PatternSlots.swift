import Foundation
/// `{$NAME}` slots in a `match` pattern, RiveScript's `<bot name>` and `<get name>` in triggers:
/// `match ^my name is {$bot.name}$`. A bot value is put in when the file is compiled; any other
/// variable when a message is matched. Either way the value matches as plain text (its
/// characters are escaped), ignoring case unless the rule is case-sensitive.
enum PatternSlots {
    struct Slot {
        var name: String
        /// Where `{$NAME}` starts and how many characters it has.
        var offset: Int
        var length: Int
    }

    /// The slots of `source`, left to right (a `{` escaped with `\` is not one).
    static func find(in source: String) -> [Slot] {
        var slots: [Slot] = []
        let characters = Array(source)
        var index = 0
        while index + 2 < characters.count {
            if characters[index] == "\\" { index += 2; continue }
            if characters[index] == "{", characters[index + 1] == "$", let close = characters[(index + 2)...].firstIndex(of: "}"),
                let name = RuleFileParser.validVariableName(String(characters[(index + 2)..<close]))
            {
                slots.append(Slot(name: name, offset: index, length: close - index + 1))
                index = close + 1
                continue
            }
            index += 1
        }
        return slots
    }

    /// The text of a slot in a pattern, as it stays in the compiled pattern until a message comes.
    static func placeholder(_ name: String) -> String { "{$\(name)}" }

    /// `regex` with each variable slot replaced by its value, escaped.
    static func filling(_ regex: String, names: [String], with value: (String) -> String) -> String {
        var filled = regex
        for name in Set(names) {
            filled = filled.replacingOccurrences(of: placeholder(name), with: WordPattern.escape(value(name)))
        }
        return filled
    }
}
