import Foundation

/// Everything the core knows about one chat. Built only by applying ``JournalRecord``s, live and
/// during recovery alike, so a restarted chat is the chat that was running.
struct ChatRecord {
    let creation: ChatCreation
    private(set) var state = ChatState.waitingForAgent
    private(set) var participants: [Participant] = []
    private(set) var messages: [ChatMessage] = []
    /// How many messages GetTranscript without an index has returned.
    private(set) var cursor = 0
    private(set) var memory = ResponderMemory()
    private(set) var random: ChatRandom
    /// Steps scheduled and not yet run or cancelled, by id.
    private(set) var pending: [UInt64: PendingStep] = [:]
    private(set) var nextStepID: UInt64 = 1
    /// Whether a person has taken the agent's place: the bot is not asked about anything.
    private(set) var isTakenOver = false

    init(_ creation: ChatCreation) {
        self.creation = creation
        random = ChatRandom(seed: creation.seed)
    }

    var id: ChatID { creation.id }

    mutating func apply(_ record: JournalRecord) {
        switch record {
        case .created:
            break  // only ever the first record, consumed by `init`
        case .message(let message):
            messages.append(message)
            if message.kind == .participantJoined, !participants.contains(where: { $0.id == message.from.id }) {
                participants.append(message.from)
            }
        case .state(let newState):
            state = newState
        case .cursor(let count):
            cursor = count
        case .scheduled(let step):
            pending[step.id] = step
            nextStepID = max(nextStepID, step.id + 1)
        case .finished(let id):
            pending[id] = nil
        case .memory(let set, let removed):
            memory.apply(set: set, removed: removed)
        case .random(let counter):
            random = ChatRandom(seed: random.seed, counter: counter)
        case .agentControl(let byPerson):
            isTakenOver = byPerson
        }
    }

    /// Draws from the chat's generator. The new counter is journaled at commit.
    mutating func draw<T>(_ body: (inout ChatRandom) -> T) -> T { body(&random) }

    func view(agentNickname: String) -> ChatView {
        ChatView(
            id: id, state: state, customerNickname: creation.customerNickname, subject: creation.subject,
            userData: creation.userData, agentNickname: agentNickname, messages: messages)
    }

    func snapshot() -> ChatSnapshot {
        ChatSnapshot(
            id: id, state: state, participants: participants, customerNickname: creation.customerNickname,
            subject: creation.subject, userData: creation.userData, bot: creation.bot, isTakenOver: isTakenOver)
    }

    var agentHasJoined: Bool { participants.contains { $0.kind == .agent } }

    /// The pending responder timer called `name`, if any.
    func responderTimer(named name: String) -> PendingStep? {
        pending.values.first {
            if case .responderTimer(name, _) = $0.work { return true }
            return false
        }
    }
}
