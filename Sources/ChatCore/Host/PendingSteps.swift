/// The steps of one chat that are scheduled and not yet run or cancelled, with the indexes the
/// agent's queue consults on every change: the oldest queued event, the ready event, the reply
/// steps and the responder's timers.
///
/// A client can send messages to a chat faster than its bot answers them, and then the queue holds
/// thousands of events. Every question the queue asks here costs the same however long that
/// backlog is (scanning it on each message made SendMessage slower with every message queued),
/// and so does undoing a change the store refused: the steps a change touched are remembered,
/// rather than a copy of them all.
struct PendingSteps {
    /// Every pending step, by id.
    private var byID: [UInt64: PendingStep] = [:]
    /// Ids of queued events (`respond` steps not ready yet) in queue order, which is id order
    /// because ids only grow. Entries before `queueHead` are spent; an entry whose step has since
    /// been cancelled or made ready stays until it reaches the front, where it is skipped.
    private var queuedIDs: [UInt64] = []
    private var queueHead = 0
    /// `respond` steps that are ready: at most one, by the queue's rule.
    private var readyIDs: Set<UInt64> = []
    /// Steps of the agent's reply in progress (messages, typing, leaving).
    private var replyStepIDs: Set<UInt64> = []
    /// The responder's named timers.
    private var timerIDs: Set<UInt64> = []
    /// While a change is in progress: each step it touched as it was before, oldest first.
    private var undoLog: [(id: UInt64, before: PendingStep?)]?

    subscript(id: UInt64) -> PendingStep? { byID[id] }

    /// Every pending step, oldest first.
    var inOrder: [PendingStep] { byID.values.sorted { $0.id < $1.id } }

    /// Adds `step`, or replaces the step with its id (a queued event becoming ready).
    mutating func schedule(_ step: PendingStep) { replace(step.id, with: step) }

    /// Removes the step `id` (it ran or was cancelled); nothing when it is not pending.
    mutating func finish(_ id: UInt64) {
        guard byID[id] != nil else { return }
        replace(id, with: nil)
    }

    /// The event at the front of the agent's queue, once it is ready.
    var readyEvent: PendingStep? { readyIDs.min().flatMap { byID[$0] } }

    /// The oldest queued event that is not ready yet.
    var oldestQueuedEvent: PendingStep? {
        queueHead < queuedIDs.count ? byID[queuedIDs[queueHead]] : nil
    }

    /// Whether a message, typing notification or leaving of the agent's reply is still to come.
    var hasReplySteps: Bool { !replyStepIDs.isEmpty }

    /// The responder's timers, oldest first.
    var responderTimers: [PendingStep] { timerIDs.sorted().compactMap { byID[$0] } }

    // MARK: Undoing a change

    /// From now on, remember what is changed, so that ``undoChange()`` can put it back.
    mutating func beginChange() { undoLog = [] }

    /// The change is kept: forget how it was before.
    mutating func keepChange() { undoLog = nil }

    /// Puts every step the change touched back as it was before the change began.
    mutating func undoChange() {
        guard let log = undoLog else { return }
        undoLog = nil
        for (id, before) in log.reversed() { replace(id, with: before) }
    }

    // MARK: Keeping the indexes

    private mutating func replace(_ id: UInt64, with new: PendingStep?) {
        let old = byID[id]
        undoLog?.append((id, old))
        byID[id] = new
        if let old { unindex(old) }
        if let new { index(new) }
    }

    private mutating func index(_ step: PendingStep) {
        switch step.work {
        case .respond where step.isReady: readyIDs.insert(step.id)
        case .respond: enqueue(step.id)
        case .agentSay, .agentTyping, .agentPost, .agentTransfer, .agentInvite, .agentLeave, .agentHandover: replyStepIDs.insert(step.id)
        case .responderTimer: timerIDs.insert(step.id)
        case .agentJoin, .systemMessage, .handoverTimeout, .idleAlert, .idleClose: break
        }
    }

    private mutating func unindex(_ step: PendingStep) {
        switch step.work {
        case .respond where step.isReady: readyIDs.remove(step.id)
        case .respond: skipSpentEntries()  // its entry is skipped once it reaches the front
        case .agentSay, .agentTyping, .agentPost, .agentTransfer, .agentInvite, .agentLeave, .agentHandover: replyStepIDs.remove(step.id)
        case .responderTimer: timerIDs.remove(step.id)
        case .agentJoin, .systemMessage, .handoverTimeout, .idleAlert, .idleClose: break
        }
    }

    /// Whether the entry `id` of `queuedIDs` still stands for a queued event.
    private func isQueued(_ id: UInt64) -> Bool {
        guard let step = byID[id], case .respond = step.work else { return false }
        return !step.isReady
    }

    /// Puts `id` in the queue at its place by id: at the back, except when a change is undone.
    private mutating func enqueue(_ id: UInt64) {
        if queueHead == queuedIDs.count || queuedIDs[queuedIDs.count - 1] < id {
            queuedIDs.append(id)
            return
        }
        var low = queueHead
        var high = queuedIDs.count
        while low < high {
            let middle = (low + high) / 2
            if queuedIDs[middle] < id { low = middle + 1 } else { high = middle }
        }
        if queuedIDs[low] == id { return }  // a spent entry that stands again
        if low == queueHead, queueHead > 0 {
            queueHead -= 1
            queuedIDs[queueHead] = id
        } else {
            queuedIDs.insert(id, at: low)
        }
    }

    /// Moves the front past entries whose events are no longer queued, and lets go of spent
    /// entries once they are most of the array.
    private mutating func skipSpentEntries() {
        while queueHead < queuedIDs.count, !isQueued(queuedIDs[queueHead]) { queueHead += 1 }
        if queueHead == queuedIDs.count {
            queuedIDs.removeAll(keepingCapacity: true)
            queueHead = 0
        } else if queueHead >= 1024, queueHead * 2 >= queuedIDs.count {
            queuedIDs.removeFirst(queueHead)
            queueHead = 0
        }
    }
}
