public import Foundation

/// The identifier of a chat: a UUID we generate, written in lower case.
///
/// A chat id also names the chat's journal file, so every id that comes from outside is validated
/// with `init(validating:)` before it can touch a path.
public struct ChatID: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let uuid: UUID

    public init(_ uuid: UUID) {
        self.uuid = uuid
    }

    /// Accepts exactly the canonical 36-character UUID form (any case); anything else is `nil`.
    ///
    /// Parsed by hand over the UTF-8 bytes: every request names a chat, and Foundation's parser
    /// goes through `sscanf` (a generic `StringProtocol` loop cost 54,000 instructions a request).
    public init?(validating text: String) {
        var text = text
        guard let uuid = text.withUTF8({ Self.parse($0) }) else { return nil }
        self.uuid = uuid
    }

    package init?(validating text: Substring) {
        var text = text
        guard let uuid = text.withUTF8({ Self.parse($0) }) else { return nil }
        self.uuid = uuid
    }

    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> UUID? {
        guard bytes.count == 36 else { return nil }
        var raw: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        let valid = withUnsafeMutableBytes(of: &raw) { output -> Bool in
            var position = 0
            for index in 0..<16 {
                if position == 8 || position == 13 || position == 18 || position == 23 {
                    guard bytes[position] == UInt8(ascii: "-") else { return false }
                    position += 1
                }
                let high = hexValue(bytes[position])
                let low = hexValue(bytes[position + 1])
                guard (high | low) < 16 else { return false }
                output[index] = high << 4 | low
                position += 2
            }
            return true
        }
        return valid ? UUID(uuid: raw) : nil
    }

    /// The value of a hex digit, or 255.
    private static func hexValue(_ character: UInt8) -> UInt8 {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): character - UInt8(ascii: "A") + 10
        default: 255
        }
    }

    /// Lower-case canonical form, written by hand (Foundation's `uuidString` plus `lowercased()`
    /// is costly for something every GetChat and log line writes).
    public var description: String {
        withUnsafeBytes(of: uuid.uuid) { raw in
            String(unsafeUninitializedCapacity: 36) { output in
                let digits = Self.lowerHexDigits
                var position = 0
                for index in 0..<16 {
                    if index == 4 || index == 6 || index == 8 || index == 10 {
                        output[position] = UInt8(ascii: "-")
                        position += 1
                    }
                    output[position] = digits[Int(raw[index] >> 4)]
                    output[position + 1] = digits[Int(raw[index] & 0x0F)]
                    position += 2
                }
                return 36
            }
        }
    }

    private static let lowerHexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    public static func < (lhs: ChatID, rhs: ChatID) -> Bool { lhs.description < rhs.description }
}
