import Locking

/// A ``ChatStore`` that keeps records in memory: a second host made on the same store restores
/// the chats of the first, which is how tests restart a host without touching the disk.
public final class InMemoryChatStore: ChatStore {
    private let chats = Locked<[ChatID: [JournalRecord]]>([:])
    private let files = Locked<[ChatID: [ChatFileID: [UInt8]]]>([:])

    public init() {}

    public func append(_ records: [JournalRecord], to chat: ChatID) throws {
        chats.withLock { $0[chat, default: []].append(contentsOf: records) }
    }

    public func recover(_ restore: (StoredChat) -> Void) throws {
        let stored = chats.withLock { $0 }
        for id in stored.keys.sorted() { restore(StoredChat(id: id, records: stored[id] ?? [])) }
    }

    public func remove(_ chat: ChatID) throws {
        chats.withLock { $0[chat] = nil }
        files.withLock { $0[chat] = nil }
    }

    public func removeAll() throws {
        chats.withLock { $0 = [:] }
        files.withLock { $0 = [:] }
    }

    public func storeFile(_ bytes: [UInt8], _ file: ChatFileID, of chat: ChatID) throws {
        files.withLock { $0[chat, default: [:]][file] = bytes }
    }

    public func file(_ file: ChatFileID, of chat: ChatID) throws -> [UInt8] {
        guard let bytes = files.withLock({ $0[chat]?[file] }) else { throw ChatStoreFileMissing(file: file, chat: chat) }
        return bytes
    }

    public func removeFile(_ file: ChatFileID, of chat: ChatID) throws {
        files.withLock { _ = $0[chat]?.removeValue(forKey: file) }
    }

    /// How many files the chat has kept here.
    package func fileCount(of chat: ChatID) -> Int {
        files.withLock { $0[chat]?.count ?? 0 }
    }

    /// The records of one chat, oldest first; empty for a chat never stored.
    package func records(of chat: ChatID) -> [JournalRecord] {
        chats.withLock { $0[chat] ?? [] }
    }
}
