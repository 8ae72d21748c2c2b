/// Reads the lines of `.rules`, `.convo` and `.replay` files, which share their layout:
/// one `directive argument` per line, blank lines and `#` comment lines skipped, indented lines
/// belonging to the column-1 header above them.
package enum LineReader {
    /// The directive lines of `text`, in order; `file` names it in their locations.
    ///
    /// Lines end at `\n` or `\r\n`; the last one needs no line end. Columns count characters,
    /// a tab as one.
    package static func directiveLines(in text: String, file: String) -> [DirectiveLine] {
        // "\r\n" is one Character in Swift, so it is a separator of its own, not "\n" after "\r".
        let lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
        return lines.enumerated().compactMap { index, line in
            directiveLine(line, file: file, number: index + 1)
        }
    }

    /// One line split into directive and argument; `nil` for a blank or comment line.
    static func directiveLine(_ line: Substring, file: String, number: Int) -> DirectiveLine? {
        let content = line.drop { isIndentation($0) }
        guard let first = content.first, first != "#" else { return nil }
        var end = content.endIndex
        while end > content.startIndex, content[content.index(before: end)].isWhitespace {
            end = content.index(before: end)
        }
        let text = content[..<end]
        guard !text.isEmpty else { return nil }
        let indentation = line.count - content.count
        let directiveEnd = text.firstIndex(where: isIndentation) ?? text.endIndex
        let argumentStart = text[directiveEnd...].firstIndex { !isIndentation($0) } ?? text.endIndex
        let location = SourceLocation(file: file, line: number, column: indentation + 1)
        return DirectiveLine(
            directive: String(text[..<directiveEnd]),
            argument: String(text[argumentStart...]),
            text: String(text),
            location: location,
            argumentLocation: location.movedRight(by: text.distance(from: text.startIndex, to: argumentStart)),
            isIndented: indentation > 0)
    }

    /// Spaces and tabs: what indents a line and separates a directive from its argument.
    private static func isIndentation(_ character: Character) -> Bool {
        character == " " || character == "\t"
    }
}
