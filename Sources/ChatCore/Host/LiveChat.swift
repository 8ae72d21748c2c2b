import Foundation

/// A chat being changed under its lock: the record, the timers armed for its pending steps, and
/// the records of the change in progress that are not yet in the journal.
struct LiveChat {
    private(set) var chat: ChatRecord
    /// The clock's handles of the pending steps that are armed.
    var timers: [UInt64: TimerID] = [:]
    /// Set when the journal could not be written: the chat refuses changes from then on, since
    /// memory and disk no longer agree.
    var isBroken = false
    /// The `respond` step whose responder call is running now, outside the lock (not journaled:
    /// after a restart the step is still pending and is asked again).
    var consultInFlight: UInt64?
    private(set) var uncommitted: [JournalRecord] = []
    /// Steps scheduled by the change in progress, armed once it is committed.
    private(set) var unarmed: [PendingStep] = []
    /// Timers of steps the change finished; disarmed at commit.
    private(set) var disarm: [TimerID] = []
    /// The generator's counter as last journaled.
    private var journaledRandomCounter: UInt64

    init(chat: ChatRecord) {
        self.chat = chat
        journaledRandomCounter = chat.random.counter
    }

    /// Applies `record` to the chat and keeps it for the journal.
    mutating func record(_ record: JournalRecord) {
        chat.apply(record)
        uncommitted.append(record)
        switch record {
        case .scheduled(let step):
            // A step scheduled again (a queued event becoming ready) replaces its earlier version.
            unarmed.removeAll { $0.id == step.id }
            if step.isArmable { unarmed.append(step) }
        case .finished(let id):
            if let timer = timers.removeValue(forKey: id) { disarm.append(timer) }
            unarmed.removeAll { $0.id == id }
        default: break
        }
    }

    mutating func draw<T>(_ body: (inout ChatRandom) -> T) -> T { chat.draw(body) }

    /// Takes over the generator a responder drew from, so its draws count; journaled at commit.
    mutating func continueRandom(from random: ChatRandom) { chat.draw { $0 = random } }

    /// Hands over the change in progress: the records to write, the steps to arm, the timers to
    /// cancel. Notes the generator's counter if it moved.
    mutating func takeChange() -> (records: [JournalRecord], arm: [PendingStep], disarm: [TimerID]) {
        if chat.random.counter != journaledRandomCounter {
            uncommitted.append(.random(chat.random.counter))
            journaledRandomCounter = chat.random.counter
        }
        defer {
            uncommitted = []
            unarmed = []
            disarm = []
        }
        return (uncommitted, unarmed, disarm)
    }
}
