import Foundation
import Logging

#if canImport(Glibc)
import Glibc
#endif

/// Where chats are persisted: a `chats/` folder of journals under the data directory.
public struct ChatStorage: Sendable {
    /// The folder holding one `<chat id>.jsonl` journal per chat.
    public let chatsDirectory: URL
    public let fsync: FsyncPolicy

    /// Creates `chats/` under `dataDirectory` if needed.
    public init(dataDirectory: URL, fsync: FsyncPolicy = .never) throws {
        chatsDirectory = dataDirectory.appendingPathComponent("chats", isDirectory: true)
        self.fsync = fsync
        try FileManager.default.createDirectory(at: chatsDirectory, withIntermediateDirectories: true)
    }

    func journalURL(for id: ChatID) -> URL {
        // `ChatID` is a validated UUID, so the name cannot leave the folder.
        chatsDirectory.appendingPathComponent("\(id).jsonl")
    }

    func makeJournal(for id: ChatID) -> ChatJournal {
        ChatJournal(url: journalURL(for: id), fsync: fsync)
    }

    /// Makes a new chat's file entry durable too, under ``FsyncPolicy/always``.
    func syncDirectory() {
        guard fsync == .always else { return }
        let fd = open(chatsDirectory.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = Glibc.fsync(fd)
        _ = close(fd)
    }

    /// A journal read back from disk.
    struct RecoveredJournal {
        var id: ChatID
        var records: [JournalRecord]
    }

    /// Reads every journal. A torn last line (a crash in the middle of a write) is reported,
    /// skipped and cut off the file so that later appends start on a clean line; a damaged line
    /// elsewhere is reported and skipped. Files that are not journals are left alone.
    func recoverJournals(logger: Logger) throws -> [RecoveredJournal] {
        let names = try FileManager.default.contentsOfDirectory(atPath: chatsDirectory.path).sorted()
        var journals: [RecoveredJournal] = []
        for name in names where name.hasSuffix(".jsonl") {
            guard let id = ChatID(validating: name.dropLast(".jsonl".count)) else {
                logger.warning("Ignoring \(name) in \(chatsDirectory.path): not named after a chat id.")
                continue
            }
            let url = chatsDirectory.appendingPathComponent(name)
            let data = try Data(contentsOf: url)
            var records: [JournalRecord] = []
            var lineStart = data.startIndex
            var lineNumber = 0
            var lastGoodEnd = data.startIndex
            while lineStart < data.endIndex {
                lineNumber += 1
                guard let newline = data[lineStart...].firstIndex(of: UInt8(ascii: "\n")) else {
                    logger.error("Journal \(url.path) line \(lineNumber): torn last line (\(data.endIndex - lineStart) bytes without a newline), left by a crash during a write; skipped and cut off.")
                    break
                }
                do {
                    records.append(try JournalRecord(line: data[lineStart..<newline]))
                } catch {
                    logger.error("Journal \(url.path) line \(lineNumber): \(error); line skipped.")
                }
                lineStart = newline + 1
                lastGoodEnd = lineStart
            }
            if lastGoodEnd < data.endIndex {
                truncate(url.path, off_t(lastGoodEnd - data.startIndex))
            }
            journals.append(RecoveredJournal(id: id, records: records))
        }
        return journals
    }
}
