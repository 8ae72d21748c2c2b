extension MultipartForm {
    /// The body of this form as `multipart/form-data`, delimited by `boundary` (send it with
    /// ``contentType(boundary:)``).
    ///
    /// In names and file names `"` and `\` are escaped with a backslash and CR, LF and other
    /// control characters percent-encoded, so that ``decode(_:boundary:limits:)`` reads back what
    /// it decoded. The caller picks a boundary that occurs in no part (``makeBoundary()`` does,
    /// with overwhelming likelihood).
    package func encoded(boundary: String) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(parts.reduce(0) { $0 + $1.body.count + 128 } + boundary.utf8.count + 8)
        for part in parts {
            bytes += Array("--\(boundary)\r\n".utf8)
            var disposition = "Content-Disposition: form-data; name=\"\(Self.quoted(part.name))\""
            if let filename = part.filename { disposition += "; filename=\"\(Self.quoted(filename))\"" }
            bytes += Array((disposition + "\r\n").utf8)
            if let contentType = part.contentType { bytes += Array("Content-Type: \(Self.withoutControls(contentType))\r\n".utf8) }
            bytes += Array("\r\n".utf8)
            bytes += part.body
            bytes += Array("\r\n".utf8)
        }
        bytes += Array("--\(boundary)--\r\n".utf8)
        return bytes
    }

    /// `multipart/form-data; boundary=BOUNDARY`.
    package static func contentType(boundary: String) -> String {
        "multipart/form-data; boundary=\(boundary)"
    }

    /// A fresh random boundary of 40 characters, as browsers make them.
    package static func makeBoundary() -> String {
        let alphabet = Array("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
        return "----gws" + String((0..<33).map { _ in alphabet.randomElement()! })
    }

    private static func quoted(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            default: out += escapedControl(scalar)
            }
        }
        return out
    }

    private static func withoutControls(_ text: String) -> String {
        text.unicodeScalars.map(escapedControl).joined()
    }

    private static func escapedControl(_ scalar: Unicode.Scalar) -> String {
        (scalar.value < 0x20 && scalar != "\t") || scalar.value == 0x7F
            ? "%" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16, uppercase: true)
            : String(scalar)
    }
}
