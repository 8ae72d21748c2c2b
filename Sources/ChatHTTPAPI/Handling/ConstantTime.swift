/// Comparison whose time does not depend on where two secrets differ.
package enum ConstantTime {
    /// Whether `presented` equals `expected`, byte for byte. Takes time proportional to
    /// `presented.count` (which the caller already knows), whatever the bytes: every byte is
    /// read and compared and the differences are OR-ed together, with no early exit. Generic so a
    /// test can count the bytes read; the API calls it with arrays (the overload below).
    package static func equal<Presented: RandomAccessCollection<UInt8>>(_ presented: Presented, _ expected: [UInt8]) -> Bool {
        var difference = presented.count ^ expected.count
        guard !expected.isEmpty else { return difference == 0 }
        var position = 0
        for byte in presented {
            difference |= Int(byte ^ expected[position])
            position = position + 1 == expected.count ? 0 : position + 1
        }
        return difference == 0
    }

    /// The comparison of two arrays, specialised here: called from another module (the GMS front),
    /// the generic one runs unspecialised, about 7,000 instructions for a 16-byte key.
    package static func equal(_ presented: [UInt8], _ expected: [UInt8]) -> Bool {
        presented.withUnsafeBufferPointer { equal($0, expected) }
    }
}
