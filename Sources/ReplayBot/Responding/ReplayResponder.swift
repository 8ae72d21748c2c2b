package import ChatCore
import Foundation
package import LineFormat

/// A scripted agent: plays back a ``ReplayScript`` — from a `.replay` file or a recorded chat —
/// one step per customer message.
///
/// The position in the script is per chat, in the chat's responder memory (key `replay.next`),
/// so one responder serves any number of chats and survives a restart.
package struct ReplayResponder: Responder {
    package let script: ReplayScript
    package var agentNickname: String { script.agentNickname }

    /// The memory key holding the index of the next step.
    static let positionKey = "replay.next"

    package init(script: ReplayScript) {
        self.script = script
    }

    /// Loads a `.replay` script, a saved GetTranscript response (`.json`), or a chat journal
    /// (`.jsonl`).
    /// - Throws: ``SourceDiagnostics`` with `file:line:column` for each problem.
    package init(contentsOf path: String) throws(SourceDiagnostics) {
        let isRecording = path.hasSuffix(".json") || path.hasSuffix(".jsonl")
        if isRecording {
            do {
                script = ReplayScript(recording: try RecordingReader.read(contentsOf: path), guards: .off, file: path)
            } catch {
                throw SourceDiagnostics([error])
            }
            return
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SourceDiagnostics([SourceDiagnostic(.unreadable, at: SourceLocation(file: path, line: 1), "cannot read the replay script; check that the file exists and is readable")])
        }
        script = try ReplayScript(parsing: String(decoding: data, as: UTF8.self), file: path)
    }

    /// A script answers the agent's join (its greeting) and customer texts.
    package func wantsEvents(of kind: ChatEvent.Kind) -> Bool { kind == .agentJoined || kind == .customerText }

    package func respond(to event: ChatEvent, context: inout ResponderContext) -> AgentReply {
        switch event.kind {
        case .agentJoined:
            return AgentReply(Self.agentActions(script.greeting), trace: ["replay: greeting"])
        case .customerText:
            return answer(event.text ?? "", context: &context)
        default:
            return .none
        }
    }

    private func answer(_ text: String, context: inout ResponderContext) -> AgentReply {
        let position = context.memory[Self.positionKey].flatMap(Int.init) ?? 0
        guard position < script.steps.count else {
            return AgentReply(trace: ["replay: the script is over (\(script.steps.count) steps); no answer"])
        }
        let step = script.steps[position]
        if step.guardPattern?.admits(text) ?? true {
            context.memory[Self.positionKey] = String(position + 1)
            return AgentReply(Self.agentActions(step.actions), trace: ["replay: step \(position + 1) (\(step.origin))"])
        }
        let miss = "replay: off script at step \(position + 1) (\(step.origin)): the customer said \"\(text)\", the step expects \(step.guardPattern?.description ?? "anything")"
        switch script.offScript {
        case .say(let line, let origin):
            return AgentReply([.say(line, origin: origin)], trace: [miss, "replay: said the off-script line and waits at step \(position + 1)"])
        case .skipAhead:
            guard let later = script.steps.indices.dropFirst(position + 1).first(where: { script.steps[$0].guardPattern?.admits(text) ?? true }) else {
                return AgentReply(trace: [miss, "replay: no later step fits; no answer"])
            }
            context.memory[Self.positionKey] = String(later + 1)
            return AgentReply(Self.agentActions(script.steps[later].actions), trace: [miss, "replay: skipped ahead to step \(later + 1) (\(script.steps[later].origin))"])
        case .end(let line, let origin):
            context.memory[Self.positionKey] = String(script.steps.count)
            var actions: [AgentAction] = []
            if let line { actions.append(.say(line, origin: origin)) }
            actions.append(AgentAction(.leave, origin: origin))
            return AgentReply(actions, trace: [miss, "replay: ends the chat"])
        }
    }

    /// The script's actions as the core's: a `delay` waits before the next action; `typing`
    /// shows typing for its length.
    static func agentActions(_ actions: [ReplayAction]) -> [AgentAction] {
        var result: [AgentAction] = []
        var pending: Duration = .zero
        for action in actions {
            switch action.kind {
            case .delay(let duration):
                pending += duration
            case .say(let text):
                result.append(.say(text, delay: pending, origin: action.origin))
                pending = .zero
            case .typing(let duration):
                result.append(AgentAction(.startTyping, delay: pending, origin: action.origin))
                result.append(AgentAction(.stopTyping, delay: duration, origin: action.origin))
                pending = .zero
            case .leave:
                result.append(AgentAction(.leave, delay: pending, origin: action.origin))
                pending = .zero
            }
        }
        return result
    }
}
