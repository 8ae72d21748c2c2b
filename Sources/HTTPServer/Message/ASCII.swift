/// Byte-level helpers for the ASCII grammar of HTTP/1.1 (RFC 9110, RFC 9112).
enum ASCII {
    static let cr = UInt8(ascii: "\r")
    static let lf = UInt8(ascii: "\n")
    static let space = UInt8(ascii: " ")
    static let tab = UInt8(ascii: "\t")
    static let colon = UInt8(ascii: ":")
    static let semicolon = UInt8(ascii: ";")
    static let comma = UInt8(ascii: ",")

    /// Whether a byte is a `tchar` of RFC 9110 §5.6.2, a character allowed in methods and header
    /// names: a bit test in two masks built at compile time (every head byte of every name is
    /// tested, and a table behind a lazily initialised global cost a check per byte).
    static func isTokenByte(_ byte: UInt8) -> Bool {
        byte < 64 ? tokenMaskLow >> byte & 1 != 0 : byte < 128 ? tokenMaskHigh >> (byte - 64) & 1 != 0 : false
    }

    /// Bits 0-63: `!#$%&'*+-.` and the digits.
    private static let tokenMaskLow: UInt64 = 0x03FF_6CFA_0000_0000
    /// Bits 64-127: the letters and `^_`|~`.
    private static let tokenMaskHigh: UInt64 = 0x57FF_FFFF_C7FF_FFFE

    /// Appends a string's UTF-8 through its contiguous storage: less than half the cost of
    /// `append(contentsOf: text.utf8)`, which copies through the generic sequence path.
    static func append(_ text: String, to bytes: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    static func isWhitespace(_ byte: UInt8) -> Bool { byte == space || byte == tab }

    /// Control characters other than horizontal tab, which may never appear in a field value.
    static func isForbiddenInFieldValue(_ byte: UInt8) -> Bool {
        (byte < 0x20 && byte != tab) || byte == 0x7F
    }

    static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
    }

    /// Header names and tokens are compared on every request: over contiguous bytes (arrays,
    /// slices, native strings) it is a plain loop, not a `zip` iterator.
    static func equalsIgnoringCase<L: Collection<UInt8>, R: Collection<UInt8>>(_ lhs: L, _ rhs: R) -> Bool {
        guard lhs.count == rhs.count else { return false }
        let contiguous = lhs.withContiguousStorageIfAvailable { left in
            rhs.withContiguousStorageIfAvailable { right in equalsIgnoringCase(left, right) }
        }
        if let contiguous, let result = contiguous { return result }
        return zip(lhs, rhs).allSatisfy { lowercased($0) == lowercased($1) }
    }

    static func equalsIgnoringCase(_ lhs: UnsafeBufferPointer<UInt8>, _ rhs: UnsafeBufferPointer<UInt8>) -> Bool {
        guard lhs.count == rhs.count else { return false }
        for index in 0..<lhs.count where lhs[index] != rhs[index] {
            guard lowercased(lhs[index]) == lowercased(rhs[index]) else { return false }
        }
        return true
    }

    static func trimmingWhitespace<C: BidirectionalCollection<UInt8>>(_ bytes: C) -> C.SubSequence {
        var slice = bytes[...]
        while let first = slice.first, isWhitespace(first) { slice = slice.dropFirst() }
        while let last = slice.last, isWhitespace(last) { slice = slice.dropLast() }
        return slice
    }

    static func hexValue(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): Int(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): Int(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }
}
