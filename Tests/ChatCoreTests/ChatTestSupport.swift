import ChatCore
import Foundation
import LastCharacterBot
import Logging

/// A host on a manual clock with the given delays, in memory unless `store` is given.
func makeHost(
    responder: any Responder = LastCharacterResponder(),
    joinDelay: DelayRange = .seconds(1, 3),
    replyDelay: DelayRange = .seconds(0, 2),
    systemInterval: Duration = .seconds(20),
    seed: UInt64 = 42,
    timeZone: TimeZone = TimeZone(identifier: "Etc/UTC")!,
    clock: ManualClock = ManualClock(),
    store: (any ChatStore)? = nil,
    showsTyping: Bool = true
) throws -> (ChatHost, ManualClock) {
    var configuration = ChatHostConfiguration()
    configuration.showsTyping = showsTyping
    configuration.agentJoinDelay = joinDelay
    configuration.replyDelay = replyDelay
    configuration.systemMessageInterval = systemInterval
    configuration.seed = seed
    configuration.timeZone = timeZone
    let host = try ChatHost(
        configuration: configuration, responder: responder, clock: clock, store: store,
        logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
    return (host, clock)
}

/// A fresh empty folder under the system's temporary directory.
func makeTemporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("chatcore-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

extension ChatHost {
    /// Every message (index 0), leaving the cursor alone.
    func allMessages(_ id: ChatID) throws -> [ChatMessage] { try transcript(of: id, from: 0, markingReceived: false) }

    /// The texts of the messages of one kind of participant.
    func texts(_ id: ChatID, from kind: Participant.Kind) throws -> [String] {
        try allMessages(id).filter { $0.kind == .text && $0.from.kind == kind }.compactMap(\.text)
    }

    /// The customer says each of `texts` in turn, and `clock` runs what is due after each (the
    /// agent answers at once on an instant host).
    func customerSays(_ texts: String..., in id: ChatID, running clock: ManualClock) throws {
        for text in texts {
            try sendMessage(text, to: id)
            clock.advance(by: .zero)
        }
    }

    /// The comings and goings of agents and supervisors, as `KIND NICKNAME ID ROLE`.
    func staffEvents(_ id: ChatID) throws -> [String] {
        try allMessages(id).filter { $0.from.kind != .customer && $0.from.kind != .external && $0.kind != .text }
            .map { "\($0.kind.name) \($0.from.nickname) \($0.from.id) \($0.from.kind.name)" }
    }
}

extension ChatHostConfiguration {
    /// The agent joins and answers at once, with no system messages: where most suites start.
    static func instant(seed: UInt64? = nil) -> ChatHostConfiguration {
        var configuration = ChatHostConfiguration()
        configuration.agentJoinDelay = .zero
        configuration.replyDelay = .zero
        configuration.systemMessageInterval = .zero
        configuration.seed = seed
        return configuration
    }
}

/// Bots chats can choose by name (``ChatHostConfiguration/selectableBots``).
struct NamedBots: ResponderDirectory {
    let responders: [String: any Responder]
    func responder(named name: String) -> (any Responder)? { responders[name] }
    var names: [String] { responders.keys.sorted() }
}
