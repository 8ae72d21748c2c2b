import Locking

/// A ``ChatStore`` that keeps records in memory: a second host made on the same store restores
/// the chats of the first, which is how tests restart a host without touching the disk.
public final class InMemoryChatStore: ChatStore {
    private let chats = Locked<[ChatID: [JournalRecord]]>([:])

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
    }

    public func removeAll() throws {
        chats.withLock { $0 = [:] }
    }

    /// The records of one chat, oldest first; empty for a chat never stored.
    public func records(of chat: ChatID) -> [JournalRecord] {
        chats.withLock { $0[chat] ?? [] }
    }
}
