/// `Content-Disposition` values for responses that carry a file.
package enum ContentDisposition {
    /// `attachment; filename="…"; filename*=UTF-8''…` (RFC 6266): the plain name keeps printable
    /// ASCII only (others become `_`, `"` and `\` too), the `filename*` form has the whole name
    /// percent-encoded, so no name can break the header or inject another.
    package static func attachment(filename: String) -> String {
        let plain = String(
            filename.unicodeScalars.map { scalar -> Character in
                scalar.value >= 0x20 && scalar.value < 0x7F && scalar != "\"" && scalar != "\\" ? Character(scalar) : "_"
            })
        var encoded = ""
        for byte in filename.utf8 {
            if isAttrChar(byte) {
                encoded.append(Character(Unicode.Scalar(byte)))
            } else {
                encoded += "%" + (byte < 0x10 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        return "attachment; filename=\"\(plain)\"; filename*=UTF-8''\(encoded)"
    }

    /// RFC 5987 `attr-char`.
    private static func isAttrChar(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
        default: "!#$&+-.^_`|~".utf8.contains(byte)
        }
    }
}
