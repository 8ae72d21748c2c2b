/// Writes JSON straight into bytes — API responses and journal lines — with no intermediate
/// dictionaries: both are on the hot path of every request.
///
/// Members are written in the order given; strings are escaped per RFC 8259 (quote, backslash and
/// every control character; other characters, non-ASCII included, are written as UTF-8).
package struct JSONWriter {
    package private(set) var bytes: [UInt8] = []
    /// Whether the next member or element needs a comma before it.
    private var needsComma = false

    package init(capacity: Int = 256) {
        bytes.reserveCapacity(capacity)
    }

    package mutating func beginObject() {
        separate()
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
    }

    package mutating func endObject() {
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
    }

    package mutating func beginArray() {
        separate()
        bytes.append(UInt8(ascii: "["))
        needsComma = false
    }

    package mutating func endArray() {
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    /// Writes `"name":`; the value follows with one of the value methods.
    package mutating func key(_ name: String) {
        separate()
        Self.appendQuoted(name, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    /// Writes a member name quoted in advance; the value follows with one of the value methods.
    package mutating func key(_ key: JSONKey) {
        appendKey(key, openingString: false)
        needsComma = false
    }

    /// The comma (if one is due), the quoted name and the colon in one copy, and the opening
    /// quote of a string value if asked: one append instead of five.
    private mutating func appendKey(_ key: JSONKey, openingString: Bool) {
        let start = needsComma ? 0 : 1
        let end = key.text.count - (openingString ? 0 : 1)
        key.text.withUnsafeBufferPointer { text in
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[start..<end]))
        }
    }

    package mutating func string(_ value: String) {
        separate()
        Self.appendQuoted(value, to: &bytes)
        needsComma = true
    }

    package mutating func integer(_ value: Int) {
        separate()
        Self.appendDecimal(value, to: &bytes)
        needsComma = true
    }

    /// Appends the decimal digits of `value` without building a `String`.
    package static func appendDecimal(_ value: Int, to bytes: inout [UInt8]) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        if magnitude < 10 {
            bytes.append(UInt8(ascii: "0") + UInt8(magnitude))
            return
        }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // room for 20 digits plus spare
        withUnsafeMutableBytes(of: &digits) { buffer in
            var start = buffer.count
            while magnitude > 0 {
                start -= 1
                buffer[start] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            }
            // As typed bytes: appending a raw buffer takes a slower generic path.
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[start...]).assumingMemoryBound(to: UInt8.self))
        }
    }

    package mutating func bool(_ value: Bool) {
        separate()
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
        needsComma = true
    }

    package mutating func member(_ name: String, _ value: String) {
        key(name)
        string(value)
    }

    package mutating func member(_ name: String, _ value: Int) {
        key(name)
        integer(value)
    }

    package mutating func member(_ name: String, _ value: Bool) {
        key(name)
        bool(value)
    }

    package mutating func member(_ key: JSONKey, _ value: String) {
        appendKey(key, openingString: true)
        var value = value
        value.withUTF8 { Self.appendEscaped($0, to: &bytes) }
        bytes.append(UInt8(ascii: "\""))
        needsComma = true
    }

    package mutating func member(_ key: JSONKey, _ value: Int) {
        appendKey(key, openingString: false)
        Self.appendDecimal(value, to: &bytes)
        needsComma = true
    }

    package mutating func member(_ key: JSONKey, _ value: Bool) {
        appendKey(key, openingString: false)
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
        needsComma = true
    }

    /// Writes `"name": "value"` only when there is a value.
    package mutating func member(_ name: String, _ value: String?) {
        if let value { member(name, value) }
    }

    /// Writes `"name": "value"` only when there is a value.
    package mutating func member(_ key: JSONKey, _ value: String?) {
        if let value { member(key, value) }
    }

    /// Writes one value at the end of `bytes`, in place, for a caller that appends many (journal
    /// lines) to one buffer: no buffer of its own to fill and then copy.
    package static func append(to bytes: inout [UInt8], _ write: (inout JSONWriter) -> Void) {
        var writer = JSONWriter(capacity: 0)
        swap(&writer.bytes, &bytes)
        write(&writer)
        swap(&writer.bytes, &bytes)
    }

    /// Writes a string map as an object, keys sorted so the output is stable.
    package mutating func member(_ name: String, _ map: [String: String]) {
        key(name)
        beginObject()
        for key in map.keys.sorted() { member(key, map[key] ?? "") }
        endObject()
    }

    /// Writes a string list as an array.
    package mutating func member(_ name: String, _ list: [String]) {
        key(name)
        beginArray()
        for item in list { string(item) }
        endArray()
    }

    /// A point in the output to go back to with ``rollBack(to:)``.
    package struct Mark {
        fileprivate let count: Int
        fileprivate let needsComma: Bool
    }

    /// Empties the output (keeping its storage) to write another value.
    package mutating func reset() {
        bytes.removeAll(keepingCapacity: true)
        needsComma = false
    }

    /// Bytes written so far.
    package var count: Int { bytes.count }

    /// The current point in the output.
    package var mark: Mark { Mark(count: bytes.count, needsComma: needsComma) }

    /// Drops everything written after `mark` (an element that turned out not to fit a size bound).
    package mutating func rollBack(to mark: Mark) {
        bytes.removeSubrange(mark.count...)
        needsComma = mark.needsComma
    }

    private mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Appends `text` as a JSON string. Runs of bytes that need no escape (nearly all of them) are
    /// copied in one piece: per-byte appends made JSON writing most of a large transcript's cost.
    package static func appendQuoted(_ text: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { appendEscaped($0, to: &bytes) }
        bytes.append(UInt8(ascii: "\""))
    }

    private static func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>, to bytes: inout [UInt8]) {
        var runStart = 0
        var index = firstEscapeIndex(in: utf8, from: 0)
        while index < utf8.count {
            if runStart < index { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index])) }
            appendEscape(of: utf8[index], to: &bytes)
            runStart = index + 1
            index = firstEscapeIndex(in: utf8, from: runStart)
        }
        if runStart < utf8.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...])) }
    }

    /// The index of the first byte from `start` on that needs an escape, or the end. Looks at
    /// eight bytes at a time while they are clean: the byte-by-byte test cost about seven
    /// instructions a byte of every id, nickname and message text.
    private static func firstEscapeIndex(in utf8: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard let base = utf8.baseAddress else { return utf8.count }
        let raw = UnsafeRawPointer(base)
        var index = start
        while true {
            while index + 8 <= utf8.count, !mayNeedEscape(raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)) {
                index += 8
            }
            // The flagged word (the escape is in it) or the tail of fewer than eight bytes.
            let end = min(index + 8, utf8.count)
            while index < end {
                let byte = utf8[index]
                if byte < 0x20 || byte == 0x22 || byte == 0x5C { return index }
                index += 1
            }
            if index == utf8.count { return index }
        }
    }

    /// Whether any of the eight bytes is a control character, a quote or a backslash (exact for
    /// "any": the classic has-less and has-zero-byte tests of bit-twiddling lore).
    private static func mayNeedEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highBits: UInt64 = 0x8080_8080_8080_8080
        func hasZeroByte(_ value: UInt64) -> Bool { (value &- ones) & ~value & highBits != 0 }
        let hasControl = (word &- 0x20 &* ones) & ~word & highBits != 0
        return hasControl || hasZeroByte(word ^ (0x22 &* ones)) || hasZeroByte(word ^ (0x5C &* ones))
    }

    private static func appendEscape(of byte: UInt8, to bytes: inout [UInt8]) {
        let backslash = UInt8(ascii: "\\")
        let short: UInt8
        switch byte {
        case UInt8(ascii: "\""), backslash: short = byte
        case 0x0A: short = UInt8(ascii: "n")
        case 0x0D: short = UInt8(ascii: "r")
        case 0x09: short = UInt8(ascii: "t")
        case 0x08: short = UInt8(ascii: "b")
        case 0x0C: short = UInt8(ascii: "f")
        default:
            bytes.append(contentsOf: [backslash, UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
            bytes.append(hexDigits[Int(byte >> 4)])
            bytes.append(hexDigits[Int(byte & 0x0F)])
            return
        }
        bytes.append(backslash)
        bytes.append(short)
    }
}

/// A member name quoted once, for the names an answer writes on every request: keep it in a
/// `static let` and pass it to ``JSONWriter/key(_:)-(JSONKey)`` or `member`, so the name is not
/// escaped and copied piece by piece each time.
package struct JSONKey: Sendable {
    /// `,"name":"`: the writer copies the part it needs (without the comma when none is due,
    /// without the quote unless a string value follows).
    let text: [UInt8]

    package init(_ name: String) {
        var text: [UInt8] = [UInt8(ascii: ",")]
        JSONWriter.appendQuoted(name, to: &text)
        text.append(UInt8(ascii: ":"))
        text.append(UInt8(ascii: "\""))
        self.text = text
    }
}
