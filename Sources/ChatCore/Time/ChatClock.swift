public import Foundation

/// Where the core gets the time and its timers: real in a server, virtual in tests.
///
/// Every delay in the core (agent join, agent reply, system messages, responder timers) goes
/// through one clock, so a test on a ``ManualClock`` runs a whole chat without sleeping.
public protocol ChatClock: Sendable {
    /// The current time.
    func now() -> Date

    /// Runs `work` once at `deadline` (or as soon after as possible), on a thread of the clock's
    /// choosing. `background` marks periodic work (the system participant's messages) that
    /// ``ManualClock/runUntilIdle(maximumSteps:)`` does not wait for.
    @discardableResult
    func schedule(at deadline: Date, background: Bool, _ work: @escaping @Sendable () -> Void) -> TimerID

    /// Cancels scheduled work; no effect when it already ran or was cancelled.
    func cancel(_ timer: TimerID)
}

/// A handle on scheduled work. A clock makes its own (any number that is unique among its
/// pending work will do), so a ``ChatClock`` can be written outside this package.
public struct TimerID: Hashable, Sendable {
    public let value: UInt64

    public init(_ value: UInt64) { self.value = value }
}

extension Duration {
    /// The duration in seconds, as Foundation measures time.
    package var timeInterval: TimeInterval {
        let parts = components
        return TimeInterval(parts.seconds) + TimeInterval(parts.attoseconds) / 1e18
    }
}

extension Date {
    func adding(_ duration: Duration) -> Date { addingTimeInterval(duration.timeInterval) }
}

/// The pending work of a clock, earliest first, ties in the order they were scheduled.
struct TimerQueue {
    struct Entry {
        let id: TimerID
        let deadline: Date
        let background: Bool
        let work: @Sendable () -> Void
    }

    private var heap: [Entry] = []
    /// The entries not yet run or cancelled, by id, with whether each is background work; the
    /// heap keeps cancelled entries until they surface, so cancelling costs no heap search.
    private var live: [UInt64: Bool] = [:]
    private var foregroundCount = 0
    private var nextID: UInt64 = 0

    var isEmpty: Bool { live.isEmpty }
    /// Pending work that is not background work.
    var hasForegroundWork: Bool { foregroundCount > 0 }

    mutating func insert(deadline: Date, background: Bool, work: @escaping @Sendable () -> Void) -> TimerID {
        nextID += 1
        let id = TimerID(nextID)
        heap.append(Entry(id: id, deadline: deadline, background: background, work: work))
        live[id.value] = background
        if !background { foregroundCount += 1 }
        siftUp(heap.count - 1)
        return id
    }

    mutating func cancel(_ id: TimerID) {
        guard let background = live.removeValue(forKey: id.value) else { return }
        if !background { foregroundCount -= 1 }
    }

    /// The earliest live entry, without removing it.
    mutating func peek() -> Entry? {
        dropCancelled()
        return heap.first
    }

    /// The earliest live foreground entry's deadline.
    func nextForegroundDeadline() -> Date? {
        heap.lazy.filter { !$0.background && self.live[$0.id.value] != nil }.map(\.deadline).min()
    }

    mutating func popFirst() -> Entry? {
        dropCancelled()
        guard !heap.isEmpty else { return nil }
        let first = removeRoot()
        live[first.id.value] = nil
        if !first.background { foregroundCount -= 1 }
        return first
    }

    private mutating func dropCancelled() {
        while let first = heap.first, live[first.id.value] == nil { _ = removeRoot() }
    }

    private mutating func removeRoot() -> Entry {
        heap.swapAt(0, heap.count - 1)
        let root = heap.removeLast()
        if !heap.isEmpty { siftDown(0) }
        return root
    }

    private func earlier(_ a: Entry, _ b: Entry) -> Bool {
        a.deadline != b.deadline ? a.deadline < b.deadline : a.id.value < b.id.value
    }

    private mutating func siftUp(_ index: Int) {
        var child = index
        while child > 0 {
            let parent = (child - 1) / 2
            guard earlier(heap[child], heap[parent]) else { return }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ index: Int) {
        var parent = index
        while true {
            let left = 2 * parent + 1, right = left + 1
            var first = parent
            if left < heap.count, earlier(heap[left], heap[first]) { first = left }
            if right < heap.count, earlier(heap[right], heap[first]) { first = right }
            if first == parent { return }
            heap.swapAt(parent, first)
            parent = first
        }
    }
}
