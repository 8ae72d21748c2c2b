/// A file a participant attached to a chat (GMS's file transfer): what the transcript's
/// `FileUploaded` and `FileDeleted` messages carry.
///
/// The bytes are kept by the ``ChatStore`` under the chat, by ``id``; ``name`` is for people only
/// and never becomes a path.
public struct ChatFile: Hashable, Sendable {
    public var id: ChatFileID
    /// The file's name as shown to people: the client's name reduced to its last path component
    /// (see `ChatFileLimits.checkedName(_:)`).
    public var name: String
    /// Bytes.
    public var size: Int
    /// The media type the download is served with, from the name's extension (see
    /// `ChatFileLimits.contentType(forName:)`), never the client's word.
    public var contentType: String

    public init(id: ChatFileID, name: String, size: Int, contentType: String) {
        self.id = id
        self.name = name
        self.size = size
        self.contentType = contentType
    }
}

/// The id of a file in a chat: 16 uppercase hexadecimal digits (as GMS's `file-id`), so that it is
/// safe as a file name and in a URL path.
public struct ChatFileID: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let description: String

    /// `nil` unless `text` is exactly 16 digits `0-9A-F`.
    public init?(validating text: some StringProtocol) {
        guard text.utf8.count == 16,
            text.utf8.allSatisfy({ ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || ($0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "F")) })
        else { return nil }
        description = String(text)
    }

    /// A fresh id from 64 random bits.
    init(random: UInt64) {
        let hex = String(random, radix: 16, uppercase: true)
        description = String(repeating: "0", count: 16 - hex.count) + hex
    }

    public static func < (lhs: ChatFileID, rhs: ChatFileID) -> Bool { lhs.description < rhs.description }
}
