import CPCRE2

/// A string prepared for matching: its UTF-8 bytes, made once and matched against many patterns.
package struct MatchSubject: Sendable {
    package let string: String
    /// The UTF-8 bytes PCRE2 matches.
    package let bytes: [UInt8]

    package init(_ string: String) {
        self.string = string
        self.bytes = Array(string.utf8)
    }

    /// The text of a byte range (always on character-scalar boundaries in UTF mode).
    func text(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }

    /// The character offset of a byte offset.
    func characterOffset(ofByte byte: Int) -> Int { String(decoding: bytes[0..<byte], as: UTF8.self).count }
}

/// PCRE2 match data, reused across matches on one thread.
///
/// Not `Sendable` on purpose: one scratch belongs to one caller at a time.
package final class MatchScratch {
    private(set) var matchData: OpaquePointer
    private var capacity: Int

    /// - Parameter captureCapacity: the most capturing groups any pattern it will be used with has.
    package init(captureCapacity: Int = 16) {
        capacity = max(captureCapacity, 1)
        matchData = pcre2_match_data_create_8(UInt32(capacity + 1), nil)
    }

    func ensureCapacity(_ captures: Int) {
        guard captures > capacity else { return }
        pcre2_match_data_free_8(matchData)
        capacity = captures
        matchData = pcre2_match_data_create_8(UInt32(capacity + 1), nil)
    }

    deinit { pcre2_match_data_free_8(matchData) }
}
