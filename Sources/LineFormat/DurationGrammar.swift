/// The one way durations are written, in `.convo`, `.replay` and `.rules` files (`idle`) and in the
/// CLI's delay flags.
///
/// A duration is a number, optionally with a decimal part, followed directly by a unit:
/// `500ms`, `30s`, `1.5s`, `2m`, `1h`; a bare number is seconds (`30`, `0.5`); or several such
/// parts, largest unit first, each unit once (`4m15s`, `1h30m`, as Chat Server's timeouts are
/// often written). Nothing else: no sign, no exponent, no spaces inside, no number without its
/// unit after another part (`1s5` is refused, not read as 15 or 1), no unit twice or out of
/// order (`30s1m`). A range is two numbers joined by `-` sharing one unit (`1-3s`, `0.5-2`), or
/// two durations (`500ms-2s`); a single duration is a range of one value. Durations are kept to
/// the millisecond and are at most a day.
package enum DurationGrammar {
    /// The longest duration any file or flag may ask for: a day.
    package static let maximum: Duration = .seconds(86_400)

    /// How the grammar is described in error messages.
    package static let examples = "such as `30s`, `500ms`, `2m`, `1.5s` or a bare number of seconds"

    /// Parses one duration; `nil` for anything the grammar does not allow.
    package static func duration(_ text: some StringProtocol) -> Duration? {
        let (number, unit) = splitUnit(Substring(text))
        guard let unit else { return milliseconds(number, scale: 1000) }
        return milliseconds(number, scale: unit) ?? compound(Substring(text))
    }

    /// `4m15s`, `1h30m`: two or more parts, each a number and its unit, units largest first and
    /// each once; `nil` for anything else, or a total over ``maximum``.
    private static func compound(_ text: Substring) -> Duration? {
        let isNumberCharacter = { (character: Character) in character.isASCII && (character.isNumber || character == ".") }
        var rest = text, total = Duration.zero, lastScale = Int64.max, parts = 0
        while !rest.isEmpty {
            guard let numberEnd = rest.firstIndex(where: { !isNumberCharacter($0) }), numberEnd > rest.startIndex else { return nil }
            let afterNumber = rest[numberEnd...]
            let unitEnd = afterNumber.firstIndex(where: isNumberCharacter) ?? afterNumber.endIndex
            guard let scale = units.first(where: { $0.suffix == afterNumber[..<unitEnd] })?.milliseconds, scale < lastScale,
                let value = milliseconds(rest[..<numberEnd], scale: scale)
            else { return nil }
            total += value
            lastScale = scale
            parts += 1
            rest = afterNumber[unitEnd...]
        }
        return parts >= 2 && total <= maximum ? total : nil
    }

    /// Parses a range such as `1-3s`, `500ms-2s` or a single duration; `nil` when either bound is
    /// not a duration or the lower bound is above the upper.
    package static func range(_ text: some StringProtocol) -> ClosedRange<Duration>? {
        let text = Substring(text)
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        switch parts.count {
        case 1:
            guard let value = duration(text) else { return nil }
            return value...value
        case 2:
            // `1-3s`: the unit written once, after the upper bound, applies to both.
            let (upperNumber, unit) = splitUnit(parts[1])
            let lower: Duration?
            if splitUnit(parts[0]).unit == nil, let unit {
                lower = milliseconds(parts[0], scale: unit)
            } else {
                lower = duration(parts[0])
            }
            guard let lower, let upper = milliseconds(upperNumber, scale: unit ?? 1000), lower <= upper else { return nil }
            return lower...upper
        default:
            return nil
        }
    }

    /// `1.739s`, `30s`, `0s`: seconds with up to three decimals, trailing zeros dropped; what
    /// reports print (and what ``duration(_:)`` reads back).
    package static func format(_ duration: Duration) -> String {
        let parts = duration.components
        let milliseconds = parts.seconds * 1000 + parts.attoseconds / 1_000_000_000_000_000
        let whole = milliseconds / 1000, fraction = milliseconds % 1000
        guard fraction != 0 else { return "\(whole)s" }
        var decimals = String(fraction)
        decimals = String(repeating: "0", count: 3 - decimals.count) + decimals
        while decimals.hasSuffix("0") { decimals.removeLast() }
        return "\(whole).\(decimals)s"
    }

    /// Milliseconds per unit.
    private static let units: [(suffix: String, milliseconds: Int64)] = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000)]

    /// The number before the unit, and the unit's milliseconds (`nil`: no unit written).
    private static func splitUnit(_ text: Substring) -> (number: Substring, unit: Int64?) {
        for (suffix, scale) in units where text.hasSuffix(suffix) {
            return (text.dropLast(suffix.count), scale)
        }
        return (text, nil)
    }

    /// `digits[.digits]` times `scale` milliseconds, rounded to the millisecond; `nil` if it is
    /// not that shape or over ``maximum``.
    private static func milliseconds(_ number: Substring, scale: Int64) -> Duration? {
        let pieces = number.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(pieces.count),
            pieces.allSatisfy({ !$0.isEmpty && $0.count <= 12 && $0.allSatisfy({ $0.isASCII && $0.isNumber }) }),
            let whole = Int64(pieces[0])
        else { return nil }
        var total = whole * scale
        if pieces.count == 2 {
            // Exact decimal arithmetic: `0.1s` is 100 ms, not 100.00000000000001.
            let digits = pieces[1]
            guard let fraction = Int64(digits) else { return nil }
            var divisor: Int64 = 1
            for _ in digits { divisor *= 10 }
            total += (fraction * scale + divisor / 2) / divisor
        }
        let value = Duration.milliseconds(total)
        return value <= maximum ? value : nil
    }
}
