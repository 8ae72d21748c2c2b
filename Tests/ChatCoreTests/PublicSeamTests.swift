import ChatCore
import Foundation
import Testing

// This file uses only ChatCore's public API (the target imports it without @testable): it is
// what a package outside this one can write.

/// A clock written outside ChatCore: it keeps its work in a list and runs it when told.
private final class ListClock: ChatClock, @unchecked Sendable {
    // @unchecked: every stored property is only touched with `lock` held.
    private let lock = NSLock()
    private var time = Date(timeIntervalSince1970: 1_000_000)
    private var work: [(id: TimerID, deadline: Date, run: @Sendable () -> Void)] = []
    private var nextID: UInt64 = 0

    func now() -> Date { lock.withLock { time } }

    func schedule(at deadline: Date, background: Bool, _ run: @escaping @Sendable () -> Void) -> TimerID {
        lock.withLock {
            nextID += 1
            let id = TimerID(nextID)
            work.append((id, deadline, run))
            return id
        }
    }

    func cancel(_ timer: TimerID) {
        lock.withLock { work.removeAll { $0.id == timer } }
    }

    /// Runs the earliest piece of work, moving time to its deadline.
    func runNext() -> Bool {
        let next: (@Sendable () -> Void)? = lock.withLock {
            guard let index = work.indices.min(by: { work[$0].deadline < work[$1].deadline }) else { return nil }
            let item = work.remove(at: index)
            time = max(time, item.deadline)
            return item.run
        }
        guard let next else { return false }
        next()
        return true
    }
}

@Suite struct PublicSeamTests {
    @Test func aClockWrittenOutsideChatCore_timesAWholeChat() throws {
        let clock = ListClock()
        var configuration = ChatHostConfiguration()
        configuration.agentJoinDelay = .seconds(2, 2)
        configuration.replyDelay = .seconds(1, 1)
        configuration.systemMessageInterval = .zero
        configuration.seed = 1
        let echo = ClosureResponder(agentNickname: "Echo") { event, _ in
            event.kind == .customerText ? AgentReply([.say("echo: \(event.text ?? "")", delay: .seconds(1))]) : .none
        }
        let host = try ChatHost(configuration: configuration, responder: echo, clock: clock)
        let id = try host.requestChat(nickname: "n", subject: "s")
        #expect(try host.chat(id).state == .waitingForAgent)
        while clock.runNext() {}
        #expect(try host.chat(id).state == .chatting)
        try host.sendMessage("hello", to: id)
        while clock.runNext() {}
        let agentTexts = try host.transcript(of: id, from: 0).filter { $0.from.kind == .agent && $0.kind == .text }
        #expect(agentTexts.map(\.text) == ["echo: hello"])
    }

    /// A bot outside ChatCore that says which of its parts answered.
    private struct PartBot: Responder {
        var agentNickname: String { "Parts" }
        var parts: [ResponderPart] { [ResponderPart(origin: "parts:7", name: "parts:7 (echo)")] }
        func respond(to event: ChatEvent, context: inout ResponderContext) -> AgentReply {
            event.kind == .customerText ? AgentReply([.say("echo", origin: "parts:7")], fired: ["parts:7"]) : .none
        }
    }

    @Test func whichPartAnswered_isKeptWithEachAgentMessage_andNamedByTheHostsResponder() throws {
        let clock = ManualClock()
        var configuration = ChatHostConfiguration()
        configuration.agentJoinDelay = .zero
        configuration.replyDelay = .zero
        let host = try ChatHost(configuration: configuration, responder: PartBot(), clock: clock)
        let id = try host.requestChat(nickname: "n", subject: "s")
        try host.sendMessage("hi", to: id)
        clock.advance(by: .zero)
        let answer = try #require(try host.transcript(of: id, from: 0, markingReceived: false).last)
        #expect(answer.text == "echo" && answer.origin == "parts:7")
        #expect(host.responder.parts.first { $0.origin == answer.origin }?.name == "parts:7 (echo)")
        // Reading for a tool did not count as the customer's client receiving anything.
        #expect(try host.transcript(of: id).count == 5)
    }

    @Test func eventsAndActions_areValuesWithKinds_thatAResponderCanReadAndMake() {
        let event = ChatEvent.customerText("hi")
        #expect(event.kind == .customerText && event.text == "hi")
        #expect(ChatEvent.timerFired(name: "nudge").timerName == "nudge")
        // A kind this build does not know is still a value a responder can receive and ignore.
        let future = ChatEvent(ChatEvent.Kind("agentTransferred"))
        #expect(future.kind != .customerText && future.text == nil)
        let timer = AgentAction(.startTimer(name: "n", after: .seconds(5), cancelledByCustomer: true), origin: "bot.rules:4")
        #expect(timer.kind.code == .startTimer && timer.kind.timerName == "n" && timer.kind.timerDelay == .seconds(5))
        #expect(AgentAction.say("x").kind == .say("x"))
        #expect(ResponderPart(origin: "bot.rules:4", name: "bot.rules:4 (nudge)").origin == "bot.rules:4")
    }
}
