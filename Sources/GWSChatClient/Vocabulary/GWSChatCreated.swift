/// The answer to RequestChat: the new chat's id and its path.
public struct GWSChatCreated: Hashable, Sendable {
    /// The chat id as the server wrote it (a UUID from this emulator; any text from a real GWS).
    public var id: String
    /// `/api/v2/chats/ID`.
    public var path: String

    public init(id: String, path: String) {
        self.id = id
        self.path = path
    }
}
