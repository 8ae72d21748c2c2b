/// Picks, from rules in the order they are tried, those that can possibly match a message,
/// without running their patterns: a rule whose required text (see ``RequiredLiterals``) is not
/// in the message is skipped. The order is kept; this only saves work.
///
/// Rules are indexed by the first three characters of each required literal; a message looks up
/// its own three-character sequences, so the cost grows with the message, not with the number of
/// rules (plus the rules that have no required text, which are always tried).
struct CandidateIndex: Sendable {
    /// Rule indices in the order they are tried.
    let order: [Int]
    /// For each position in `order`: the literals, one of which must be in the message; `nil`
    /// when the rule must always be tried.
    private let literals: [[[UInt8]]?]
    /// Positions in `order` of rules that must always be tried.
    private let always: [Int]
    /// Positions in `order`, by trigram.
    private let byTrigram: [UInt32: [Int]]

    init(order: [Int], rules: [CompiledRule]) {
        self.order = order
        var literals: [[[UInt8]]?] = []
        var always: [Int] = []
        var byTrigram: [UInt32: [Int]] = [:]
        // Each literal is filed under its rarest trigram, so that a common word shared by many
        // rules ("order" in "order1", "order2", ...) does not make them all candidates.
        var frequency: [UInt32: Int] = [:]
        for index in order {
            for literal in rules[index].requiredLiterals ?? [] {
                for trigram in Self.trigrams(of: Array(literal.utf8)) { frequency[trigram, default: 0] += 1 }
            }
        }
        for (position, index) in order.enumerated() {
            guard let required = rules[index].requiredLiterals else {
                literals.append(nil)
                always.append(position)
                continue
            }
            let bytes = required.map { Array($0.utf8) }
            literals.append(bytes)
            let keys = bytes.map { literal in
                Self.trigrams(of: literal).min { (frequency[$0] ?? 0, $0) < (frequency[$1] ?? 0, $1) } ?? Self.trigram(literal, at: 0)
            }
            for trigram in Set(keys) {
                byTrigram[trigram, default: []].append(position)
            }
        }
        self.literals = literals
        self.always = always
        self.byTrigram = byTrigram
    }

    /// The rules that may match a subject whose folded bytes are `folded`, in order.
    func candidates(folded: [UInt8], trigrams: Set<UInt32>) -> [Int] {
        guard always.count < order.count else { return order }
        var positions = always
        for trigram in trigrams {
            if let found = byTrigram[trigram] { positions += found }
        }
        positions.sort()
        var result: [Int] = []
        result.reserveCapacity(positions.count)
        var previous = -1
        for position in positions where position != previous {
            previous = position
            if let required = literals[position], !required.contains(where: { Self.contains(folded, $0) }) { continue }
            result.append(order[position])
        }
        return result
    }

    static func trigram(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        UInt32(bytes[offset]) << 16 | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2])
    }

    /// Every trigram of `bytes`.
    static func trigrams(of bytes: [UInt8]) -> Set<UInt32> {
        guard bytes.count >= 3 else { return [] }
        var result = Set<UInt32>(minimumCapacity: bytes.count)
        for offset in 0...(bytes.count - 3) { result.insert(trigram(bytes, at: offset)) }
        return result
    }

    /// The subject as the index compares it: ASCII in lower case, and the two non-ASCII letters
    /// that PCRE2's caseless matching equates with ASCII ones (KELVIN SIGN = k, LONG S = s) folded.
    static func fold(_ bytes: [UInt8]) -> [UInt8] {
        var folded: [UInt8] = []
        folded.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte >= 65, byte <= 90 {
                folded.append(byte + 32)
            } else if byte == 0xE2, index + 2 < bytes.count, bytes[index + 1] == 0x84, bytes[index + 2] == 0xAA {
                folded.append(UInt8(ascii: "k")); index += 3; continue
            } else if byte == 0xC5, index + 1 < bytes.count, bytes[index + 1] == 0xBF {
                folded.append(UInt8(ascii: "s")); index += 2; continue
            } else {
                folded.append(byte)
            }
            index += 1
        }
        return folded
    }

    private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard needle.count <= haystack.count, let first = needle.first else { return needle.isEmpty }
        var start = 0
        let last = haystack.count - needle.count
        while start <= last {
            if haystack[start] == first {
                var matched = true
                for offset in 1..<needle.count where haystack[start + offset] != needle[offset] { matched = false; break }
                if matched { return true }
            }
            start += 1
        }
        return false
    }
}
