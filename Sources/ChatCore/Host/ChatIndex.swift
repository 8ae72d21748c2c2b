import Foundation

/// Which chats are open, newest first, and which ended when: what the agent console lists and
/// what retention removes, kept as chats open and end so that neither walks every chat ever made.
struct ChatIndex {
    /// Chats in the order they opened, oldest first; may still hold ended ones (dropped in bulk
    /// once they outnumber the open ones).
    private var order: [ChatID] = []
    private var open: Set<ChatID> = []
    /// Ended chats in the order they ended, from `endedStart` on.
    private var ended: [(time: Date, id: ChatID)] = []
    private var endedStart = 0

    var openCount: Int { open.count }

    mutating func opened(_ id: ChatID) {
        if open.insert(id).inserted { order.append(id) }
    }

    /// Marks `id` ended at `time`; `false` when it had ended already.
    @discardableResult
    mutating func ended(_ id: ChatID, at time: Date) -> Bool {
        guard open.remove(id) != nil else { return false }
        if order.count > 2 * open.count + 64 { order.removeAll { !open.contains($0) } }
        ended.append((time, id))
        return true
    }

    /// Open chats, newest first: `limit` of them after skipping `offset`.
    func openNewestFirst(from offset: Int, limit: Int) -> [ChatID] {
        var result: [ChatID] = []
        var skipped = 0
        for id in order.reversed() where open.contains(id) {
            if skipped < offset {
                skipped += 1
                continue
            }
            guard result.count < limit else { break }
            result.append(id)
        }
        return result
    }

    /// When the chat that ended first (of those not removed yet) ended.
    var oldestEnd: Date? { endedStart < ended.count ? ended[endedStart].time : nil }

    /// Takes the ended chats that ended at or before `cutoff`, oldest first.
    mutating func takeEnded(endedBy cutoff: Date) -> [ChatID] {
        var taken: [ChatID] = []
        while endedStart < ended.count, ended[endedStart].time <= cutoff {
            taken.append(ended[endedStart].id)
            endedStart += 1
        }
        if endedStart > 1024, endedStart * 2 > ended.count {
            ended.removeFirst(endedStart)
            endedStart = 0
        }
        return taken
    }

    /// Forgets every chat (the host was emptied).
    mutating func removeAll() { self = ChatIndex() }
}
