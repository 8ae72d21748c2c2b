@testable import ChatCore
import Foundation
import Testing

/// The agent queue's indexes against the plain definition they stand for (a scan of every
/// pending step), over long seeded runs of scheduling, readying, finishing and undoing.
@Suite struct PendingStepsTests {
    /// What each question means, answered by scanning, as the queue asked before it had indexes.
    struct Reference {
        var steps: [UInt64: PendingStep] = [:]
        var readyEvent: PendingStep? { steps.values.filter { isRespond($0) && $0.isReady }.min { $0.id < $1.id } }
        var oldestQueuedEvent: PendingStep? { steps.values.filter { isRespond($0) && !$0.isReady }.min { $0.id < $1.id } }
        var hasReplySteps: Bool {
            steps.values.contains {
                switch $0.work {
                case .agentSay, .agentTyping, .agentLeave: true
                default: false
                }
            }
        }
        var responderTimers: [PendingStep] {
            steps.values.filter { if case .responderTimer = $0.work { true } else { false } }.sorted { $0.id < $1.id }
        }
        func isRespond(_ step: PendingStep) -> Bool { if case .respond = step.work { true } else { false } }
    }

    static func expectSame(_ steps: PendingSteps, _ reference: Reference, after operation: String) {
        #expect(steps.readyEvent == reference.readyEvent, "ready event after \(operation)")
        #expect(steps.oldestQueuedEvent == reference.oldestQueuedEvent, "oldest queued event after \(operation)")
        #expect(steps.hasReplySteps == reference.hasReplySteps, "reply steps after \(operation)")
        #expect(steps.responderTimers == reference.responderTimers, "timers after \(operation)")
        #expect(steps.inOrder == reference.steps.values.sorted { $0.id < $1.id }, "steps after \(operation)")
    }

    @Test(arguments: 1...20)
    func indexes_answerAsAScanWould_throughChangesAndUndos(seed: UInt64) {
        var random = ChatRandom(seed: seed)
        var steps = PendingSteps()
        var reference = Reference()
        var saved: Reference?
        var nextID: UInt64 = 1
        let now = Date(timeIntervalSince1970: 0)
        for round in 0..<3_000 {
            let roll = random.next() % 100
            let operation: String
            if roll < 35 {
                // Mostly queued events, as a flood of customer messages makes.
                let work: PendingStep.Work =
                    switch random.next() % 6 {
                    case 0: .agentSay("reply \(nextID)")
                    case 1: .agentTyping(started: true)
                    case 2: .responderTimer(name: "t\(random.next() % 3)", cancelledByCustomer: random.next() % 2 == 0)
                    default: .respond(.customerText("message \(nextID)"))
                    }
                let step = PendingStep(id: nextID, due: now, work: work)
                nextID += 1
                steps.schedule(step)
                reference.steps[step.id] = step
                operation = "scheduling \(step.id)"
            } else if roll < 55, let front = reference.oldestQueuedEvent, reference.readyEvent == nil {
                var ready = front
                ready.isReady = true
                steps.schedule(ready)
                reference.steps[ready.id] = ready
                operation = "readying \(ready.id)"
            } else if roll < 90, !reference.steps.isEmpty {
                // Usually the front (the queue moving on), sometimes any step (a cancellation).
                let ids = reference.steps.keys.sorted()
                let id = random.next() % 3 == 0 ? ids[Int(random.next() % UInt64(ids.count))] : ids[0]
                steps.finish(id)
                reference.steps[id] = nil
                operation = "finishing \(id)"
            } else if saved == nil {
                steps.beginChange()
                saved = reference
                operation = "beginning a change"
            } else if random.next() % 2 == 0 {
                steps.undoChange()
                reference = saved ?? reference
                saved = nil
                operation = "undoing a change"
            } else {
                steps.keepChange()
                saved = nil
                operation = "keeping a change"
            }
            Self.expectSame(steps, reference, after: "\(operation) (round \(round), seed \(seed))")
        }
    }

    @Test func undo_putsABacklogBackInItsOrder() {
        let now = Date(timeIntervalSince1970: 0)
        var steps = PendingSteps()
        for id in UInt64(1)...5_000 { steps.schedule(PendingStep(id: id, due: now, work: .respond(.customerText("\(id)")))) }
        for id in UInt64(1)...4_000 { steps.finish(id) }  // the queue moved on: its front is 4,001
        steps.beginChange()
        var ready = steps.oldestQueuedEvent!
        ready.isReady = true
        steps.schedule(ready)
        steps.finish(4_001)
        steps.finish(4_500)
        #expect(steps.oldestQueuedEvent?.id == 4_002)
        steps.undoChange()
        #expect(steps.readyEvent == nil)
        #expect(steps.oldestQueuedEvent?.id == 4_001)
        #expect(steps.inOrder.map(\.id) == Array(4_001...5_000))
    }
}
