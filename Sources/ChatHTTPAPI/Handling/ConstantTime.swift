/// Comparison whose time does not depend on where two secrets differ.
enum ConstantTime {
    /// Whether `presented` equals `expected`, byte for byte. Takes time proportional to
    /// `presented.count` (which the caller already knows), whatever the bytes: every byte is
    /// compared and the differences are OR-ed together, with no early exit.
    static func equal(_ presented: [UInt8], _ expected: [UInt8]) -> Bool {
        var difference = presented.count ^ expected.count
        guard !expected.isEmpty else { return difference == 0 }
        for index in presented.indices {
            difference |= Int(presented[index] ^ expected[index % expected.count])
        }
        return difference == 0
    }
}
