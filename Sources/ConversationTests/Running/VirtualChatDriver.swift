import BotTesting
import ChatCore
import Foundation
import RuleBot

/// Plays a test in process, on a ``TestChat``'s virtual clock: delays cost no wall time.
final class VirtualChatDriver: ChatDriver {
    let chat: TestChat

    let parts: [ResponderPart]

    init(responder: any Responder, settings: ConversationSettings) throws {
        var state = RuleBotState()
        for (name, value) in settings.variables { state.setVariable(name, value) }
        parts = responder.parts
        chat = try TestChat(
            responder: responder, nickname: settings.nickname, subject: settings.subject, userData: settings.userData,
            seed: settings.seed, configuration: settings.hostConfiguration, memory: state.memory)
        // The runner waits for the join itself, so that it can report a bot that never joins.
        chat.joinTimeout = .zero
    }

    var startTime: Date { chat.startTime }
    var elapsed: Duration { chat.elapsed }

    func messages() -> [ChatMessage] { chat.transcript }

    func perform(_ action: CustomerAction) throws {
        switch action {
        case .say(let text): try chat.say(text)
        case .startTyping: try chat.startTyping()
        case .stopTyping: try chat.stopTyping()
        case .complete: try chat.complete()
        case .notice(let text): try chat.sendNotice(text)
        case .pushURL(let url): try chat.pushURL(url)
        case .changeNickname(let nickname): try chat.changeNickname(to: nickname)
        }
    }

    func pass(_ duration: Duration) { chat.advance(by: duration) }

    func wait(until limit: Duration, for condition: () throws -> Bool) throws -> Bool {
        var failure: (any Error)?
        let met = chat.wait(within: max(limit - elapsed, .zero)) { _ in
            do { return try condition() } catch {
                failure = error
                return true
            }
        }
        if let failure { throw failure }
        return met
    }

    func state() -> (ChatState, Set<ChatOperation>) {
        let snapshot = chat.snapshot
        return (snapshot.state, Set(snapshot.capabilities))
    }

    func needsPerson() -> Bool? { chat.needsPerson }

    func finish() {}

    func responderMemory() -> ResponderMemory? { chat.responderMemory }
}
