import Foundation
import Logging
import Locking
import Synchronization

/// Hosts chat threads: the customer side of the GWS chat API, with an agent played by a
/// ``Responder``, timed by a ``ChatClock`` and persisted in journals.
///
/// Every method is safe to call from any thread. Each one returns only after its change has been
/// written to the chat's journal.
public final class ChatHost: Sendable {
    public let configuration: ChatHostConfiguration
    let behaviour: ChatBehaviour
    private let storage: ChatStorage?
    private let logger: Logger
    private let sessions = Locked<[ChatID: ChatSession]>([:])
    /// Counts chats ever created here, for seeded chat ids and seeds.
    private let chatOrdinal = Atomic<UInt64>(0)
    private let hostSeed: UInt64

    /// Creates a host, restoring every chat journaled in `storage` and resuming their timers.
    /// - Parameters:
    ///   - storage: where journals live; `nil` keeps chats in memory only (tests, `chat`).
    public init(
        configuration: ChatHostConfiguration = ChatHostConfiguration(),
        responder: any Responder,
        clock: any ChatClock = SystemClock(),
        storage: ChatStorage? = nil,
        logger: Logger = Logger(label: "chat")
    ) throws {
        self.configuration = configuration
        behaviour = ChatBehaviour(configuration: configuration, responder: responder, clock: clock, logger: logger)
        self.storage = storage
        self.logger = logger
        hostSeed = configuration.seed ?? UInt64.random(in: .min ... .max)
        if let storage { try recover(from: storage) }
    }

    /// The ids of every chat, oldest first by id.
    public var chatIDs: [ChatID] { sessions.withLock { Array($0.keys) }.sorted() }

    // MARK: Operations of the GWS chat API

    /// RequestChat: opens a chat for a customer.
    /// - Throws: ``ChatError/Code/invalidParameter`` when `nickname` or `subject` is empty.
    public func requestChat(nickname: String, subject: String, userData: [String: String] = [:]) throws(ChatError) -> ChatID {
        try Self.requireNonEmpty(nickname, "nickname")
        try Self.requireNonEmpty(subject, "subject")
        let bot = try chosenBot(userData)
        let (id, seed) = newIdentity()
        let chat = ChatRecord(ChatCreation(
            id: id, customerNickname: nickname, subject: subject, userData: userData, seed: seed, time: behaviour.clock.now(), bot: bot))
        let session = ChatSession(chat: chat, journal: storage?.makeJournal(for: id))
        try session.live.withLock { (live) throws(ChatError) in
            live.record(.created(chat.creation))
            behaviour.start(&live)
            try commit(&live, of: session)
        }
        storage?.syncDirectory()
        sessions.withLock { $0[id] = session }
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
    /// - Parameter index: `nil` returns the messages not returned before and moves the chat's
    ///   cursor past them; `N` returns the messages from index N on (0 and 1 return them all)
    ///   and leaves the cursor alone.
    public func transcript(of id: ChatID, from index: Int? = nil) throws(ChatError) -> [ChatMessage] {
        if let index, index < 0 {
            throw ChatError(.invalidParameter, "index must be 0 or more, not \(index).")
        }
        let session = try session(id)
        return try session.live.withLock { (live) throws(ChatError) in
            let messages = live.chat.messages
            if let index {
                let start = min(max(index, 1), messages.count + 1) - 1
                return Array(messages[start...])
            }
            let start = live.chat.cursor
            guard start < messages.count else { return [] }
            guard !live.isBroken else { throw Self.brokenError(id) }
            live.record(.cursor(messages.count))
            try commit(&live, of: session)
            return Array(messages[start...])
        }
    }

    /// A read-only view of a chat with its whole transcript, as a responder sees it.
    public func view(of id: ChatID) throws(ChatError) -> ChatView {
        try session(id).live.withLock { $0.chat.view(agentNickname: behaviour.responder(for: $0.chat).agentNickname) }
    }

    /// Closes every journal file. Pending timers of a ``SystemClock`` are its owner's to stop;
    /// they are in the journals and resume on the next start.
    public func shutdown() {
        for session in sessions.withLock({ Array($0.values) }) { session.journal?.close() }
    }

    // MARK: Internals

    func session(_ id: ChatID) throws(ChatError) -> ChatSession {
        guard let session = sessions.withLock({ $0[id] }) else { throw .notFound(id) }
        return session
    }

    /// Runs one customer operation under the chat's lock, checks the state allows it, and
    /// journals what it changed before returning.
    private func change(_ id: ChatID, _ operation: ChatOperation, _ body: (inout LiveChat) -> Void) throws(ChatError) {
        let session = try session(id)
        try session.live.withLock { (live) throws(ChatError) in
            guard !live.isBroken else { throw Self.brokenError(id) }
            guard live.chat.state.permits(operation) else { throw .invalidState(operation, live.chat.state) }
            body(&live)
            try commit(&live, of: session)
        }
    }

    /// Writes the change in progress to the journal, then arms the timers it scheduled.
    func commit(_ live: inout LiveChat, of session: ChatSession) throws(ChatError) {
        let change = live.takeChange()
        for timer in change.disarm { behaviour.clock.cancel(timer) }
        if let journal = session.journal {
            do {
                try journal.append(change.records)
            } catch {
                live.isBroken = true
                logger.error("journal write failed; chat \(session.id) refuses changes until restart", metadata: ["error": "\(error)"])
                throw Self.brokenError(session.id)
            }
            if live.chat.state == .idle { journal.close() }
        }
        for step in change.arm { arm(step, of: session, in: &live) }
    }

    private func arm(_ step: PendingStep, of session: ChatSession, in live: inout LiveChat) {
        live.timers[step.id] = behaviour.clock.schedule(at: step.due, background: step.isBackground) { [weak self, weak session] in
            guard let self, let session else { return }
            self.run(step.id, of: session)
        }
    }

    /// A timer fired: carry out its step if it is still pending.
    private func run(_ stepID: UInt64, of session: ChatSession) {
        session.live.withLock { live in
            guard !live.isBroken, let step = live.chat.pending[stepID] else { return }
            live.timers[stepID] = nil
            live.record(.finished(stepID))
            behaviour.perform(step, in: &live)
            do {
                try commit(&live, of: session)
            } catch {
                logger.error("scheduled step failed", metadata: ["chat": "\(session.id)", "error": "\(error)"])
            }
        }
    }

    private func newIdentity() -> (ChatID, UInt64) {
        while true {
            let ordinal = chatOrdinal.add(1, ordering: .relaxed).newValue
            var random = ChatRandom(seed: hostSeed, counter: ordinal &* 3)
            var bytes = [UInt8](repeating: 0, count: 16)
            for half in 0..<2 {
                let word = random.next()
                for byte in 0..<8 { bytes[half * 8 + byte] = UInt8(truncatingIfNeeded: word >> (8 * byte)) }
            }
            bytes[6] = (bytes[6] & 0x0F) | 0x40  // version 4
            bytes[8] = (bytes[8] & 0x3F) | 0x80  // RFC 4122 variant
            let uuid = UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                                   bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
            let id = ChatID(uuid)
            if sessions.withLock({ $0[id] == nil }) { return (id, random.next()) }
        }
    }

    private static func requireNonEmpty(_ value: String, _ name: String) throws(ChatError) {
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

    static func brokenError(_ id: ChatID) -> ChatError {
        ChatError(.internalFailure, "Chat \(id) could not be saved and refuses changes until the emulator restarts; see the server log.")
    }

    // MARK: Recovery

    private func recover(from storage: ChatStorage) throws {
        let journals = try storage.recoverJournals(logger: logger)
        var restored: [ChatID: ChatSession] = [:]
        for journal in journals {
            guard case .created(let creation)? = journal.records.first, creation.id == journal.id else {
                logger.error("Journal of chat \(journal.id) does not start with its creation; chat not restored.")
                continue
            }
            var chat = ChatRecord(creation)
            for record in journal.records.dropFirst() { chat.apply(record) }
            restored[journal.id] = ChatSession(chat: chat, journal: storage.makeJournal(for: journal.id))
        }
        sessions.withLock { $0 = restored }
        chatOrdinal.store(UInt64(restored.count), ordering: .relaxed)
        for session in restored.values {
            session.live.withLock { live in
                for step in live.chat.pending.values.sorted(by: { $0.id < $1.id }) { arm(step, of: session, in: &live) }
            }
        }
        if !restored.isEmpty {
            logger.info("restored \(restored.count) chats from \(storage.chatsDirectory.path)")
        }
    }
}
