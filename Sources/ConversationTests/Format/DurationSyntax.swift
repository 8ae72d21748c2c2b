import ChatCore
import Foundation

/// Durations as conversation files write them: `30s`, `500ms`, `2m`, `1.5s`, or a bare number of
/// seconds; ranges as `1-3s`.
enum DurationSyntax {
    /// The longest duration a file may ask for: a day.
    static let maximumSeconds = 86_400.0

    static func parse(_ text: String) -> Duration? {
        guard let seconds = seconds(text) else { return nil }
        return .milliseconds(Int64((seconds * 1000).rounded()))
    }

    /// `1-3s`, `0.5-1.5s`, `2s` (a fixed delay), `0`.
    static func parseRange(_ text: String) -> DelayRange? {
        let (number, scale) = splitUnit(text)
        let bounds = number.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...2).contains(bounds.count) else { return nil }
        let values = bounds.compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }.map { $0 * scale }
        guard values.count == bounds.count, let lower = values.first, let upper = values.last,
              values.allSatisfy({ $0.isFinite && $0 >= 0 && $0 <= maximumSeconds }), lower <= upper
        else { return nil }
        return .seconds(lower, upper)
    }

    /// `1.739s`, `30s`, `0s`: seconds with up to three decimals, trailing zeros dropped.
    static func format(_ duration: Duration) -> String {
        let milliseconds = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        let whole = milliseconds / 1000, fraction = milliseconds % 1000
        guard fraction != 0 else { return "\(whole)s" }
        var decimals = String(fraction)
        decimals = String(repeating: "0", count: 3 - decimals.count) + decimals
        while decimals.hasSuffix("0") { decimals.removeLast() }
        return "\(whole).\(decimals)s"
    }

    private static func seconds(_ text: String) -> Double? {
        let (number, scale) = splitUnit(text)
        guard let value = Double(number), value.isFinite, value >= 0 else { return nil }
        let seconds = value * scale
        return seconds <= maximumSeconds ? seconds : nil
    }

    private static func splitUnit(_ text: String) -> (number: String, secondsPerUnit: Double) {
        let text = text.trimmingCharacters(in: .whitespaces)
        for (suffix, scale) in [("ms", 0.001), ("s", 1.0), ("m", 60.0), ("h", 3600.0)] where text.hasSuffix(suffix) {
            return (String(text.dropLast(suffix.count)), scale)
        }
        return (text, 1)
    }
}
