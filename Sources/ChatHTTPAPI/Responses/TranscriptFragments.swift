package import ChatCore
import GWSChatClient
package import JSONText
import Locking

/// The JSON of every message of one chat in one wire's shape, each written once.
///
/// A message never changes once added, so its JSON never does; writing it again for every poll
/// was nearly all the cost of a long transcript. The fragments are kept back to back, each with
/// its leading comma (`,{…},{…}`), so any run of messages is one contiguous copy. The wire's codec
/// writes each fragment (`write`); this only keeps them: GWS's GetTranscript
/// (``TranscriptFragments``) and the GMS front's answers use it.
package final class MessageFragments: @unchecked Sendable {
    // @unchecked: used only inside `ChatHost.readTranscript`'s closure, which runs under the lock
    // of the chat these fragments belong to.
    private let write: @Sendable (ChatMessage, inout JSONWriter) -> Void
    private var bytes: [UInt8] = []
    /// `offsets[p]` is where message position `p`'s fragment (its comma) starts; one more entry
    /// than fragments written, the last being `bytes.count`.
    private var offsets: [Int] = [0]
    /// The index of the last message written, to notice a transcript that is not the one written.
    private var lastIndex = 0

    /// - Parameter write: one message as its wire writes it (a JSON object).
    package init(write: @escaping @Sendable (ChatMessage, inout JSONWriter) -> Void) {
        self.write = write
    }

    /// Bytes held, for the cache's bound.
    package var byteCount: Int { bytes.count + offsets.count * MemoryLayout<Int>.size }

    /// Appends to `body` the messages from position `start`, comma-separated, as many as fit in
    /// `room` bytes (at least one), and returns how many; none when `start` is past the last.
    package func append(_ messages: ChatTranscript, from start: Int, room: Int, to body: inout [UInt8]) -> Int {
        extend(to: messages)
        let written = offsets.count - 1
        guard start < written else { return 0 }
        // The largest end whose run (without its first comma) fits; binary search over the offsets.
        var low = start + 1
        var high = written
        while low < high {
            let middle = (low + high + 1) / 2
            if offsets[middle] - offsets[start] - 1 <= room { low = middle } else { high = middle - 1 }
        }
        let run = (offsets[start] + 1)..<offsets[low]
        bytes.withUnsafeBufferPointer { body.append(contentsOf: UnsafeBufferPointer(rebasing: $0[run])) }
        return low - start
    }

    /// Writes the fragments of messages added since the last call.
    private func extend(to messages: ChatTranscript) {
        var position = offsets.count - 1
        // Committed messages are only ever appended; should that ever not hold, start over.
        if position > messages.count || (position > 0 && messages[position - 1].index != lastIndex) {
            bytes.removeAll()
            offsets = [0]
            position = 0
        }
        guard position < messages.count else { return }
        var writer = JSONWriter(capacity: 256)
        while position < messages.count {
            bytes.append(UInt8(ascii: ","))
            writer.reset()
            write(messages[position], &writer)
            bytes.append(contentsOf: writer.bytes)
            offsets.append(bytes.count)
            lastIndex = messages[position].index
            position += 1
        }
    }
}

/// GetTranscript's messages, each written once (``MessageFragments`` in GWS's shape).
final class TranscriptFragments: Sendable {
    let messages = MessageFragments { message, writer in GWSWire.write(GWSMessage(message), to: &writer) }

    var byteCount: Int { messages.byteCount }

    /// The answer for the messages from position `start`, stopping at the last whole message within
    /// `maxBytes` (at least one message), and how many messages it holds.
    func answer(_ transcript: ChatTranscript, from start: Int, maxBytes: Int) -> (body: [UInt8], taken: Int) {
        let frame = GWSWire.transcriptPrefix.count + GWSWire.transcriptSuffix.count
        var body: [UInt8] = []
        body.reserveCapacity(frame + 64)
        body.append(contentsOf: GWSWire.transcriptPrefix)
        let taken = messages.append(transcript, from: start, room: maxBytes - frame, to: &body)
        body.append(contentsOf: GWSWire.transcriptSuffix)
        return (body, taken)
    }
}

/// What a front keeps per chat to answer polls cheaply (a chat's ``MessageFragments``), within a
/// byte bound: past it, the cache is emptied and refilled on demand (what it holds is only a
/// faster way to the same answer). A reset empties it: the same ids may come back as other chats.
package final class ChatCache<Entry: Sendable>: Sendable {
    private struct State {
        var chats: [ChatID: Entry] = [:]
        var byteCount = 0
    }

    private let state = Locked(State())
    package let maxBytes: Int
    /// What one entry counts toward ``maxBytes`` besides what it grows by (its id, its object,
    /// what it holds from the start), so that many chats polled once are bounded too.
    package let entryBytes: Int

    package init(maxBytes: Int, entryBytes: Int = 128) {
        self.maxBytes = maxBytes
        self.entryBytes = entryBytes
    }

    /// The chat's entry, made by `make` the first time.
    package func entry<Failure: Error>(of id: ChatID, make: () throws(Failure) -> Entry) throws(Failure) -> Entry {
        if let entry = state.withLock({ $0.chats[id] }) { return entry }
        // Made outside the lock (it may take the chat's); two first requests may both make one.
        let made = try make()
        return state.withLock { state in
            if let entry = state.chats[id] { return entry }
            if state.byteCount + entryBytes > maxBytes {
                state.chats.removeAll()
                state.byteCount = 0
            }
            state.chats[id] = made
            state.byteCount += entryBytes
            return made
        }
    }

    /// Forgets every chat (a reset: the same ids may come back with other messages).
    package func removeAll() {
        state.withLock { $0 = State() }
    }

    /// Counts bytes a chat's entry grew by; empties the cache when over the bound.
    package func grew(by count: Int) {
        guard count > 0 else { return }
        state.withLock { state in
            state.byteCount += count
            if state.byteCount > maxBytes {
                state.chats.removeAll()
                state.byteCount = 0
            }
        }
    }
}

/// GetTranscript's cache.
typealias TranscriptCache = ChatCache<TranscriptFragments>

extension ChatCache where Entry == TranscriptFragments {
    func fragments(of id: ChatID) -> TranscriptFragments {
        entry(of: id) { TranscriptFragments() }
    }
}
