import ChatCore
import Foundation
import JournalStore
import LastCharacterBot
import Locking
import Logging

/// A host on a manual clock with the given delays, on `store`.
func makeHost(
    joinDelay: DelayRange = .zero,
    replyDelay: DelayRange = .zero,
    clock: ManualClock = ManualClock(),
    store: any ChatStore
) throws -> ChatHost {
    var configuration = ChatHostConfiguration()
    configuration.agentJoinDelay = joinDelay
    configuration.replyDelay = replyDelay
    configuration.seed = 42
    return try ChatHost(configuration: configuration, responder: LastCharacterResponder(), clock: clock, store: store, logger: quietLogger)
}

let quietLogger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

/// A data folder under the system's temporary directory, removed with `remove()`.
struct DataFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("journalstore-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    var chats: URL { url.appendingPathComponent("chats", isDirectory: true) }
    func journal(_ id: ChatID) -> URL { chats.appendingPathComponent("\(id).jsonl") }

    /// A store on this folder whose log lines are kept in `log`.
    func store(log: LogLines = LogLines(), maxOpenJournals: Int = 256, fsync: FsyncPolicy = .never) throws -> JournalStore {
        try JournalStore(
            dataDirectory: url, configuration: JournalStore.Configuration(fsync: fsync, maxOpenJournals: maxOpenJournals),
            logger: log.logger)
    }

    func remove() { try? FileManager.default.removeItem(at: url) }
}

/// Log lines a store wrote, for tests that check what it reported.
final class LogLines: Sendable {
    private let lines = Locked<[String]>([])

    var all: [String] { lines.withLock { $0 } }

    var logger: Logger {
        Logger(label: "journal", factory: { _ in Handler(lines: self) })
    }

    private struct Handler: LogHandler {
        let lines: LogLines
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            lines.lines.withLock { $0.append("\(event.level): \(event.message)") }
        }
    }
}

extension ChatHost {
    /// Every message (index 0), leaving the cursor alone.
    func allMessages(_ id: ChatID) throws -> [ChatMessage] { try transcript(of: id, from: 0, markingReceived: false) }

    /// The texts of the messages of one kind of participant.
    func texts(_ id: ChatID, from kind: Participant.Kind) throws -> [String] {
        try allMessages(id).filter { $0.kind == .text && $0.from.kind == kind }.compactMap(\.text)
    }
}
