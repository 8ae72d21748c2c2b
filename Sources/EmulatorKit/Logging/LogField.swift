import HTTPServer

/// How one field of a log line is written: the one owner of escaping and capping in the
/// emulator's log (`logs/emulator.log` and standard error).
///
/// Whatever a client sent (a nickname, a subject, a message, a request target) must neither
/// start a new line (forging an access-log line), nor reach the terminal as a control sequence,
/// nor make a line so long that a few requests rotate the log history away. So:
/// - a backslash is written `\\`; newline, carriage return and tab `\n`, `\r`, `\t`; every other
///   C0 control, DEL and C1 control `\xHH`; the Unicode line and paragraph separators, the
///   bidirectional controls and the byte-order mark `\u{HHHH}`. Nothing else is changed, so a
///   line is read back by undoing exactly these escapes.
/// - a field longer than its cap is cut at the last whole character within it and ends with
///   `...[+N bytes]`, N being how many bytes of it were left out.
/// - a metadata value holding a space, `"` or `=` (or empty) is written in double quotes, with
///   `"` inside written `\"`, so `key=value` pairs cannot be forged inside a value.
enum LogField {
    /// The cap of a line's message (the access log's request target is part of it).
    static let maxMessageBytes = 1024
    /// The cap of one metadata value (a nickname, a subject, a message excerpt).
    static let maxValueBytes = 256

    /// Appends `text` escaped and capped; `quoted`: a metadata value, quoted when it must be.
    static func append(_ text: String, maxBytes: Int, quoted: Bool, to line: inout ByteGatherer) {
        var text = text
        text.withUTF8 { bytes in
            // Most fields are short printable ASCII: one pass over the bytes, copied as they are.
            if bytes.count <= maxBytes, !bytes.isEmpty || !quoted,
                !bytes.contains(where: { $0 < 0x20 || $0 >= 0x7F || $0 == backslash || (quoted && ($0 == space || $0 == quote || $0 == equals)) })
            {
                return line.append(bytes)
            }
            appendSlowly(bytes, maxBytes: maxBytes, quoted: quoted, to: &line)
        }
    }

    private static func appendSlowly(_ bytes: UnsafeBufferPointer<UInt8>, maxBytes: Int, quoted: Bool, to line: inout ByteGatherer) {
        var cut = min(bytes.count, max(0, maxBytes))
        // Back off to the start of a character: never leave half of one.
        while cut < bytes.count, cut > 0, bytes[cut] & 0xC0 == 0x80 { cut -= 1 }
        let kept = String(decoding: UnsafeBufferPointer(rebasing: bytes[..<cut]), as: UTF8.self)
        let quotes = quoted && (bytes.isEmpty || bytes.contains { $0 == space || $0 == quote || $0 == equals })
        if quotes { line.append(quote) }
        for scalar in kept.unicodeScalars {
            switch scalar.value {
            case UInt32(backslash): line.append(Array(#"\\"#.utf8))
            case UInt32(quote) where quotes: line.append(Array(#"\""#.utf8))
            case 0x0A: line.append(Array(#"\n"#.utf8))
            case 0x0D: line.append(Array(#"\r"#.utf8))
            case 0x09: line.append(Array(#"\t"#.utf8))
            case 0x00..<0x20, 0x7F..<0xA0: appendHex(scalar.value, digits: 2, prefix: #"\x"#, suffix: "", to: &line)
            case 0x200E, 0x200F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069, 0xFEFF:
                appendHex(scalar.value, digits: 4, prefix: #"\u{"#, suffix: "}", to: &line)
            default: line.append(Array(String(scalar).utf8))
            }
        }
        if cut < bytes.count {
            line.append(Array("...[+".utf8))
            line.appendDecimal(bytes.count - cut)
            line.append(Array(" bytes]".utf8))
        }
        if quotes { line.append(quote) }
    }

    private static func appendHex(_ value: UInt32, digits: Int, prefix: String, suffix: String, to line: inout ByteGatherer) {
        line.append(prefix)
        for shift in stride(from: (digits - 1) * 4, through: 0, by: -4) {
            line.append(hexDigits[Int(value >> UInt32(shift) & 0xF)])
        }
        line.append(suffix)
    }

    private static let hexDigits: [UInt8] = Array("0123456789ABCDEF".utf8)
    private static let backslash = UInt8(ascii: "\\")
    private static let quote = UInt8(ascii: "\"")
    private static let space = UInt8(ascii: " ")
    private static let equals = UInt8(ascii: "=")
}
