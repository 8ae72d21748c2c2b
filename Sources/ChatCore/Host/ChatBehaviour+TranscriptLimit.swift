import Logging

/// The bound on one chat's transcript (``ChatHostConfiguration/maxTranscriptBytes``): a message
/// that would take an open chat past it ends the chat instead of being added, so that what a chat
/// holds in memory and in its journal stays bounded however long a client keeps it going.
extension ChatBehaviour {
    /// Whether `message` fits the chat's transcript limit. When it does not, the chat is ended
    /// here (an open chat) or the message is dropped (an ended chat's farewell), and the refusal is
    /// left in ``LiveChat/transcriptLimitRefusal`` for the operation that sent it. A ParticipantLeft
    /// always fits: it ends the chat, so each participant adds at most one; so does the one
    /// TranscriptSaveDone of an ended chat.
    func admits(_ message: ChatMessage, in live: inout LiveChat) -> Bool {
        guard let limit = configuration.maxTranscriptBytes, message.kind != .participantLeft, message.kind != .transcriptSaveDone,
            live.chat.transcriptBytes + message.transcriptBytes > limit
        else { return true }
        let refusal = ChatError(
            .invalidState,
            "Chat \(live.chat.id) reached its transcript limit of \(limit) bytes, so this \(message.kind.name) (\(message.transcriptBytes) bytes counted) was not added and the chat was ended; start a new chat."
        )
        logger.warning(
            "chat reached its transcript limit",
            metadata: ["chat": "\(live.chat.id)", "limit": "\(limit)", "from": "\(message.from.kind.name)", "ended": "\(live.chat.state != .idle)"])
        guard live.chat.state != .idle else { return false }
        live.transcriptLimitRefusal = refusal
        add(
            ChatMessage(
                index: live.chat.nextMessageIndex, kind: .text, from: .system,
                text: "This chat reached its transcript limit of \(limit) bytes and was ended.", time: clock.now()),
            to: &live)
        if live.chat.agentHasJoined {
            agentLeaves(origin: nil, in: &live)
        } else {
            endChat(&live)
        }
        return false
    }
}
