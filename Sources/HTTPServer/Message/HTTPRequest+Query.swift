/// One `name=value` pair of a query string, percent-decoded.
public struct HTTPQueryItem: Sendable, Equatable {
    public var name: String
    /// `nil` when the item has no `=` (as in `?flag`).
    public var value: String?

    public init(name: String, value: String?) {
        self.name = name
        self.value = value
    }
}

extension HTTPRequest {
    /// The query items in order; `+` reads as a space. Items whose encoding is invalid are kept undecoded.
    public var queryItems: [HTTPQueryItem] {
        guard let query, !query.isEmpty else { return [] }
        return query.split(separator: "&", omittingEmptySubsequences: true).map { item in
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = Self.formDecoded(parts[0])
            let value = parts.count > 1 ? Self.formDecoded(parts[1]) : nil
            return HTTPQueryItem(name: name, value: value)
        }
    }

    /// The value of the first query item with this name.
    public func queryValue(_ name: String) -> String?? {
        guard let item = queryItems.first(where: { $0.name == name }) else { return nil }
        return .some(item.value)
    }

    /// Decodes `%XX` escapes; `nil` when an escape is malformed or the result is not UTF-8.
    public static func percentDecoded(_ text: some StringProtocol) -> String? {
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

    private static func formDecoded(_ text: Substring) -> String {
        let spaced = text.contains("+") ? text.replacingPlusWithSpace() : String(text)
        return percentDecoded(spaced) ?? spaced
    }
}

private extension Substring {
    func replacingPlusWithSpace() -> String {
        String(map { $0 == "+" ? " " : $0 })
    }
}
