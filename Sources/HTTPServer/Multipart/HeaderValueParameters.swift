/// A header value of the form `token; name=value; name="quoted value"` (a `Content-Type`, a
/// `Content-Disposition`), split into its leading token (lowercased) and its parameters (names
/// lowercased, first of a repeated name wins).
///
/// In a quoted value a backslash escapes only `"` and `\` (as curl writes them); any other
/// backslash is kept, because browsers send a Windows path's backslashes bare and escape `"` as `%22`.
struct HeaderValueParameters: Sendable, Equatable {
    var token: String
    var parameters: [(name: String, value: String)]

    static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.token == rhs.token && lhs.parameters.elementsEqual(rhs.parameters) { $0 == $1 }
    }

    func parameter(_ name: String) -> String? {
        parameters.first { $0.name == name }?.value
    }

    /// `nil` when a quoted value never closes.
    static func parse(_ text: String) -> HeaderValueParameters? {
        let bytes = Array(text.utf8)
        var index = 0
        let tokenEnd = bytes.firstIndex(of: UInt8(ascii: ";")) ?? bytes.count
        let token = lowercasedTrimmed(bytes[0..<tokenEnd])
        index = tokenEnd
        var parameters: [(name: String, value: String)] = []
        while index < bytes.count {
            // At a ';' (or past the token): skip separators and white space.
            while index < bytes.count, bytes[index] == UInt8(ascii: ";") || ASCII.isWhitespace(bytes[index]) { index += 1 }
            if index == bytes.count { break }
            let nameStart = index
            while index < bytes.count, bytes[index] != UInt8(ascii: "="), bytes[index] != UInt8(ascii: ";") { index += 1 }
            let name = lowercasedTrimmed(bytes[nameStart..<index])
            guard index < bytes.count, bytes[index] == UInt8(ascii: "=") else {
                if !name.isEmpty, !parameters.contains(where: { $0.name == name }) { parameters.append((name, "")) }
                continue
            }
            index += 1
            while index < bytes.count, ASCII.isWhitespace(bytes[index]) { index += 1 }
            var value: [UInt8] = []
            if index < bytes.count, bytes[index] == UInt8(ascii: "\"") {
                index += 1
                var closed = false
                while index < bytes.count {
                    let byte = bytes[index]
                    if byte == UInt8(ascii: "\"") {
                        closed = true
                        index += 1
                        break
                    }
                    if byte == UInt8(ascii: "\\"), index + 1 < bytes.count,
                        bytes[index + 1] == UInt8(ascii: "\"") || bytes[index + 1] == UInt8(ascii: "\\")
                    {
                        value.append(bytes[index + 1])
                        index += 2
                        continue
                    }
                    value.append(byte)
                    index += 1
                }
                guard closed else { return nil }
                // Anything between the closing quote and the next ';' is ignored.
                while index < bytes.count, bytes[index] != UInt8(ascii: ";") { index += 1 }
            } else {
                let valueStart = index
                while index < bytes.count, bytes[index] != UInt8(ascii: ";") { index += 1 }
                value = Array(ASCII.trimmingWhitespace(bytes[valueStart..<index]))
            }
            if !name.isEmpty, !parameters.contains(where: { $0.name == name }) {
                parameters.append((name, String(decoding: value, as: UTF8.self)))
            }
        }
        return HeaderValueParameters(token: token, parameters: parameters)
    }

    /// A token or a parameter name as compared: without surrounding white space, in lower case.
    private static func lowercasedTrimmed(_ bytes: ArraySlice<UInt8>) -> String {
        String(decoding: ASCII.trimmingWhitespace(bytes).map(ASCII.lowercased), as: UTF8.self)
    }
}
