public import ChatCore
import Foundation

/// Checks that a ``ChatStore`` gives a restarted ``ChatHost`` the chats it was running: the same
/// transcript, state, cursor and participants, the agent's queue and timers resumed in order, the
/// bot's memory, each chat its own records. Run it from a test of your store:
///
/// ```swift
/// let failures = ChatStoreConformance.check(open: { try MyStore(at: folder) }, erase: { try MyStore.erase(folder) })
/// #expect(failures.isEmpty, "\(failures)")
/// ```
///
/// Every check starts from empty storage (`erase`), and each restart of the host opens the storage
/// again (`open`) after the previous host shut down, as a restarted server does. Time is a
/// ``ManualClock``: nothing sleeps.
public enum ChatStoreConformance {
    /// One promise the store did not keep.
    public struct Failure: Sendable, CustomStringConvertible {
        /// The check that found it.
        public let check: String
        public let problem: String
        public var description: String { "\(check): \(problem)" }
    }

    /// Runs every check; returns what failed (empty when the store keeps every promise).
    /// - Parameters:
    ///   - open: opens the storage: a store that reads back whatever earlier stores opened on the
    ///     same storage appended.
    ///   - erase: empties the storage; called before every check.
    public static func check(open: () throws -> any ChatStore, erase: () throws -> Void) -> [Failure] {
        withoutActuallyEscaping(open) { open in
            var run = Run(open: open)
            for check in checks {
                run.current = check.name
                do {
                    try erase()
                    try check.body(&run)
                } catch {
                    run.fail("threw \(error)")
                }
            }
            return run.failures
        }
    }

    // MARK: The checks

    private struct Check: Sendable {
        let name: String
        let body: @Sendable (inout Run) throws -> Void
    }

    private static let checks: [Check] = [
        Check(name: "a restart restores transcript, state, cursor and participants") { run in
            var clock = ManualClock()
            var host = try run.host(clock: clock)
            let id = try host.requestChat(nickname: "Grüße \"quoted\"\n", subject: "Ünïcode ✓\t\\", userData: ["k": "v", "ü": "\u{1}"])
            try host.sendMessage("Line one.\nLine \\two\t!", to: id)
            clock.advance(by: .zero)
            _ = try host.transcript(of: id)
            try host.sendMessage("Again?", to: id)
            clock.advance(by: .zero)
            let before = try host.transcript(of: id, from: 0, markingReceived: false)
            host = try run.restart(host, clock: &clock)
            run.expect(try host.transcript(of: id, from: 0, markingReceived: false) == before, "the transcript differs after the restart")
            let chat = try host.chat(id)
            run.expect(chat.state == .chatting, "state \(chat.state), expected Chatting")
            run.expect(chat.participants.map(\.id) == ["1", "2", "3"], "participants \(chat.participants.map(\.id))")
            run.expect(chat.customerNickname == "Grüße \"quoted\"\n" && chat.subject == "Ünïcode ✓\t\\", "nickname or subject changed")
            run.expect(chat.userData == ["k": "v", "ü": "\u{1}"], "userData \(chat.userData)")
            // The cursor survived: only what came after the first GetTranscript is new.
            let unread = try host.transcript(of: id).compactMap(\.text)
            run.expect(unread == ["Again?", "Re: Again?"], "unread after the restart: \(unread)")
        },
        Check(name: "a restart resumes a pending step (the agent still joins)") { run in
            var clock = ManualClock()
            var host = try run.host(joinDelay: .seconds(3, 3), clock: clock)
            let id = try host.requestChat(nickname: "n", subject: "s")
            clock.advance(by: .seconds(1))
            host = try run.restart(host, joinDelay: .seconds(3, 3), clock: &clock)
            run.expect(try host.chat(id).state == .waitingForAgent, "the agent joined too early")
            clock.advance(by: .seconds(2))
            run.expect(try host.chat(id).state == .chatting, "the agent did not join after the restart")
        },
        Check(name: "a restart resumes the agent's queue in order") { run in
            var clock = ManualClock()
            var host = try run.host(replyDelay: .seconds(5, 5), clock: clock)
            let id = try host.requestChat(nickname: "n", subject: "s")
            for text in ["first", "second", "third"] { try host.sendMessage(text, to: id) }
            clock.advance(by: .seconds(6))
            host = try run.restart(host, replyDelay: .seconds(5, 5), clock: &clock)
            clock.advance(by: .seconds(10))
            let answers = try host.transcript(of: id, from: 0, markingReceived: false).filter { $0.from.kind == .agent }.compactMap(\.text)
            run.expect(answers == ["Re: first", "Re: second", "Re: third"], "answers after the restart: \(answers)")
        },
        Check(name: "the bot's memory survives a restart") { run in
            var clock = ManualClock()
            var host = try run.host(clock: clock)
            let id = try host.requestChat(nickname: "n", subject: "s")
            try host.sendMessage("a", to: id)
            clock.advance(by: .zero)
            host = try run.restart(host, clock: &clock)
            try host.sendMessage("b", to: id)
            clock.advance(by: .zero)
            let counts = try host.transcript(of: id, from: 0, markingReceived: false).compactMap { $0.from.kind == .agent ? $0.origin : nil }
            run.expect(counts == ["#1", "#2"], "the bot's count went \(counts) (memory lost?)")
        },
        Check(name: "an ended chat stays ended, and takes a read after its end") { run in
            var clock = ManualClock()
            var host = try run.host(clock: clock)
            let id = try host.requestChat(nickname: "n", subject: "s")
            try host.complete(id)
            clock.advance(by: .zero)
            // After chatEnded, the cursor's move must still be stored.
            let read = try host.transcript(of: id).count
            host = try run.restart(host, clock: &clock)
            let state = try host.chat(id).state
            run.expect(state == .idle, "an ended chat came back as \(state)")
            run.expect(try host.transcript(of: id).isEmpty, "the read of \(read) messages after the end was not kept")
        },
        Check(name: "many chats come back, each with its own records") { run in
            var clock = ManualClock()
            var host = try run.host(clock: clock)
            var ids: [ChatID] = []
            for round in 0..<3 {
                for number in 0..<40 {
                    if round == 0 { ids.append(try host.requestChat(nickname: "customer \(number)", subject: "s")) }
                    try host.sendMessage("chat \(number) round \(round)", to: ids[number])
                }
                clock.advance(by: .zero)
            }
            host = try run.restart(host, clock: &clock)
            run.expect(Set(host.chatIDs) == Set(ids), "\(host.chatIDs.count) chats came back of \(ids.count)")
            for (number, id) in ids.enumerated() {
                let texts = try host.transcript(of: id, from: 0, markingReceived: false).filter { $0.from.kind == .customer }.compactMap(\.text)
                let expected = (0..<3).map { "chat \(number) round \($0)" }
                run.expect(texts == expected, "chat \(number) holds \(texts)")
                guard texts == expected else { return }
            }
        },
    ]

    // MARK: Running a check

    private struct Run {
        let open: () throws -> any ChatStore
        var current = ""
        var failures: [Failure] = []

        mutating func fail(_ problem: String) { failures.append(Failure(check: current, problem: problem)) }

        mutating func expect(_ condition: @autoclosure () throws -> Bool, _ problem: @autoclosure () -> String) {
            do {
                if try !condition() { fail(problem()) }
            } catch {
                fail("\(problem()) (threw \(error))")
            }
        }

        /// A host on a fresh opening of the storage, with a bot that answers "Re: TEXT" and counts
        /// the texts it answered in its memory (the count is each answer's origin, `#N`).
        func host(joinDelay: DelayRange = .zero, replyDelay: DelayRange = .zero, clock: ManualClock) throws -> ChatHost {
            var configuration = ChatHostConfiguration()
            configuration.agentJoinDelay = joinDelay
            configuration.replyDelay = replyDelay
            configuration.systemMessageInterval = .zero
            configuration.seed = 7
            return try ChatHost(configuration: configuration, responder: ChatStoreConformance.bot, clock: clock, store: try open())
        }

        /// Shuts `host` down and starts another on the same storage, as a restart does, on a new
        /// clock that goes on from the old one's time (the old host's timers stay behind).
        func restart(_ host: ChatHost, joinDelay: DelayRange = .zero, replyDelay: DelayRange = .zero, clock: inout ManualClock) throws -> ChatHost {
            host.shutdown()
            clock = ManualClock(start: clock.now())
            return try self.host(joinDelay: joinDelay, replyDelay: replyDelay, clock: clock)
        }
    }

    private static let bot = ClosureResponder(agentNickname: "Checker") { event, context in
        guard event.kind == .customerText, let text = event.text else { return .none }
        let count = (Int(context.memory["count"] ?? "") ?? 0) + 1
        context.memory["count"] = String(count)
        return AgentReply([AgentAction(.say("Re: \(text)"), origin: "#\(count)")])
    }
}
