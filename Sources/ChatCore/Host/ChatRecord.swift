import Foundation

/// Everything the core knows about one chat. Built only by applying ``JournalEvent``s, live and
/// during recovery alike, so a restarted chat is the chat that was running.
struct ChatRecord {
    let creation: ChatCreation
    private(set) var state = ChatState.waitingForAgent
    private(set) var participants: [Participant] = []
    private(set) var messages = ChatTranscript()
    /// What the transcript counts toward ``ChatHostConfiguration/maxTranscriptBytes``.
    private(set) var transcriptBytes = 0
    /// The index of the last message GetTranscript without an index has returned (0: none).
    /// An index rather than a count, so that a message lost to a damaged journal line does not
    /// shift it.
    private(set) var cursor = 0
    private(set) var memory = ResponderMemory()
    private(set) var random: ChatRandom
    /// Steps scheduled and not yet run or cancelled.
    private(set) var pending = PendingSteps()
    private(set) var nextStepID: UInt64 = 1
    /// Whether a person has taken the agent's place: the bot is not asked about anything.
    private(set) var isTakenOver = false
    /// Whether the bot handed the chat over and no person has taken it yet.
    private(set) var needsPerson = false
    /// The customer's nickname now: the one the chat was requested with, or the latest
    /// `NicknameUpdated` of the customer.
    private(set) var customerNickname: String
    /// The chat's user data now: RequestChat's, with every `updateData` merged over it.
    private(set) var userData: [String: String]
    /// After a transfer: the agent now, and the bot that plays it (`nil`: a person).
    private(set) var transferredAgent: (agent: Participant, bot: String?)?

    init(_ creation: ChatCreation) {
        self.creation = creation
        random = ChatRandom(seed: creation.seed)
        customerNickname = creation.customerNickname
        userData = creation.userData
    }

    var id: ChatID { creation.id }

    /// Carries out `event`. Returns `false` for a message whose index does not follow the last
    /// one (a duplicated journal line), which is left out so that indices stay unique.
    @discardableResult
    mutating func apply(_ event: JournalEvent) -> Bool {
        switch event {
        case .created:
            break  // only ever the first record, consumed by `init`
        case .message(var message):
            guard message.index > lastMessageIndex else { return false }
            if message.kind == .nicknameUpdated || message.kind == .participantRejoined,
                let position = participants.firstIndex(where: { $0.id == message.from.id })
            {
                // A new nickname, or a participant back (perhaps in another role): the same id.
                participants[position] = message.from
                if message.from.kind == .customer { customerNickname = message.from.nickname }
            } else if let known = participants.first(where: { $0 == message.from }) {
                // Shares the participant's strings: a restored transcript then holds one copy of
                // a nickname, as the live one does, not one per message.
                message.from = known
            } else if message.kind == .participantJoined || message.kind == .participantRejoined,
                !participants.contains(where: { $0.id == message.from.id })
            {
                participants.append(message.from)
            }
            messages.append(message)
            transcriptBytes += message.transcriptBytes
        case .state(let newState):
            state = newState
        case .cursor(let count):
            cursor = count
        case .scheduled(let step):
            pending.schedule(step)
            nextStepID = max(nextStepID, step.id + 1)
        case .finished(let id):
            pending.finish(id)
        case .memory(let set, let removed):
            memory.apply(set: set, removed: removed)
        case .random(let counter):
            random = ChatRandom(seed: random.seed, counter: counter)
        case .agentControl(let byPerson):
            isTakenOver = byPerson
        case .handover(let waiting):
            needsPerson = waiting
        case .userData(let values):
            userData.merge(values) { $1 }
        case .agentAssigned(let bot, let agent):
            transferredAgent = (agent, bot)
        }
        return true
    }

    /// The index of the last message, 0 before the first.
    var lastMessageIndex: Int { messages.last?.index ?? 0 }

    /// The index the next message gets: one past the last, even when a damaged journal line lost
    /// a message in between, so that an index once shown is never reused.
    var nextMessageIndex: Int { lastMessageIndex + 1 }

    /// The messages whose index is `index` or more. Indices increase but may have gaps (a
    /// message lost to a damaged journal line), so positions are found by search.
    func messages(fromIndex index: Int) -> Slice<ChatTranscript> {
        var low = 0
        var high = messages.count
        while low < high {
            let middle = (low + high) / 2
            if messages[middle].index < index { low = middle + 1 } else { high = middle }
        }
        return messages[low...]
    }

    // MARK: Undoing a change the store refused

    /// What a change can alter, taken before it starts.
    struct Checkpoint {
        fileprivate let messageCount: Int
        fileprivate let transcriptBytes: Int
        fileprivate let participants: [Participant]
        fileprivate let customerNickname: String
        fileprivate let userData: [String: String]
        fileprivate let transferredAgent: (agent: Participant, bot: String?)?
        fileprivate let state: ChatState
        fileprivate let cursor: Int
        fileprivate let memory: ResponderMemory
        fileprivate let random: ChatRandom
        fileprivate let nextStepID: UInt64
        fileprivate let isTakenOver: Bool
        fileprivate let needsPerson: Bool
    }

    /// Starts a change that may be undone: ``restore(_:)`` undoes it, ``keepChange()`` keeps it.
    /// Cheap: the transcript is remembered by its length and the pending steps by what the change
    /// does to them, not copied.
    mutating func checkpoint() -> Checkpoint {
        pending.beginChange()
        return Checkpoint(
            messageCount: messages.count, transcriptBytes: transcriptBytes, participants: participants, customerNickname: customerNickname,
            userData: userData, transferredAgent: transferredAgent, state: state, cursor: cursor,
            memory: memory, random: random, nextStepID: nextStepID, isTakenOver: isTakenOver, needsPerson: needsPerson)
    }

    /// The change since the last checkpoint is stored: it will not be undone.
    mutating func keepChange() { pending.keepChange() }

    /// Puts the chat back as it was at `checkpoint`; changes since only ever appended messages.
    mutating func restore(_ checkpoint: Checkpoint) {
        messages.truncate(to: checkpoint.messageCount)
        transcriptBytes = checkpoint.transcriptBytes
        participants = checkpoint.participants
        customerNickname = checkpoint.customerNickname
        userData = checkpoint.userData
        transferredAgent = checkpoint.transferredAgent
        state = checkpoint.state
        cursor = checkpoint.cursor
        memory = checkpoint.memory
        random = checkpoint.random
        pending.undoChange()
        nextStepID = checkpoint.nextStepID
        isTakenOver = checkpoint.isTakenOver
        needsPerson = checkpoint.needsPerson
    }

    /// Draws from the chat's generator. The new counter is journaled at commit.
    mutating func draw<T>(_ body: (inout ChatRandom) -> T) -> T { body(&random) }

    func view(agentNickname: String) -> ChatView {
        ChatView(
            id: id, state: state, customerNickname: customerNickname, subject: creation.subject,
            userData: userData, agentNickname: agentNickname, messages: messages)
    }

    func snapshot() -> ChatSnapshot {
        ChatSnapshot(
            id: id, state: state, participants: participants, customerNickname: customerNickname,
            subject: creation.subject, userData: userData, bot: transferredAgent?.bot ?? creation.bot, isTakenOver: isTakenOver,
            needsPerson: needsPerson)
    }

    var agentHasJoined: Bool { participants.contains { $0.kind == .agent } }

    /// The number after the highest participant id: the id of the next agent or supervisor to join.
    var nextParticipantID: String { String(max(3, participants.compactMap { Int($0.id) }.max() ?? 0) + 1) }

    /// The participants who joined and have not left since, other than the customer and the system.
    var presentStaff: [Participant] {
        var present: [String: Participant] = [:]
        for message in messages where message.from.kind != .customer && message.from.kind != .external {
            if message.kind == .participantJoined || message.kind == .participantRejoined { present[message.from.id] = message.from }
            if message.kind == .participantLeft { present[message.from.id] = nil }
        }
        return present.values.sorted { (Int($0.id) ?? 0) < (Int($1.id) ?? 0) }
    }

    /// The agent or supervisor called `nickname` who was in the chat and has left since (the
    /// latest of that name), whose joining again is a rejoin under the same participant id.
    func formerStaff(named nickname: String) -> Participant? {
        let present = Set(presentStaff.map(\.id))
        return participants.last { ($0.kind == .agent || $0.kind == .supervisor) && $0.nickname == nickname && !present.contains($0.id) }
    }

    /// Whether a message, typing notification or leaving of the agent's reply is still to come.
    var hasReplyStepsPending: Bool { pending.hasReplySteps }

    /// The event at the front of the agent's queue, once it is ready.
    var readyEvent: PendingStep? { pending.readyEvent }

    /// The oldest queued event that is not ready yet.
    var nextQueuedEvent: PendingStep? { pending.oldestQueuedEvent }

    /// The pending responder timer called `name`, if any.
    func responderTimer(named name: String) -> PendingStep? {
        pending.responderTimers.first {
            if case .responderTimer(name, _) = $0.work { return true }
            return false
        }
    }
}
