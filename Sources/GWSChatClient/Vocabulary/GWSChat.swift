/// A chat as GetChat shows it.
public struct GWSChat: Hashable, Sendable {
    /// A chat's state, spelled as GWS spells it (`WaitingForAgent`, `Chatting`, `Idle`).
    ///
    /// A struct with a name rather than an enum, like the other vocabularies of the wire: a state
    /// this build does not know is kept by its name, so switch over it with a `default:` case.
    public struct State: Hashable, Sendable, CustomStringConvertible {
        /// The state's name on the wire.
        public let name: String
        public init(_ name: String) { self.name = name }

        /// No agent has joined yet.
        public static let waitingForAgent = State("WaitingForAgent")
        /// An agent has joined.
        public static let chatting = State("Chatting")
        /// The chat ended (the customer completed it, or the agent left): every operation is
        /// refused from now on.
        public static let idle = State("Idle")

        /// The states GWS documents, in the order a chat goes through them.
        public static let known: [State] = [.waitingForAgent, .chatting, .idle]

        /// Whether this build knows the state (one of ``known``).
        public var isKnown: Bool { Self.known.contains(self) }

        public var description: String { name }
    }

    public var id: String
    public var state: State
    public var participants: [GWSParticipant]
    /// The customer operations valid now, in the order the server listed them (none once the chat
    /// is ``State/idle``).
    public var capabilities: [GWSOperation]

    public init(id: String, state: State, participants: [GWSParticipant], capabilities: [GWSOperation]) {
        self.id = id
        self.state = state
        self.participants = participants
        self.capabilities = capabilities
    }
}
