import Foundation

/// A `Host` field value (RFC 9110 §7.2, RFC 3986 §3.2.2): a name, an IPv4 address or a bracketed
/// IPv6 literal, and an optional port. The parser refuses a request whose `Host` does not parse
/// (400); the application decides which names it answers to.
package struct HTTPHost: Sendable, Equatable, CustomStringConvertible {
    /// The host in lower case, without the brackets of an IPv6 literal.
    package let name: String
    /// The port, when one is written (`Host: name:` has none).
    package let port: Int?
    /// Whether ``name`` is an IP literal written in brackets (IPv6 or a future form).
    package let isBracketed: Bool

    package init(name: String, port: Int? = nil, isBracketed: Bool = false) {
        self.name = name
        self.port = port
        self.isBracketed = isBracketed
    }

    /// `nil` when `text` is not `uri-host [ ":" port ]`: empty, a user part (`@`), a path, a space,
    /// an unclosed bracket, two colons outside brackets, a port that is not at most five digits
    /// below 65536, or a byte outside the URI grammar.
    package init?(parsing text: some StringProtocol) {
        var text = String(text)
        guard
            let parsed = text.withUTF8({ bytes in
                Self.parts(bytes).map { parts in
                    (String(decoding: bytes[parts.name].map(ASCII.lowercased), as: UTF8.self), parts)
                }
            })
        else { return nil }
        name = parsed.0
        port = parsed.1.port
        isBracketed = parsed.1.isBracketed
    }

    /// Whether `bytes` is a valid `Host` value; what the request parser checks on every request,
    /// without building a string.
    static func isValid(_ bytes: ArraySlice<UInt8>) -> Bool {
        bytes.withUnsafeBufferPointer { parts($0) != nil }
    }

    private static func parts(_ bytes: UnsafeBufferPointer<UInt8>) -> (name: Range<Int>, isBracketed: Bool, port: Int?)? {
        guard !bytes.isEmpty else { return nil }
        let name: Range<Int>
        let isBracketed = bytes[0] == UInt8(ascii: "[")
        if isBracketed {
            guard let close = bytes.firstIndex(of: UInt8(ascii: "]")), close > 1 else { return nil }
            name = 1..<close
            guard bytes[name].allSatisfy(isLiteralByte) else { return nil }
        } else {
            name = 0..<(bytes.firstIndex(of: UInt8(ascii: ":")) ?? bytes.count)
            guard !name.isEmpty, bytes[name].allSatisfy(isRegNameByte) else { return nil }
        }
        let hostEnd = name.upperBound + (isBracketed ? 1 : 0)
        guard hostEnd < bytes.count else { return (name, isBracketed, nil) }
        guard bytes[hostEnd] == UInt8(ascii: ":") else { return nil }
        let digits = bytes[(hostEnd + 1)...]
        guard digits.count <= 5, digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
        guard !digits.isEmpty else { return (name, isBracketed, nil) }
        let value = digits.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        return value <= 65_535 ? (name, isBracketed, value) : nil
    }

    /// `name`, `name:port`, `[v6]` or `[v6]:port`, as a `Host` field writes it.
    package var description: String {
        let host = isBracketed ? "[\(name)]" : name
        return port.map { "\(host):\($0)" } ?? host
    }

    /// unreserved, sub-delims and `%` (pct-encoded) of RFC 3986: what a reg-name or an IPv4 address holds.
    private static func isRegNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "%"), UInt8(ascii: "!"),
            UInt8(ascii: "$"), UInt8(ascii: "&"), UInt8(ascii: "'"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "*"),
            UInt8(ascii: "+"), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "="):
            true
        default:
            false
        }
    }

    /// What an IP literal in brackets holds: hex digits, `:` and `.` (IPv6, IPv4 tail), `v` and
    /// the reg-name bytes of an IPvFuture.
    private static func isLiteralByte(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: ":") || isRegNameByte(byte)
    }
}

extension HTTPRequest {
    /// The host this request is addressed to: the authority of an absolute-form target, which
    /// wins over `Host` (RFC 9112 §3.2.2), else the `Host` field; `nil` when there is neither
    /// (HTTP/1.0) or the target's authority does not parse.
    package var addressedHost: HTTPHost? {
        if !target.hasPrefix("/"), let scheme = target.range(of: "://") {
            let rest = target[scheme.upperBound...]
            let authority = rest.prefix { $0 != "/" && $0 != "?" }
            return HTTPHost(parsing: authority)
        }
        return headers["Host"].flatMap { HTTPHost(parsing: $0) }
    }
}
