/// One match of a ``Pattern``: the whole match and its groups, as text and as character ranges.
package struct PatternMatch: Sendable {
    package let subject: MatchSubject
    /// Group 0 is the whole match; `nil` for groups that did not take part. UTF-8 byte offsets.
    package let byteRanges: [Range<Int>?]
    package let groupNumbers: [String: Int]

    /// The text of group `number`, or `nil` when it did not take part (or does not exist).
    package subscript(number: Int) -> String? {
        guard number >= 0, number < byteRanges.count, let range = byteRanges[number] else { return nil }
        return subject.text(range)
    }

    /// The text of the named group, or `nil`.
    package subscript(name: String) -> String? {
        guard let number = groupNumbers[name] else { return nil }
        return self[number]
    }

    /// The character range of group `number` in the subject (characters, not bytes).
    package func characterRange(of number: Int) -> Range<Int>? {
        guard number >= 0, number < byteRanges.count, let range = byteRanges[number] else { return nil }
        let start = subject.characterOffset(ofByte: range.lowerBound)
        return start..<(start + subject.text(range).count)
    }

    /// How many groups there are, not counting group 0.
    package var groupCount: Int { byteRanges.count - 1 }
}
