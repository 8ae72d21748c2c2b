import ChatCore

extension ChatMessage {
    /// The message written as the `.convo` step that would expect it, such as `agent says Hello`:
    /// one wording for a failing `.convo` test's transcript and for `TestChat.printableTranscript`.
    package var stepText: String {
        let who =
            switch from.kind {
            case .customer: "customer"
            case .agent: "agent"
            case .external: "system"
            default: from.kind.name
            }
        switch kind {
        case .text: return "\(who) says \(text ?? "")"
        case .participantJoined: return "\(who) joins"
        case .participantRejoined: return "\(who) rejoins"
        case .transcriptSaveDone: return "transcript saved"
        case .participantLeft: return from.kind == .customer ? "customer completes" : "\(who) leaves"
        case .typingStarted: return "\(who) types"
        case .typingStopped: return "\(who) stops typing"
        case .fileUploaded: return "\(who) uploads \(text ?? "a file")"
        case .fileDeleted: return "\(who) deletes \(text ?? "a file")"
        case .notice: return "notice \(text ?? "")"
        case .pushURL: return "\(who) pushes \(text ?? "")"
        case .customNotice: return "\(who) notices \(text ?? "")"
        case .nicknameUpdated: return "customer changes nickname to \(text ?? "")"
        default: return "\(who) \(kind.name)" + (text.map { " \($0)" } ?? "")
        }
    }
}
