/// The HASH function of Weizenbaum's SLIP library, which ELIZA used to choose a MEMORY
/// transformation from the last word of the input. `pick hash` uses it for any rule.
///
/// The word's last six-character chunk is encoded in the IBM 7094's 6-bit BCD (Hollerith) code,
/// space padded, as a 36-bit word; HASH squares it (sign bit cleared), shifts left by n/2, drops
/// the low 35 bits and keeps the low n bits.
enum SlipHash {
    /// A value in `0 ..< 2^bits` for `word` (upper case; other characters use their low 6 bits).
    static func hash(word: String, bits: Int) -> Int {
        hash(bcdWord(word), bits: bits)
    }

    static func hash(_ datum: UInt64, bits: Int) -> Int {
        let value = UInt128(datum & 0o377777777777)
        let squared = value * value
        let shifted = (squared << (bits / 2)) >> 35
        return Int(shifted & ((1 << bits) - 1))
    }

    /// The last chunk of up to six characters of `word`, as a 36-bit BCD word padded with spaces.
    static func bcdWord(_ word: String) -> UInt64 {
        let bytes = Array(word.utf8)
        let start = bytes.isEmpty ? 0 : ((bytes.count - 1) / 6) * 6
        var result: UInt64 = 0
        var count = 0
        for byte in bytes[start...] {
            result = result << 6 | UInt64(bcdCode(byte))
            count += 1
        }
        while count < 6 {
            result = result << 6 | 0o60
            count += 1
        }
        return result
    }

    /// The 7090 BCD table: position = code. `\0` marks codes with no character.
    private static let table: [UInt8] = Array("0123456789\0='\0\0\0+ABCDEFGHI\0.)\0\0\0-JKLMNOPQR\0$*\0\0\0 /STUVWXYZ\0,(\0\0\0".utf8)

    private static func bcdCode(_ byte: UInt8) -> UInt8 {
        if byte != 0, let code = table.firstIndex(of: byte) { return UInt8(code) }
        return byte & 0o77
    }

    /// Enough bits to index `count` choices: ELIZA's four memories use 2 bits.
    static func bits(for count: Int) -> Int {
        var bits = 0
        while (1 << bits) < count { bits += 1 }
        return bits
    }
}
