/// Text from a server, made safe to print on a terminal: a server (or another chat participant)
/// could otherwise send escape sequences that move the cursor, rewrite earlier lines, change the
/// window title or feed the terminal's answerback into the input.
enum TerminalText {
    /// `text` with every control character written as a visible escape (`\u{1B}` for ESC), as
    /// are the line and paragraph separators and the bidirectional overrides, which reorder what
    /// the terminal shows. Tabs stay, and so does all other text (a backslash too: what looks like
    /// an escape in the server's text is harmless text).
    static func escaped(_ text: String) -> String {
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            if scalar != "\t", needsEscape(scalar) {
                out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: true  // C0, DEL, C1 (CSI is 0x9B)
        case 0x2028, 0x2029: true  // line and paragraph separators
        case 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true  // bidirectional marks and overrides
        default: false
        }
    }
}
