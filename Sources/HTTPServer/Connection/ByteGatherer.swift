/// Gathers the small pieces of a response head or an access-log line in scratch space on the
/// stack and appends them to an array in one copy: an `Array.append` costs about a hundred
/// instructions however few bytes it copies, and a response head is a dozen pieces.
///
/// `package`: the emulator's log lines (`EmulatorKit`) are gathered the same way.
package struct ByteGatherer {
    /// Scratch bytes on the stack; what does not fit is flushed to the array on the way.
    package static let scratchBytes = 512

    // Inlinable (with what it touches), so the log lines of `EmulatorKit` copy their pieces
    // without a call per piece.
    @usableFromInline let scratch: UnsafeMutableBufferPointer<UInt8>
    @usableFromInline var count = 0
    /// The array being appended to, moved in for the gatherer's lifetime (not copied).
    @usableFromInline var output: [UInt8] = []

    @usableFromInline init(scratch: UnsafeMutableBufferPointer<UInt8>) {
        self.scratch = scratch
    }

    /// Runs `body` with a gatherer, then appends everything it gathered to `bytes`.
    @inlinable package static func append(to bytes: inout [UInt8], _ body: (inout ByteGatherer) -> Void) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: scratchBytes) { scratch in
            var gatherer = ByteGatherer(scratch: scratch)
            swap(&gatherer.output, &bytes)
            body(&gatherer)
            gatherer.flush()
            swap(&gatherer.output, &bytes)
        }
    }

    @inlinable package mutating func append(_ byte: UInt8) {
        if count == scratch.count { flush() }
        scratch[count] = byte
        count += 1
    }

    @inlinable package mutating func append(_ piece: UnsafeBufferPointer<UInt8>) {
        guard let source = piece.baseAddress, !piece.isEmpty else { return }
        if count + piece.count > scratch.count {
            flush()
            if piece.count > scratch.count { return output.append(contentsOf: piece) }
        }
        (scratch.baseAddress! + count).update(from: source, count: piece.count)
        count += piece.count
    }

    @inlinable package mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { append($0) }
    }

    @inlinable package mutating func append(_ bytes: ArraySlice<UInt8>) {
        bytes.withUnsafeBufferPointer { append($0) }
    }

    @inlinable package mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { append($0) }
    }

    /// The decimal digits of `value` (negative values are written as 0: lengths, codes, durations).
    @inlinable package mutating func appendDecimal(_ value: Int) {
        if count + 20 > scratch.count { flush() }
        var digits = 1
        var rest = max(0, value)
        while rest >= 10 {
            digits += 1
            rest /= 10
        }
        rest = max(0, value)
        for position in (count..<(count + digits)).reversed() {
            scratch[position] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
        }
        count += digits
    }

    @usableFromInline mutating func flush() {
        guard count > 0 else { return }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: scratch[..<count]))
        count = 0
    }
}
