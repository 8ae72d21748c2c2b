import Foundation
public import Logging
import Locking
import Synchronization

/// Hosts chat threads: the customer side of the GWS chat API, with an agent played by a
/// ``Responder``, timed by a ``ChatClock`` and persisted in a ``ChatStore``.
///
/// Every method is safe to call from any thread. Each one returns only after its change has been
/// stored; a change the store refuses is undone and the method throws, so it leaves no trace.
public final class ChatHost: Sendable {
    public let configuration: ChatHostConfiguration
    let behaviour: ChatBehaviour
    private let store: (any ChatStore)?
    /// Where the bytes of attached files are kept: the store, or memory for a host without one.
    let fileStore: any ChatStore
    let logger: Logger
    private let sessions = Locked<[ChatID: ChatSession]>([:])
    /// The open chats in order, and the ended ones by end time (taken after a chat's lock, never before).
    private let index = Locked(ChatIndex())
    /// The timer that removes ended chats past ``ChatHostConfiguration/completedChatRetention``.
    private let retentionTimer = Locked<TimerID?>(nil)
    /// Counts chats ever created here, for seeded chat ids and seeds.
    private let chatOrdinal = Atomic<UInt64>(0)
    /// Set by ``shutdown()``: from then on no timer or responder answer changes a chat.
    private let isShutDown = Atomic<Bool>(false)
    /// Counts ``chatIDs`` calls (see ``chatListingCount``).
    private let chatListings = Atomic<Int>(0)
    /// The seed of chat ids and chat seeds (a reset may change it); `nil` draws them from the
    /// system's secure random source.
    private let hostSeed: Locked<UInt64?>
    /// The answers deferred responders owe, so tools can wait for them (``settleDeferredAnswers()``).
    let answersInFlight = AnswersInFlight()

    /// Creates a host, restoring every chat kept in `store` and resuming their timers.
    /// - Parameters:
    ///   - configuration: the delays, the seed and the rest of the host's settings.
    ///   - responder: the agent of every chat (unless `configuration` lets chats choose a bot).
    ///   - clock: where the chats' time comes from: ``SystemClock``, or a ``ManualClock`` in tests.
    ///   - store: where chats are kept (`JournalStore` for files, ``InMemoryChatStore``);
    ///     `nil` keeps chats in memory only, for as long as the host lives (tests, `chat`).
    ///   - logger: chat events at `info`, problems at `error`. By default nothing is logged: a
    ///     library stays quiet unless its caller asks (EmulatorKit passes the server's logger).
    public init(
        configuration: ChatHostConfiguration = ChatHostConfiguration(),
        responder: any Responder,
        clock: any ChatClock = SystemClock(),
        store: (any ChatStore)? = nil,
        logger: Logger = Logger(label: "chat", factory: { _ in SwiftLogNoOpLogHandler() })
    ) throws {
        self.configuration = configuration
        behaviour = ChatBehaviour(configuration: configuration, responder: responder, clock: clock, logger: logger)
        self.store = store
        fileStore = store ?? InMemoryChatStore()
        self.logger = logger
        hostSeed = Locked(configuration.seed)
        if let store { try recover(from: store) }
    }

    /// The clock the chats run on (a ``ManualClock`` in tests and `serve --clock virtual`).
    public var clock: any ChatClock { behaviour.clock }

    /// The agent's bot. Its ``Responder/parts`` name what ``ChatMessage/origin`` refers to, so a
    /// tool can show which rule answered each agent message.
    public var responder: any Responder { behaviour.responder }

    /// The ids of every chat, oldest first by id. O(n log n): paths polled often use `chatCount`.
    public var chatIDs: [ChatID] {
        chatListings.add(1, ordering: .relaxed)
        return sessions.withLock { Array($0.keys) }.sorted()
    }

    /// How many times ``chatIDs`` listed every chat, so tests can check that a frequently polled
    /// path (`/health`) never does.
    package var chatListingCount: Int { chatListings.load(ordering: .relaxed) }

    /// How many chats the host holds, in constant time (health checks poll it).
    package var chatCount: Int { sessions.withLock { $0.count } }

    /// How many chats are open (not `Idle`), in constant time.
    package var openChatCount: Int { index.withLock { $0.openCount } }

    /// The open chats, newest first: `limit` of them after the first `offset`. Costs the chats
    /// listed (and ended ones not yet dropped from the index), never every chat ever made.
    package func openChatIDs(from offset: Int = 0, limit: Int = .max) -> [ChatID] {
        index.withLock { $0.openNewestFirst(from: max(0, offset), limit: max(0, limit)) }
    }

    // MARK: Operations of the GWS chat API

    /// RequestChat: opens a chat for a customer.
    /// - Parameter faults: test faults in force in the chat from its start (see ``ChatFault``).
    /// - Throws: ``ChatError/Code/invalidParameter`` when `nickname` or `subject` is empty.
    public func requestChat(nickname: String, subject: String, userData: [String: String] = [:], faults: [ChatFault] = []) throws(ChatError) -> ChatID {
        try Self.requireNonEmpty(nickname, "nickname")
        try Self.requireNonEmpty(subject, "subject")
        try configuration.requestChatLimits.check(nickname: nickname, subject: subject, userData: userData)
        let bot = try chosenBot(userData)
        let (id, seed) = newIdentity()
        let chat = ChatRecord(
            ChatCreation(
                id: id, customerNickname: nickname, subject: subject, userData: userData, seed: seed, time: behaviour.clock.now(), bot: bot))
        let session = ChatSession(chat: chat)
        try session.live.withLock { (live) throws(ChatError) in
            live.record(.created(chat.creation))
            for fault in faults where fault == .agentNeverJoins { behaviour.applyFault(fault, in: &live) }
            behaviour.start(&live)
            for fault in faults where fault != .agentNeverJoins { behaviour.applyFault(fault, in: &live) }
            do throws(ChatError) {
                try commit(&live, of: session)
            } catch {
                // The id was never a chat: the refusal must not name it.
                throw ChatError(error.code, "The chat could not be saved, so none was created; see the server log.")
            }
        }
        sessions.withLock { $0[id] = session }
        index.withLock { $0.opened(id) }
        logger.info("chat requested", metadata: ["chat": "\(id)", "nickname": "\(nickname)", "subject": "\(subject)"])
        return id
    }

    /// SendMessage: the customer says `text`. An empty or blank text is stored, as the original
    /// does, but the agent is not asked to answer it.
    public func sendMessage(_ text: String, to id: ChatID) throws(ChatError) {
        try change(id, .sendMessage) { behaviour.customerSent(text, in: &$0) }
    }

    /// SendStartTypingNotification.
    public func startTyping(in id: ChatID) throws(ChatError) {
        try change(id, .sendStartTypingNotification) { behaviour.customerTyping(started: true, in: &$0) }
    }

    /// SendStopTypingNotification.
    public func stopTyping(in id: ChatID) throws(ChatError) {
        try change(id, .sendStopTypingNotification) { behaviour.customerTyping(started: false, in: &$0) }
    }

    /// Complete: the customer leaves and the chat becomes `Idle`.
    public func complete(_ id: ChatID) throws(ChatError) {
        try change(id, .complete) { behaviour.customerCompleted(&$0) }
    }

    /// GetChat.
    public func chat(_ id: ChatID) throws(ChatError) -> ChatSnapshot {
        try session(id).live.withLock { $0.chat.snapshot() }
    }

    /// GetTranscript.
    ///
    /// The chat keeps a cursor: how far the customer's client has received the transcript. Every
    /// read counts as received and moves the cursor to the end of what it returned (never back);
    /// the cursor is stored with the chat.
    /// - Parameters:
    ///   - id: the chat.
    ///   - index: `nil` returns the messages the client has not received yet; `N` returns the
    ///     messages from index N on (0 and 1 return them all).
    ///   - markingReceived: `false` reads without moving the cursor (HEAD, tools, agent consoles).
    public func transcript(of id: ChatID, from index: Int? = nil, markingReceived: Bool = true) throws(ChatError) -> [ChatMessage] {
        var returned: [ChatMessage] = []
        try readTranscript(of: id, from: index, markingReceived: markingReceived) { messages, start in
            returned = Array(messages[start...])
            return returned.count
        }
        return returned
    }

    /// GetTranscript for a caller that bounds or caches its answer: under the chat's lock, `take`
    /// gets the chat's messages (no copy) and the position of the first one to return (chosen as in
    /// ``transcript(of:from:markingReceived:)``; it may equal `messages.count`) and returns how
    /// many it returned, in order from there. Those count as received: the cursor moves past them
    /// only (never back), so the next plain read continues with the first one not taken.
    package func readTranscript(
        of id: ChatID, from index: Int? = nil, markingReceived: Bool = true, _ take: (_ messages: ChatTranscript, _ start: Int) -> Int
    ) throws(ChatError) {
        if let index, index < 0 {
            throw ChatError(.invalidParameter, "index must be 0 or more, not \(index).")
        }
        let session = try session(id)
        try session.live.withLock { (live) throws(ChatError) in
            let messages = live.chat.messages
            let start = live.chat.messages(fromIndex: index ?? live.chat.cursor + 1).startIndex
            let taken = min(max(take(messages, start), 0), messages.count - start)
            guard markingReceived, taken > 0 else { return }
            let lastTaken = messages[start + taken - 1].index
            guard lastTaken > live.chat.cursor else { return }
            live.record(.cursor(lastTaken))
            try commit(&live, of: session)
        }
    }

    /// The agent's steps still to come in a chat (join, reply steps, the bot's timers), earliest
    /// first.
    package func pendingAgentSteps(of id: ChatID) throws(ChatError) -> [PendingAgentStep] {
        try session(id).live.withLock { $0.chat.pending.inOrder }.compactMap(\.agentStep).sorted { $0.due < $1.due }
    }

    /// Whether the agent is still at work in the chat: a reply still to be posted, or events
    /// waiting for its bot. Pending bot timers (a nudge for a quiet customer) do not count, so a
    /// tool on a ``ManualClock`` can run the agent's answer without jumping to its next nudge.
    package func agentIsAnswering(in id: ChatID) throws(ChatError) -> Bool {
        try session(id).live.withLock { live in
            live.consultInFlight != nil || live.chat.hasReplyStepsPending || live.chat.readyEvent != nil || live.chat.nextQueuedEvent != nil
        }
    }

    /// A read-only view of a chat with its whole transcript, as a responder sees it.
    package func view(of id: ChatID) throws(ChatError) -> ChatView {
        try session(id).live.withLock { $0.chat.view(agentNickname: behaviour.agent(of: $0.chat).nickname) }
    }

    /// Stops the chats' timers and closes the store. Pending steps are in the store and resume on
    /// the next start. A timer or responder answer already under way finishes before this returns
    /// (it takes each chat's lock); one that comes later changes nothing and writes nothing, so the
    /// clock (a test's ``ManualClock`` or a ``SystemClock``) keeps no work of this host and the host
    /// is freed once its owner lets go of it. Customer operations are not to be used afterwards.
    public func shutdown() {
        isShutDown.store(true, ordering: .sequentiallyConsistent)
        if let timer = retentionTimer.withLock({ $0 }) { behaviour.clock.cancel(timer) }
        for session in sessions.withLock({ Array($0.values) }) {
            session.live.withLock { live in
                for timer in live.timers.values { behaviour.clock.cancel(timer) }
                live.timers = [:]
                if let timer = live.answerTimer { behaviour.clock.cancel(timer) }
                live.answerTimer = nil
            }
        }
        for answer in answersInFlight.abandonAll() { answer.abandon() }
        store?.close()
    }

    // MARK: Test control

    /// Puts a test fault in force in an existing chat (see ``ChatFault``); journals what it changed
    /// (an agent that leaves, a cancelled join).
    public func inject(_ fault: ChatFault, into id: ChatID) throws(ChatError) {
        let session = try session(id)
        try session.live.withLock { (live) throws(ChatError) in
            behaviour.applyFault(fault, in: &live)
            try commit(&live, of: session)
        }
    }

    /// A clean slate, as after a start on an empty store: every chat, cursor and pending timer is
    /// gone (and removed from the store), every bot forgets its customers (``Responder/forgetCustomers()``),
    /// chat ids start again from the seed. The bots stay loaded.
    /// - Parameter seed: the new seed of every random choice; `nil` keeps the configured seed (or,
    ///   when none is configured, chat ids from the system's secure random source).
    /// - Throws: ``ChatError/Code/internalFailure`` when the store could not remove its chats (the
    ///   chats are gone from memory all the same).
    package func reset(seed: UInt64? = nil) throws(ChatError) {
        let removed = sessions.withLock { sessions in
            defer { sessions = [:] }
            return Array(sessions.values)
        }
        for session in removed {
            session.live.withLock { live in
                live.discarded = true
                for timer in live.timers.values { behaviour.clock.cancel(timer) }
                live.timers = [:]
            }
        }
        index.withLock { $0.removeAll() }
        if let timer = retentionTimer.withLock({ (armed) -> TimerID? in
            defer { armed = nil }; return armed
        }) {
            behaviour.clock.cancel(timer)
        }
        hostSeed.withLock { $0 = seed ?? configuration.seed }
        chatOrdinal.store(0, ordering: .relaxed)
        var failures: [String] = []
        var responders = [behaviour.responder]
        if let bots = configuration.selectableBots { responders += bots.names.compactMap { bots.responder(named: $0) } }
        for responder in responders {
            do {
                try responder.forgetCustomers()
            } catch {
                failures.append("\(responder.agentNickname)'s customer memory: \(error)")
            }
        }
        logger.info("reset: \(removed.count) chats removed")
        if store == nil { try? fileStore.removeAll() }
        if let store {
            do {
                try store.removeAll()
            } catch {
                failures.append("the stored chats: \(error)")
            }
        }
        guard failures.isEmpty else {
            logger.error("reset incomplete", metadata: ["failures": "\(failures.joined(separator: "; "))"])
            throw ChatError(.internalFailure, "The chats are gone from memory, but the reset could not empty \(failures.joined(separator: "; ")).")
        }
    }

    var hasShutDown: Bool { isShutDown.load(ordering: .sequentiallyConsistent) }

    // MARK: Internals

    func session(_ id: ChatID) throws(ChatError) -> ChatSession {
        guard let session = sessions.withLock({ $0[id] }) else { throw .notFound(id) }
        return session
    }

    /// Runs one customer operation under the chat's lock, checks the state allows it, and
    /// journals what it changed before returning.
    func change(_ id: ChatID, _ operation: ChatOperation, _ body: (inout LiveChat) -> Void) throws(ChatError) {
        let session = try session(id)
        try session.live.withLock { (live) throws(ChatError) in
            guard live.chat.state.permits(operation) else { throw .invalidState(operation, live.chat.state) }
            try commitChange(&live, of: session, body)
        }
    }

    /// Makes an operation's change with `body` and journals it. When the change ended the chat at
    /// its transcript limit instead of taking what the operation sent, the ending is journaled and
    /// the limit's refusal thrown (see `ChatBehaviour.admits(_:in:)`).
    func commitChange(
        _ live: inout LiveChat, of session: ChatSession, _ body: (inout LiveChat) throws(ChatError) -> Void
    ) throws(ChatError) {
        live.transcriptLimitRefusal = nil
        try body(&live)
        try commit(&live, of: session)
        if let refusal = live.transcriptLimitRefusal { throw refusal }
    }

    /// Stores the change in progress, then arms the timers it scheduled and tells the observer
    /// about its messages. When the store refuses it, the change is undone and the chat is as
    /// if it never happened.
    func commit(_ live: inout LiveChat, of session: ChatSession) throws(ChatError) {
        guard !live.discarded else {
            // Reset while this change was made: the chat is gone, and stays gone.
            live.rollBack()
            throw .notFound(session.id)
        }
        let change = live.change()
        if let store, !change.records.isEmpty {
            do {
                try store.append(change.records, to: session.id)
            } catch {
                live.rollBack()
                logger.error("could not store a change of chat \(session.id); it was undone", metadata: ["error": "\(error)"])
                throw Self.notStoredError(session.id)
            }
        }
        live.commitSucceeded()
        for timer in change.disarm { behaviour.clock.cancel(timer) }
        if let observer = configuration.observer {
            for record in change.records {
                if let message = record.message { observer.chat(session.id, added: message) }
            }
        }
        if live.chat.state == .idle {
            store?.chatEnded(session.id)
            chatEnded(session.id)
        }
        for step in change.arm { arm(step, of: session, in: &live) }
    }

    private func arm(_ step: PendingStep, at due: Date? = nil, of session: ChatSession, in live: inout LiveChat) {
        if let old = live.timers.removeValue(forKey: step.id) { behaviour.clock.cancel(old) }
        guard !hasShutDown, !live.discarded else { return }
        live.timers[step.id] = behaviour.clock.schedule(at: due ?? step.due, background: step.isBackground) { [weak self, weak session] in
            guard let self, let session else { return }
            self.run(step.id, of: session)
        }
    }

    /// How long a step whose change the store refused waits before it is tried again.
    static let storeRetryDelay = Duration.seconds(1)

    /// A timer fired: carry out its step if it is still pending. A `respond` step asks the
    /// responder through ``ChatHostConfiguration/responderExecution``, without the chat's lock, so
    /// that requests to the chat are answered meanwhile.
    private func run(_ stepID: UInt64, of session: ChatSession) {
        // The context travels in a box the job empties, and nothing else keeps it: while anything
        // holds the responder's view, each message the chat appends copies the transcript's open
        // tail (a closure capturing the context would hold it until the closure is destroyed).
        let consultation: (ChatEvent, Locked<ResponderContext?>, any Responder)? = session.live.withLock { live in
            guard !hasShutDown, !live.discarded, let step = live.chat.pending[stepID] else { return nil }
            live.timers[stepID] = nil
            if case .respond(let event) = step.work, live.chat.state != .idle || event.kind == .customerLeft {
                // One call at a time per chat: the queue makes no other step ready meanwhile.
                guard live.consultInFlight == nil else { return nil }
                live.consultInFlight = stepID
                return (event, Locked(behaviour.responderContext(for: live)), behaviour.responder(for: live.chat))
            }
            live.record(.finished(stepID))
            if case .respond = step.work {} else { behaviour.perform(step, in: &live) }
            commitOrRetry(step, &live, of: session)
            return nil
        }
        guard let (event, handOff, responder) = consultation else { return }
        configuration.responderExecution.submit { [weak self, weak session] in
            guard let self, let session else { return }
            self.consult(stepID, about: event, handOff: handOff, by: responder, of: session)
        }
    }

    /// Asks the responder about `event` (no lock held), then applies its answer unless the step
    /// was cancelled meanwhile (the customer left, the agent left).
    private func consult(_ stepID: UInt64, about event: ChatEvent, handOff: Locked<ResponderContext?>, by responder: any Responder, of session: ChatSession) {
        guard
            var context = handOff.withLock({ box -> ResponderContext? in
                defer { box = nil }
                return box
            })
        else { return }
        if let policy = responder.deferredAnswers {
            consultLater(stepID, about: event, context: context, by: responder, policy: policy, of: session)
            return
        }
        let reply = responder.respond(to: event, context: &context)
        // Let go of the responder's view before the reply is applied: while anything still holds
        // the transcript, appending the reply copies the whole transcript (every reply would cost
        // time in proportion to the chat's length).
        context = context.withoutTranscript()
        session.live.withLock { live in applyAnswer(reply, context: context, to: stepID, about: event, in: &live, of: session) }
    }

    /// Applies the responder's answer to the step `stepID` (under the chat's lock), unless the
    /// step was cancelled meanwhile; then the queue goes on.
    func applyAnswer(
        _ reply: AgentReply, context: ResponderContext, to stepID: UInt64, about event: ChatEvent, in live: inout LiveChat, of session: ChatSession
    ) {
        live.consultInFlight = nil
        // Not stored, so after a restart the step is still pending and is asked again.
        guard !hasShutDown, !live.discarded else { return }
        if let step = live.chat.pending[stepID], let failure = reply.failure {
            // Nothing applied, the step still pending: asked again, as after a store refusal.
            logger.error("the bot could not answer; asking it again shortly", metadata: ["chat": "\(session.id)", "event": "\(event.kind)", "error": "\(failure)"])
            arm(step, at: behaviour.clock.now().adding(Self.storeRetryDelay), of: session, in: &live)
        } else if let step = live.chat.pending[stepID] {
            live.record(.finished(stepID))
            behaviour.apply(reply, context: context, answering: event, in: &live)
            commitOrRetry(step, &live, of: session)
        } else {
            behaviour.startNextIfFree(&live)
            commitOrRetry(nil, &live, of: session)
        }
    }

    /// Stores what a scheduled step changed. When the store refuses, the change is undone, so the
    /// step is pending again: it is tried once more a little later (a responder is asked again).
    func commitOrRetry(_ step: PendingStep?, _ live: inout LiveChat, of session: ChatSession) {
        do {
            try commit(&live, of: session)
        } catch {
            if let step { arm(step, at: behaviour.clock.now().adding(Self.storeRetryDelay), of: session, in: &live) }
        }
    }

    /// A new chat's id and seed. Unseeded, both come from the system's secure random source
    /// (`getrandom` on Linux), so no id tells anything about another. With
    /// ``ChatHostConfiguration/seed`` they come from the seeded counter, reproducible and so
    /// guessable by design: one id gives the seed back, and with it every other id.
    private func newIdentity() -> (ChatID, UInt64) {
        while true {
            let ordinal = chatOrdinal.add(1, ordering: .relaxed).newValue
            let words: (UInt64, UInt64, UInt64)
            if let hostSeed = hostSeed.withLock({ $0 }) {
                var random = ChatRandom(seed: hostSeed, counter: ordinal &* 3)
                words = (random.next(), random.next(), random.next())
            } else {
                var random = SystemRandomNumberGenerator()
                words = (random.next(), random.next(), random.next())
            }
            var bytes = [UInt8](repeating: 0, count: 16)
            for (half, word) in [words.0, words.1].enumerated() {
                for byte in 0..<8 { bytes[half * 8 + byte] = UInt8(truncatingIfNeeded: word >> (8 * byte)) }
            }
            bytes[6] = (bytes[6] & 0x0F) | 0x40  // version 4
            bytes[8] = (bytes[8] & 0x3F) | 0x80  // RFC 4122 variant
            let uuid = UUID(
                uuid: (
                    bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                    bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
                ))
            let id = ChatID(uuid)
            if sessions.withLock({ $0[id] == nil }) { return (id, words.2) }
        }
    }

    static func requireNonEmpty(_ value: String, _ name: String) throws(ChatError) {
        guard !value.isEmpty else {
            throw ChatError(.invalidParameter, "Parameter '\(name)' must not be empty.")
        }
    }

    /// The bot a RequestChat chose with `userData.bot`, checked against the bots chats may
    /// choose; `nil` when it chose none (or the host offers no choice).
    private func chosenBot(_ userData: [String: String]) throws(ChatError) -> String? {
        guard let bots = configuration.selectableBots, let name = userData[ChatHostConfiguration.botKey] else { return nil }
        guard bots.responder(named: name) != nil else {
            throw ChatError(.invalidParameter, "Unknown bot '\(name)' in userData.bot; the available bots are \(bots.names.joined(separator: ", ")).")
        }
        return name
    }

    static func notStoredError(_ id: ChatID) -> ChatError {
        ChatError(.internalFailure, "Chat \(id) could not be saved, so the request changed nothing; see the server log.")
    }

    // MARK: Retention of ended chats

    /// Indexes the end of a chat (once) and arms the retention timer when it is not armed.
    private func chatEnded(_ id: ChatID) {
        guard let retention = configuration.completedChatRetention else {
            _ = index.withLock { $0.ended(id, at: behaviour.clock.now()) }
            return
        }
        let now = behaviour.clock.now()
        let first = index.withLock { index in
            let wasEmpty = index.oldestEnd == nil
            return index.ended(id, at: now) && wasEmpty
        }
        if first { armRetention(at: now.adding(retention)) }
    }

    private func armRetention(at due: Date) {
        guard !hasShutDown else { return }
        let timer = behaviour.clock.schedule(at: due, background: true) { [weak self] in self?.removeExpiredChats() }
        if let old = retentionTimer.withLock({ (armed) -> TimerID? in
            defer { armed = timer }; return armed
        }) {
            behaviour.clock.cancel(old)
        }
    }

    /// Removes every ended chat past its retention, then arms the timer for the next one.
    private func removeExpiredChats() {
        guard !hasShutDown, let retention = configuration.completedChatRetention else { return }
        let now = behaviour.clock.now()
        let expired = index.withLock { $0.takeEnded(endedBy: now.adding(.zero - retention)) }
        var busy: [ChatID] = []
        for id in expired where !remove(id) { busy.append(id) }
        // A farewell still being asked for: tried again a retention period later.
        index.withLock { index in
            for id in busy {
                index.opened(id)
                index.ended(id, at: now)
            }
        }
        if let next = index.withLock({ $0.oldestEnd }) { armRetention(at: next.adding(retention)) }
        if !expired.isEmpty { logger.info("removed \(expired.count - busy.count) ended chats past their retention") }
    }

    /// Removes an ended chat from memory and from the store; `false` when it is still busy.
    private func remove(_ id: ChatID) -> Bool {
        guard let session = sessions.withLock({ $0[id] }) else { return true }
        let idle = session.live.withLock { live in
            guard live.chat.state == .idle, live.consultInFlight == nil, live.chat.pending.inOrder.isEmpty else { return false }
            for timer in live.timers.values { behaviour.clock.cancel(timer) }
            live.timers = [:]
            return true
        }
        guard idle else { return false }
        sessions.withLock { $0[id] = nil }
        do {
            try store?.remove(id)
            if store == nil { try fileStore.remove(id) }
        } catch {
            logger.error("could not delete the journal of ended chat \(id)", metadata: ["error": "\(error)"])
        }
        return true
    }

    // MARK: Recovery

    private func recover(from store: any ChatStore) throws {
        var restored: [ChatID: ChatSession] = [:]
        try store.recover { stored in
            guard let first = stored.records.first, case .created(let creation) = first.event, creation.id == stored.id else {
                logger.error("Stored chat \(stored.id) does not start with its creation; chat not restored.")
                return
            }
            var chat = ChatRecord(creation)
            for record in stored.records.dropFirst() where !chat.apply(record.event) {
                logger.error("Stored chat \(stored.id): message \(record.message?.index ?? 0) does not follow message \(chat.lastMessageIndex); left out so that indices stay unique.")
            }
            restored[stored.id] = ChatSession(chat: chat)
        }
        // Ended chats past their retention go now; the others are indexed in the order they began.
        let now = behaviour.clock.now()
        var ended: [(time: Date, id: ChatID)] = []
        var open: [(time: Date, id: ChatID)] = []
        for (id, session) in restored {
            let (state, first, last) = session.live.withLock { ($0.chat.state, $0.chat.messages.first?.time, $0.chat.messages.last?.time) }
            if state == .idle { ended.append((last ?? now, id)) } else { open.append((first ?? now, id)) }
        }
        ended.sort { ($0.time, $0.id) < ($1.time, $1.id) }
        open.sort { ($0.time, $0.id) < ($1.time, $1.id) }
        if let retention = configuration.completedChatRetention {
            let cutoff = now.adding(.zero - retention)
            let expired = ended.prefix { $0.time <= cutoff }
            for (_, id) in expired {
                restored[id] = nil
                do { try store.remove(id) } catch { logger.error("could not delete the journal of ended chat \(id)", metadata: ["error": "\(error)"]) }
            }
            if !expired.isEmpty { logger.info("removed \(expired.count) ended chats past their retention") }
            ended.removeFirst(expired.count)
        }
        index.withLock { index in
            for (_, id) in open { index.opened(id) }
            for (time, id) in ended {
                index.opened(id)
                index.ended(id, at: time)
            }
        }
        if let retention = configuration.completedChatRetention, let oldest = ended.first { armRetention(at: oldest.time.adding(retention)) }
        sessions.withLock { $0 = restored }
        chatOrdinal.store(UInt64(restored.count), ordering: .relaxed)
        for session in restored.values {
            session.live.withLock { live in
                for step in live.chat.pending.inOrder where step.isArmable { arm(step, of: session, in: &live) }
                // A responder call in flight at the stop was not stored: if it was cancelled
                // meanwhile (the customer left), what queued behind it starts now.
                if behaviour.startNextIfFree(&live) { commitOrRetry(nil, &live, of: session) }
            }
        }
        if !restored.isEmpty {
            logger.info("restored \(restored.count) chats")
        }
    }
}

extension ResponderContext {
    /// The same context with an empty transcript in its view: what a responder that answers
    /// later keeps, so that the chat's transcript is not held (and copied on its next message).
    public func withoutTranscript() -> ResponderContext {
        let view = ChatView(
            id: chat.id, state: chat.state, customerNickname: chat.customerNickname, subject: chat.subject,
            userData: chat.userData, agentNickname: chat.agentNickname, messages: [])
        return ResponderContext(chat: view, memory: memory, random: random, now: now)
    }
}
