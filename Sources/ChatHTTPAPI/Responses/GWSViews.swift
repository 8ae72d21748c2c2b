package import ChatCore
package import GWSChatClient

// The GWS front's view of the core's chats, in the wire's vocabulary (GWSChatClient's types,
// which know nothing of ChatCore): GetChat and GetTranscript encode these with the one codec.
// The two vocabularies spell every name the same; ChatHTTPAPITests checks that they list the same.

extension GWSChat {
    /// GetChat's view of a core snapshot.
    package init(_ snapshot: ChatSnapshot) {
        self.init(
            id: snapshot.id.description, state: State(snapshot.state.rawValue),
            participants: snapshot.participants.map(GWSParticipant.init),
            capabilities: snapshot.capabilities.map { GWSOperation($0.name) })
    }

    /// GetChat's answer for a core snapshot: what ``GWSWire/encode(_:)`` writes for
    /// `GWSChat(snapshot)`, without building the wire's arrays first.
    package static func answer(_ snapshot: ChatSnapshot) -> [UInt8] {
        let capabilities = snapshot.capabilities
        return GWSWire.encodeChat(
            id: snapshot.id.description, state: State(snapshot.state.rawValue),
            capabilityCount: capabilities.count, capability: { GWSOperation(capabilities[$0].name) },
            participantCount: snapshot.participants.count, participant: { GWSParticipant(snapshot.participants[$0]) })
    }
}

extension GWSParticipant {
    package init(_ participant: Participant) {
        self.init(id: participant.id, nickname: participant.nickname, kind: Kind(participant.kind.name))
    }
}

extension GWSMessage {
    /// GetTranscript's view of a transcript entry (its time and origin are not on the wire). A
    /// type only GMS has is shown as GWS shows it (``GWSMessage/gwsKind(of:)``).
    package init(_ message: ChatMessage) {
        self.init(
            index: message.index, kind: Kind(Self.gwsKind(of: message.kind).name), from: GWSParticipant(message.from),
            text: message.kind == .text ? (message.text ?? "") : message.text)
    }

    /// The message types only Genesys's GMS API has, which the GWS front shows as a `Notice`
    /// with the same text (the notice, the pushed URL, the new nickname, the idle alert): GWS
    /// documents `Notice` and no type of its own for them, and a GWS client shows a `Notice`.
    package static let shownAsNotice: Set<ChatMessage.Kind> = [.customNotice, .pushURL, .nicknameUpdated, .idleAlert, .idleClose]

    /// How the GWS front spells a message of `kind`: `Notice` for ``shownAsNotice``, else as is.
    package static func gwsKind(of kind: ChatMessage.Kind) -> ChatMessage.Kind {
        shownAsNotice.contains(kind) ? .notice : kind
    }
}
