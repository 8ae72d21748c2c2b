@testable import ChatCore
import Testing

/// A relayed answer (what recorders and taps make) must not keep itself and the outer answer alive
/// once it is delivered: LeakSanitizer found every relayed, delivered answer leaked.
@Suite struct ResponderAnswerLifetimeTests {
    @Test func aRelayedAnswer_deliveredInTime_isFreed_withItsOuterAnswer() {
        weak var weakOuter: ResponderAnswer?
        weak var weakInner: ResponderAnswer?
        do {
            let outer = ResponderAnswer { _ in }
            let inner = ResponderAnswer.relaying(to: outer) { _, _ in }
            weakOuter = outer
            weakInner = inner
            inner.fail("the bot gave up")
        }
        #expect(weakInner == nil)
        #expect(weakOuter == nil)
    }

    @Test func anAbandonedRelayedAnswer_stillHearsOfIt() {
        let outer = ResponderAnswer { _ in }
        let inner = ResponderAnswer.relaying(to: outer) { _, _ in }
        outer.abandon()
        #expect(inner.isAbandoned)
    }
}
