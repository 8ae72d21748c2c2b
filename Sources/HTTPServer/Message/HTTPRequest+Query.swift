/// One `name=value` pair of a query string, percent-decoded.
package struct HTTPQueryItem: Sendable, Equatable {
    package var name: String
    /// `nil` when the item has no `=` (as in `?flag`).
    package var value: String?

    package init(name: String, value: String?) {
        self.name = name
        self.value = value
    }
}

extension HTTPRequest {
    /// The query items in order; `+` reads as a space. Items whose encoding is invalid are kept undecoded.
    package var queryItems: [HTTPQueryItem] {
        guard let query else { return [] }
        return Self.formItems(query)
    }

    /// Splits `a=1&b=x+y` (a query string or an `application/x-www-form-urlencoded` body) into
    /// decoded items; `+` reads as a space, and an item whose encoding is invalid is kept undecoded.
    package static func formItems(_ text: some StringProtocol) -> [HTTPQueryItem] {
        text.split(separator: "&", omittingEmptySubsequences: true).map { item in
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = formDecoded(parts[0])
            let value = parts.count > 1 ? formDecoded(parts[1]) : nil
            return HTTPQueryItem(name: name, value: value)
        }
    }

    /// Decodes `%XX` escapes; `nil` when an escape is malformed or the result is not UTF-8.
    package static func percentDecoded(_ text: some StringProtocol) -> String? {
        let utf8 = Array(text.utf8)
        guard utf8.contains(UInt8(ascii: "%")) else { return String(text) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        var index = 0
        while index < utf8.count {
            let byte = utf8[index]
            if byte == UInt8(ascii: "%") {
                guard index + 2 < utf8.count,
                    let high = ASCII.hexValue(utf8[index + 1]), let low = ASCII.hexValue(utf8[index + 2])
                else { return nil }
                bytes.append(UInt8(high << 4 | low))
                index += 3
            } else {
                bytes.append(byte)
                index += 1
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func formDecoded(_ text: some StringProtocol) -> String {
        let spaced = text.contains("+") ? text.replacingPlusWithSpace() : String(text)
        return percentDecoded(spaced) ?? spaced
    }
}

private extension StringProtocol {
    func replacingPlusWithSpace() -> String {
        String(map { $0 == "+" ? " " : $0 })
    }
}
