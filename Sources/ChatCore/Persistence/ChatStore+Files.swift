/// The bytes of the files attached to chats (``ChatHost/uploadFile(named:bytes:to:)``), which a
/// store keeps under the chat and removes with it (``ChatStore/remove(_:)``,
/// ``ChatStore/removeAll()``).
///
/// The requirements are declared in ``ChatStore`` with defaults that refuse, so a store written
/// before file transfer still compiles; such a store's chats take no files.
public struct ChatStoreFilesUnsupported: Error, CustomStringConvertible {
    public var description: String { "this store keeps no files" }
}

/// A file the store was asked for and does not have.
public struct ChatStoreFileMissing: Error, CustomStringConvertible {
    public var file: ChatFileID
    public var chat: ChatID
    public var description: String { "chat \(chat) has no stored file \(file)" }
}
