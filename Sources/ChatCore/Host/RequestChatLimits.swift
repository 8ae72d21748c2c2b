/// How large RequestChat's parameters may be, in bytes of UTF-8: a longer one is refused (400,
/// GWS code 1, naming the parameter and the limit). They are stored with the chat, written to its
/// journal and listed by the agent console, so each is bounded. The defaults leave room for any
/// real nickname, subject and widget `userData`.
public struct RequestChatLimits: Sendable, Hashable {
    /// Default 1,024 bytes.
    public var nicknameBytes = 1_024
    /// Default 4,096 bytes.
    public var subjectBytes = 4_096
    /// At most this many `userData` entries. Default 64.
    public var userDataEntries = 64
    /// Each `userData` key. Default 256 bytes.
    public var userDataKeyBytes = 256
    /// Each `userData` value. Default 4,096 bytes.
    public var userDataValueBytes = 4_096
    /// All `userData` keys and values together. Default 32,768 bytes.
    public var userDataBytes = 32_768
    /// A customer's notice, pushed URL or typing preview (the operations GMS adds). Default
    /// 4,096 bytes.
    public var noticeBytes = 4_096

    public init() {}

    /// Throws ``ChatError/Code/invalidParameter`` for the first parameter over its limit.
    func check(nickname: String, subject: String, userData: [String: String]) throws(ChatError) {
        try Self.check(nickname, "nickname", nicknameBytes)
        try Self.check(subject, "subject", subjectBytes)
        guard userData.count <= userDataEntries else {
            throw ChatError(.invalidParameter, "userData has \(userData.count) entries; at most \(userDataEntries) are allowed.")
        }
        var total = 0
        for (key, value) in userData {
            guard key.utf8.count <= userDataKeyBytes else {
                throw ChatError(.invalidParameter, "A userData key is \(key.utf8.count) bytes long; at most \(userDataKeyBytes) are allowed.")
            }
            try Self.check(value, "userData[\(key)]", userDataValueBytes)
            total += key.utf8.count + value.utf8.count
        }
        guard total <= userDataBytes else {
            throw ChatError(.invalidParameter, "userData is \(total) bytes long in all; at most \(userDataBytes) are allowed.")
        }
    }

    /// Throws ``ChatError/Code/invalidParameter`` when `value` (a notice, URL or typing preview,
    /// passed as `name`) is over ``noticeBytes``.
    func check(notice value: String, _ name: String) throws(ChatError) {
        try Self.check(value, name, noticeBytes)
    }

    private static func check(_ value: String, _ name: String, _ limit: Int) throws(ChatError) {
        guard value.utf8.count <= limit else {
            throw ChatError(.invalidParameter, "Parameter '\(name)' is \(value.utf8.count) bytes long; at most \(limit) are allowed.")
        }
    }
}
