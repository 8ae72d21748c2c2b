import Locking

/// One chat of a host: its live state behind its own lock.
///
/// Each chat has its own lock, held while its change is stored: requests to different chats
/// never wait for each other, and requests to one chat are stored in the order they change it.
final class ChatSession: Sendable {
    let id: ChatID
    let live: Locked<LiveChat>

    init(chat: ChatRecord) {
        id = chat.id
        live = Locked(LiveChat(chat: chat))
    }
}
