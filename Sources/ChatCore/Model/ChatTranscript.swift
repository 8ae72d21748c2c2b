/// A chat's messages in order, stored so that taking a copy while more are appended stays cheap.
///
/// Messages sit in full chunks of 256 (`chunkSize`) that never change, and an open tail. A copy (such
/// as the ``ChatView`` a responder reads while the chat goes on) shares the full chunks; an append
/// to a shared transcript copies at most the open tail and the list of chunks, never the messages
/// of the whole transcript, so appending stays flat however long the chat grows.
public struct ChatTranscript: RandomAccessCollection, ExpressibleByArrayLiteral, Sendable {
    /// Messages per full chunk: large enough that the list of chunks stays short, small enough
    /// that copying an open tail is cheap.
    static let chunkSize = 256

    private var chunks: [[ChatMessage]] = []
    private var tail: [ChatMessage] = []

    public init() {}

    public init(_ messages: some Sequence<ChatMessage>) {
        for message in messages { append(message) }
    }

    public init(arrayLiteral messages: ChatMessage...) {
        self.init(messages)
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { chunks.count * Self.chunkSize + tail.count }

    public subscript(position: Int) -> ChatMessage {
        let (chunk, offset) = position.quotientAndRemainder(dividingBy: Self.chunkSize)
        return chunk < chunks.count ? chunks[chunk][offset] : tail[offset]
    }

    mutating func append(_ message: ChatMessage) {
        if tail.isEmpty { tail.reserveCapacity(Self.chunkSize) }
        tail.append(message)
        if tail.count == Self.chunkSize {
            chunks.append(tail)
            tail = []
        }
    }

    /// Keeps the first `count` messages only.
    mutating func truncate(to count: Int) {
        guard count < self.count else { return }
        let fullChunks = count / Self.chunkSize
        if fullChunks == chunks.count {
            tail.removeSubrange((count - fullChunks * Self.chunkSize)...)
        } else {
            let kept = Array(chunks[fullChunks][..<(count - fullChunks * Self.chunkSize)])
            chunks.removeSubrange(fullChunks...)
            tail = kept
        }
    }
}
