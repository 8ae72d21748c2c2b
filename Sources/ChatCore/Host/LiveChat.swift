import Foundation

/// A chat being changed under its lock: the record, the timers armed for its pending steps, and
/// the change in progress that is not yet in the store.
///
/// A change is applied as it is built (the behaviour reads the chat it is changing), and the chat
/// remembers how it was before the change began, so that a change the store refuses can be
/// undone (``rollBack()``) and leaves no trace.
struct LiveChat {
    private(set) var chat: ChatRecord
    /// The clock's handles of the pending steps that are armed.
    var timers: [UInt64: TimerID] = [:]
    /// The `respond` step whose responder call is running now, outside the lock (not journaled:
    /// after a restart the step is still pending and is asked again).
    var consultInFlight: UInt64?
    /// For a responder that answers later: the timer that gives up on its answer.
    var answerTimer: TimerID?
    /// The test faults in force (``ChatFault``); in memory only.
    var faults = ChatFaultState()
    /// Set when the change in progress ended the chat at its transcript limit: the refusal the
    /// operation that made the change throws once the change is stored (not journaled).
    var transcriptLimitRefusal: ChatError?
    /// Set by ``ChatHost/reset(seed:)``: the chat is gone, and nothing may change or store it.
    var discarded = false
    private(set) var uncommitted: [JournalRecord] = []
    /// Steps scheduled by the change in progress, armed once it is committed.
    private(set) var unarmed: [PendingStep] = []
    /// Timers of steps the change finished, by step; disarmed once it is committed.
    private(set) var disarm: [(step: UInt64, timer: TimerID)] = []
    /// The generator's counter as last journaled.
    private var journaledRandomCounter: UInt64
    /// The chat as it was before the change in progress; `nil` while no change is in progress.
    private var beforeChange: ChatRecord.Checkpoint?

    init(chat: ChatRecord) {
        self.chat = chat
        journaledRandomCounter = chat.random.counter
    }

    /// Applies `event` to the chat and keeps it for the store.
    mutating func record(_ event: JournalEvent) {
        changeStarts()
        chat.apply(event)
        uncommitted.append(JournalRecord(event))
        switch event {
        case .scheduled(let step):
            // A step scheduled again (a queued event becoming ready) replaces its earlier version.
            unarmed.removeAll { $0.id == step.id }
            if step.isArmable { unarmed.append(step) }
        case .finished(let id):
            if let timer = timers.removeValue(forKey: id) { disarm.append((id, timer)) }
            unarmed.removeAll { $0.id == id }
        default: break
        }
    }

    mutating func draw<T>(_ body: (inout ChatRandom) -> T) -> T {
        changeStarts()
        return chat.draw(body)
    }

    /// Takes over the generator a responder drew from, so its draws count; journaled at commit.
    mutating func continueRandom(from random: ChatRandom) {
        changeStarts()
        chat.draw { $0 = random }
    }

    private mutating func changeStarts() {
        guard beforeChange == nil else { return }
        beforeChange = chat.checkpoint()
    }

    /// The change in progress: the records to store (with the generator's counter if it moved),
    /// the steps to arm and the timers to cancel once they are stored. Follow it with
    /// ``commitSucceeded()`` or ``rollBack()``.
    mutating func change() -> (records: [JournalRecord], arm: [PendingStep], disarm: [TimerID]) {
        if chat.random.counter != journaledRandomCounter {
            uncommitted.append(JournalRecord(.random(chat.random.counter)))
        }
        return (uncommitted, unarmed, disarm.map(\.timer))
    }

    /// The store kept the change: start the next one from here.
    mutating func commitSucceeded() {
        chat.keepChange()
        journaledRandomCounter = chat.random.counter
        endChange()
    }

    /// The store refused the change: the chat goes back to how it was before it, timers included.
    mutating func rollBack() {
        if let beforeChange { chat.restore(beforeChange) }
        transcriptLimitRefusal = nil
        for (step, timer) in disarm { timers[step] = timer }
        endChange()
    }

    private mutating func endChange() {
        uncommitted = []
        unarmed = []
        disarm = []
        beforeChange = nil
    }
}
