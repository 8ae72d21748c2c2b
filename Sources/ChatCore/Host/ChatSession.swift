import Locking

/// One chat of a host: its live state behind its own lock, and its journal.
///
/// Each chat has its own lock, held while its journal is written: requests to different chats
/// never wait for each other, and requests to one chat are journaled in the order they change it.
final class ChatSession: Sendable {
    let id: ChatID
    let live: Locked<LiveChat>
    let journal: ChatJournal?

    init(chat: ChatRecord, journal: ChatJournal?) {
        id = chat.id
        live = Locked(LiveChat(chat: chat))
        self.journal = journal
    }
}
