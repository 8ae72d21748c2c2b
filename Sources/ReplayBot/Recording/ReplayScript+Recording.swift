import ChatCore
import Foundation

extension ReplayScript {
    /// The agent's side of a recorded chat as a script: what the agent said before the
    /// customer's first line is the greeting; each customer line starts a step that says what
    /// the agent said after it, in the recorded order.
    ///
    /// Within a step, the recorded gaps between the agent's messages are kept (when the
    /// recording has times); the wait before the first is the host's reply delay. Typing
    /// notifications become typing of the recorded length; the agent leaving becomes `leave`.
    /// - Parameter guards: whether each step requires the customer's recorded line.
    init(recording messages: [RecordedMessage], guards: RecordingGuards, file: String) {
        self.init(agentNickname: messages.first { $0.role == .agent }?.nickname ?? ReplayScript.defaultAgentNickname)
        var actions: [ReplayAction] = []
        var guardPattern: (any ReplayGuard)?
        var stepOrigin: String?
        var lastAgentTime: Date?
        var typingSince: Date?

        func finishStep(into script: inout ReplayScript) {
            if let stepOrigin {
                script.steps.append(ReplayStep(guardPattern: guardPattern, actions: actions, origin: stepOrigin))
            } else {
                script.greeting = actions
            }
            actions = []
            lastAgentTime = nil
        }

        for message in messages {
            let origin = "\(file)#\(message.index)"
            if message.role == .customer, message.kind == .text {
                finishStep(into: &self)
                stepOrigin = origin
                guardPattern = guards == .off ? nil : RecordedLineGuard(line: message.text ?? "", caseless: guards == .caseless)
                continue
            }
            guard message.role == .agent else { continue }
            if let time = message.time, let last = lastAgentTime, message.kind != .typingStopped, time > last {
                actions.append(ReplayAction(kind: .delay(.milliseconds(Int64((time.timeIntervalSince(last) * 1000).rounded()))), origin: origin))
            }
            switch message.kind {
            case .text:
                actions.append(ReplayAction(kind: .say(message.text ?? ""), origin: origin))
            case .typingStarted:
                typingSince = message.time ?? Date.distantPast
            case .typingStopped:
                let length = zip(typingSince, message.time).map { $1.timeIntervalSince($0) }.flatMap { $0 >= 0 && $0 < 86_400 ? $0 : nil } ?? 1
                actions.append(ReplayAction(kind: .typing(.milliseconds(Int64((length * 1000).rounded()))), origin: origin))
                typingSince = nil
            case .participantLeft:
                actions.append(ReplayAction(kind: .leave, origin: origin))
            default:
                break  // joining, and types a replay does not act out (notices, pushed pages)
            }
            if message.time != nil { lastAgentTime = message.time }
        }
        finishStep(into: &self)
    }
}

private func zip<A, B>(_ a: A?, _ b: B?) -> (A, B)? {
    guard let a, let b else { return nil }
    return (a, b)
}
