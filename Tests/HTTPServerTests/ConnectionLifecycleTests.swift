import Testing
@testable import HTTPServer

/// The connection state machine alone, on a made-up clock (nanoseconds).
@Suite struct ConnectionLifecycleTests {
    let timeouts = ConnectionLifecycle.Timeouts(idle: 1000, header: 100, body: 300, write: 50, linger: 20)

    @Test func lifecycle_startsAwaitingRequest_withIdleDeadline() {
        let lifecycle = ConnectionLifecycle(timeouts: timeouts, openedAt: 10)
        #expect(lifecycle.phase == .awaitingRequest)
        #expect(lifecycle.nextDeadline == 1010)
        #expect(lifecycle.isReading)
    }

    @Test func lifecycle_closesSilently_whenIdleDeadlinePasses() {
        var lifecycle = ConnectionLifecycle(timeouts: timeouts, openedAt: 0)
        #expect(lifecycle.deadlinePassed(at: 999) == .none)
        #expect(lifecycle.deadlinePassed(at: 1000) == .close)
        #expect(lifecycle.phase == .closed)
    }

    @Test func lifecycle_answers408_whenHeadIsTooSlow_andTricklingDoesNotExtendIt() {
        var lifecycle = ConnectionLifecycle(timeouts: timeouts, openedAt: 0)
        lifecycle.parserMoved(to: .head, at: 5)
        lifecycle.parserMoved(to: .head, at: 50)
        lifecycle.parserMoved(to: .head, at: 90)
        #expect(lifecycle.nextDeadline == 105)
        #expect(lifecycle.deadlinePassed(at: 105) == .answerTimeoutAndClose)
        #expect(lifecycle.phase == .closingAfterWrite)
        #expect(!lifecycle.isReading)
    }

    @Test func lifecycle_usesBodyDeadline_afterHead() {
        var lifecycle = ConnectionLifecycle(timeouts: timeouts, openedAt: 0)
        lifecycle.parserMoved(to: .head, at: 5)
        lifecycle.parserMoved(to: .body, at: 20)
        #expect(lifecycle.nextDeadline == 320)
        #expect(lifecycle.deadlinePassed(at: 320) == .answerTimeoutAndClose)
    }

    @Test func lifecycle_returnsToIdle_afterKeepAliveResponse() {
        var lifecycle = ConnectionLifecycle(timeouts: timeouts, openedAt: 0)
        lifecycle.parserMoved(to: .head, at: 5)
        lifecycle.responseQueued(keepAlive: true, at: 30)
        #expect(lifecycle.phase == .awaitingRequest)
        #expect(lifecycle.nextDeadline == 1030)
        #expect(lifecycle.outputDrained(at: 31) == .keepOpen)
    }

    @Test func lifecycle_lingersThenCloses_afterCloseResponseIsWritten() {
        var lifecycle = ConnectionLifecycle(timeouts: timeouts, openedAt: 0)
        lifecycle.responseQueued(keepAlive: false, at: 10)
        #expect(lifecycle.phase == .closingAfterWrite)
        lifecycle.outputPending(at: 11)
        #expect(lifecycle.nextDeadline == 61)
        #expect(lifecycle.outputDrained(at: 20) == .shutDownOutputAndLinger)
        #expect(lifecycle.phase == .lingering)
        #expect(lifecycle.wantsInput)
        #expect(!lifecycle.isReading)
        #expect(lifecycle.deadlinePassed(at: 40) == .close)
        #expect(lifecycle.phase == .closed)
    }

    @Test func lifecycle_closesAtOnce_whenPeerClosedAndOutputDrains() {
        var lifecycle = ConnectionLifecycle(timeouts: timeouts, openedAt: 0)
        lifecycle.peerClosedInput(hasPendingOutput: true)
        #expect(lifecycle.phase == .closingAfterWrite)
        #expect(!lifecycle.wantsInput)
        #expect(lifecycle.outputDrained(at: 5) == .close)
    }

    @Test func lifecycle_closes_whenPeerStopsReadingOurOutput() {
        var lifecycle = ConnectionLifecycle(timeouts: timeouts, openedAt: 0)
        lifecycle.responseQueued(keepAlive: true, at: 0)
        lifecycle.outputPending(at: 0)
        lifecycle.outputPending(at: 40)
        #expect(lifecycle.nextDeadline == 50)
        #expect(lifecycle.deadlinePassed(at: 50) == .close)
        #expect(lifecycle.phase == .closed)
    }

    @Test func lifecycle_onStop_closesIdleAtOnce_andBusyAfterOutputWithoutLingering() {
        var idle = ConnectionLifecycle(timeouts: timeouts, openedAt: 0)
        idle.stopRequested(hasPendingOutput: false)
        #expect(idle.phase == .closed)

        var busy = ConnectionLifecycle(timeouts: timeouts, openedAt: 0)
        busy.stopRequested(hasPendingOutput: true)
        #expect(busy.phase == .closingAfterWrite)
        #expect(busy.outputDrained(at: 1) == .close)
    }
}
