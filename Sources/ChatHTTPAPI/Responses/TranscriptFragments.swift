import ChatCore
import GWSChatClient
import JSONText
import Locking

/// The GetTranscript JSON of every message of one chat, each written once.
///
/// A message never changes once added, so its JSON never does; writing it again for every poll
/// was nearly all the cost of a long transcript. The fragments are kept back to back, each with
/// its leading comma (`,{…},{…}`), so any run of messages is one contiguous copy.
final class TranscriptFragments: @unchecked Sendable {
    // @unchecked: used only inside `ChatHost.readTranscript`'s closure, which runs under the lock
    // of the chat these fragments belong to.
    private var bytes: [UInt8] = []
    /// `offsets[p]` is where message position `p`'s fragment (its comma) starts; one more entry
    /// than fragments written, the last being `bytes.count`.
    private var offsets: [Int] = [0]

    /// Bytes held, for the cache's bound.
    var byteCount: Int { bytes.count + offsets.count * MemoryLayout<Int>.size }

    /// The answer for the messages from position `start`, stopping at the last whole message within
    /// `maxBytes` (at least one message), and how many messages it holds.
    func answer(_ messages: ChatTranscript, from start: Int, maxBytes: Int) -> (body: [UInt8], taken: Int) {
        extend(to: messages)
        let written = offsets.count - 1
        guard start < written else { return (GWSWire.transcriptPrefix + GWSWire.transcriptSuffix, 0) }
        let frame = GWSWire.transcriptPrefix.count + GWSWire.transcriptSuffix.count
        // The largest end whose run (without its first comma) fits; binary search over the offsets.
        var low = start + 1
        var high = written
        while low < high {
            let middle = (low + high + 1) / 2
            if frame + offsets[middle] - offsets[start] - 1 <= maxBytes { low = middle } else { high = middle - 1 }
        }
        let end = low
        let run = (offsets[start] + 1)..<offsets[end]
        var body: [UInt8] = []
        body.reserveCapacity(frame + run.count)
        body.append(contentsOf: GWSWire.transcriptPrefix)
        bytes.withUnsafeBufferPointer { body.append(contentsOf: UnsafeBufferPointer(rebasing: $0[run])) }
        body.append(contentsOf: GWSWire.transcriptSuffix)
        return (body, end - start)
    }

    /// The index of the last message written, to notice a transcript that is not the one written.
    private var lastIndex = 0

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
            GWSWire.write(GWSMessage(messages[position]), to: &writer)
            bytes.append(contentsOf: writer.bytes)
            offsets.append(bytes.count)
            lastIndex = messages[position].index
            position += 1
        }
    }
}

/// The fragments of the chats whose transcripts were read, within a byte bound: past it, the
/// cache is emptied and refilled on demand (fragments are only a faster way to the same answer).
final class TranscriptCache: Sendable {
    private struct State {
        var chats: [ChatID: TranscriptFragments] = [:]
        var byteCount = 0
    }

    private let state = Locked(State())
    let maxBytes: Int

    init(maxBytes: Int) {
        self.maxBytes = maxBytes
    }

    func fragments(of id: ChatID) -> TranscriptFragments {
        state.withLock { state in
            if let fragments = state.chats[id] { return fragments }
            let fragments = TranscriptFragments()
            state.chats[id] = fragments
            return fragments
        }
    }

    /// Forgets every chat (a reset: the same ids may come back with other messages).
    func removeAll() {
        state.withLock { $0 = State() }
    }

    /// Counts bytes a chat's fragments grew by; empties the cache when over the bound.
    func grew(by count: Int) {
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
