import Foundation

/// The identifier of a chat: a UUID we generate, written in lower case.
///
/// A chat id also names the chat's journal file, so every id that comes from outside is validated
/// with ``init(validating:)`` before it can touch a path.
public struct ChatID: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let uuid: UUID

    public init(_ uuid: UUID) {
        self.uuid = uuid
    }

    /// Accepts exactly the canonical 36-character UUID form (any case); anything else is `nil`.
    public init?(validating text: some StringProtocol) {
        guard text.utf8.count == 36, let uuid = UUID(uuidString: String(text)) else { return nil }
        self.uuid = uuid
    }

    public var description: String { uuid.uuidString.lowercased() }

    public static func < (lhs: ChatID, rhs: ChatID) -> Bool { lhs.description < rhs.description }
}
