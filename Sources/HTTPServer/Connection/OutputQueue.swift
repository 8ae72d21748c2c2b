import Glibc

/// The bytes queued for one peer, in order, written with one `sendmsg` per batch of segments.
///
/// Small pieces (response heads, short bodies, pipelined answers) are gathered in one buffer the
/// queue owns, so a burst of small responses leaves in one system call. A large body is queued as
/// the handler's own array, not copied: a 1 MiB transcript answer costs 1 MiB, not 2.
struct OutputQueue {
    /// Bodies at least this long are queued as their own segment instead of copied.
    static let largeBodyBytes = 16 * 1024
    /// Segments handed to one `sendmsg`.
    private static let batchSegments = 8

    private var segments: [[UInt8]] = []
    /// The first segment not completely sent.
    private var head = 0
    /// Bytes of `segments[head]` already sent.
    private var headOffset = 0
    /// Whether the last segment is the queue's own gathering buffer (appendable) rather than a body.
    private var tailIsOwned = false
    /// Unsent bytes.
    private(set) var count = 0

    var isEmpty: Bool { count == 0 }

    /// Whether `bytes`' own storage is queued, rather than a copy of it (large bodies are).
    func holdsStorage(of bytes: [UInt8]) -> Bool {
        let address = bytes.withUnsafeBufferPointer { $0.baseAddress }
        return address != nil && segments.contains { segment in segment.withUnsafeBufferPointer { $0.baseAddress } == address }
    }

    /// Appends small bytes to the gathering buffer.
    mutating func withTail(_ write: (inout [UInt8]) -> Void) {
        if !tailIsOwned {
            segments.append([])
            segments[segments.count - 1].reserveCapacity(1024)
            tailIsOwned = true
        }
        let last = segments.count - 1
        let before = segments[last].count
        write(&segments[last])
        count += segments[last].count - before
    }

    mutating func append(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        if bytes.count >= Self.largeBodyBytes {
            segments.append(bytes)
            tailIsOwned = false
            count += bytes.count
        } else {
            withTail { $0.append(contentsOf: bytes) }
        }
    }

    /// What one send attempt did.
    enum SendResult {
        /// Everything queued is written.
        case drained
        /// The socket's buffer is full; try again when it is writable.
        case wouldBlock
        /// The peer is gone (EPIPE, ECONNRESET, ...).
        case failed
    }

    /// Writes as much as the socket takes.
    mutating func send(to descriptor: Int32) -> SendResult {
        while count > 0 {
            let sent = sendBatch(to: descriptor)
            if sent > 0 {
                consume(sent)
                continue
            }
            if sent < 0, errno == EINTR { continue }
            if sent < 0, errno == EAGAIN || errno == EWOULDBLOCK { return .wouldBlock }
            return .failed
        }
        reset()
        return .drained
    }

    /// Drops everything queued (the connection is closing).
    mutating func reset() {
        // A gathering buffer that grew for a burst is not kept: idle connections stay small.
        if segments.count == 1, tailIsOwned, segments[0].capacity <= 64 * 1024 {
            segments[0].removeAll(keepingCapacity: true)
        } else {
            segments.removeAll()
            tailIsOwned = false
        }
        head = 0
        headOffset = 0
        count = 0
    }

    private mutating func consume(_ sent: Int) {
        count -= sent
        var left = sent
        while left > 0 {
            let available = segments[head].count - headOffset
            if left < available {
                headOffset += left
                return
            }
            left -= available
            head += 1
            headOffset = 0
        }
        // Fully sent segments are dropped once they are a good share of the array.
        if head > 0, head * 2 >= segments.count, head < segments.count {
            segments.removeFirst(head)
            head = 0
        }
    }

    /// One `sendmsg` over up to ``batchSegments`` segments from the head.
    private func sendBatch(to descriptor: Int32) -> Int {
        let end = min(segments.count, head + Self.batchSegments)
        var vectors: [iovec] = []
        vectors.reserveCapacity(end - head)
        return gather(from: head, to: end, into: &vectors, descriptor: descriptor)
    }

    /// Pins each segment's storage with nested `withUnsafeBytes` (so every pointer is valid during
    /// the call), then sends them together.
    private func gather(from index: Int, to end: Int, into vectors: inout [iovec], descriptor: Int32) -> Int {
        guard index < end else {
            return vectors.withUnsafeMutableBufferPointer { buffer -> Int in
                var message = msghdr()
                message.msg_iov = buffer.baseAddress
                message.msg_iovlen = buffer.count
                return sendmsg(descriptor, &message, Socket.sendFlags)
            }
        }
        return segments[index].withUnsafeBytes { bytes -> Int in
            let skip = index == head ? headOffset : 0
            if let base = bytes.baseAddress, bytes.count > skip {
                vectors.append(iovec(iov_base: UnsafeMutableRawPointer(mutating: base + skip), iov_len: bytes.count - skip))
            }
            return gather(from: index + 1, to: end, into: &vectors, descriptor: descriptor)
        }
    }
}
