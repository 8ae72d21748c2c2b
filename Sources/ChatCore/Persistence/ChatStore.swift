/// Where a ``ChatHost`` keeps its chats: an append-only list of ``JournalRecord``s per chat.
///
/// The host writes every change through ``append(_:to:)`` before it answers, and reads every chat
/// back once, through ``recover(_:)``, when it starts. `JournalStore` (files under `chats/`) is
/// the emulator's store; ``InMemoryChatStore`` keeps records in memory for tests. A store
/// written elsewhere needs only ``JournalRecord``'s line encoding.
public protocol ChatStore: Sendable {
    /// Appends `records` to the chat's list, all or nothing: when this throws, none of them may
    /// be read back later (the host then undoes the change and answers with an error).
    func append(_ records: [JournalRecord], to chat: ChatID) throws

    /// Hands every stored chat to `restore`, one at a time. Damage the store can skip (a torn or
    /// unreadable record, an entry that is not a chat) is reported by the store and skipped, so
    /// that one bad chat never keeps the others from being served.
    func recover(_ restore: (StoredChat) -> Void) throws

    /// The chat ended: no more records are expected soon, so the store may release what it holds
    /// open for it. A later append must still work.
    func chatEnded(_ chat: ChatID)

    /// The host shuts down: release everything held open.
    func close()

    /// The chat is removed for good (an ended chat past its retention): forget its records, so
    /// that it is not recovered again. The default keeps them (they are then removed from memory
    /// again at every start).
    func remove(_ chat: ChatID) throws

    /// Removes every chat (`ChatHost.reset(seed:)`): the next ``recover(_:)`` finds none, and
    /// appends start new chats. A store that cannot do it throws (the default does).
    func removeAll() throws

    /// Keeps the bytes of a file attached to the chat, durably, before it returns (see
    /// ``ChatStoreFilesUnsupported`` for stores that keep none). ``remove(_:)`` and
    /// ``removeAll()`` remove a chat's files with it.
    func storeFile(_ bytes: [UInt8], _ file: ChatFileID, of chat: ChatID) throws

    /// The bytes of a file ``storeFile(_:_:of:)`` kept.
    func file(_ file: ChatFileID, of chat: ChatID) throws -> [UInt8]

    /// Removes a file's bytes; no error when it is gone already.
    func removeFile(_ file: ChatFileID, of chat: ChatID) throws
}

extension ChatStore {
    public func chatEnded(_ chat: ChatID) {}
    public func close() {}
    public func remove(_ chat: ChatID) throws {}
    public func removeAll() throws { throw ChatStoreRemovalUnsupported() }
    public func storeFile(_ bytes: [UInt8], _ file: ChatFileID, of chat: ChatID) throws { throw ChatStoreFilesUnsupported() }
    public func file(_ file: ChatFileID, of chat: ChatID) throws -> [UInt8] { throw ChatStoreFilesUnsupported() }
    public func removeFile(_ file: ChatFileID, of chat: ChatID) throws {}
}

/// What the default ``ChatStore/removeAll()`` throws.
public struct ChatStoreRemovalUnsupported: Error, CustomStringConvertible {
    public var description: String { "this store cannot remove its chats" }
}

/// One chat as a store reads it back: its records in the order they were appended, starting with
/// the record that created it.
public struct StoredChat: Sendable {
    public var id: ChatID
    public var records: [JournalRecord]

    public init(id: ChatID, records: [JournalRecord]) {
        self.id = id
        self.records = records
    }
}
