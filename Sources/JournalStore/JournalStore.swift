public import ChatCore
public import Foundation
import Locking
public import Logging

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The emulator's ``ChatStore``: one append-only journal file per chat, `chats/<chat id>.jsonl`
/// under the data directory, one ``JournalRecord`` per line.
///
/// Appending costs one `write` (and with ``FsyncPolicy/always`` one `fsync`), whatever the length
/// of the chat. At most ``Configuration/maxOpenJournals`` files are open at once (see
/// ``OpenJournals``). An append that fails is cut off the file again, so a refused change leaves
/// nothing behind to be read back after a restart.
public final class JournalStore: ChatStore {
    public struct Configuration: Sendable {
        /// When appended records are forced to the disk. Default ``FsyncPolicy/never``.
        public var fsync: FsyncPolicy
        /// How many journals stay open for appending; the least recently written is closed when
        /// another must open. Default 256, and never more than a quarter of the process's limit
        /// on open files (`ulimit -n`), so that journals leave most descriptors to connections.
        public var maxOpenJournals: Int

        /// The defaults of both settings are declared here, once.
        public init(fsync: FsyncPolicy = .never, maxOpenJournals: Int = 256) {
            self.fsync = fsync
            self.maxOpenJournals = maxOpenJournals
        }
    }

    /// The folder holding one `<chat id>.jsonl` journal per chat.
    public let chatsDirectory: URL
    public let configuration: Configuration
    private let openJournals: OpenJournals
    private let logger: Logger

    /// Creates `chats/` under `dataDirectory` if needed.
    public init(dataDirectory: URL, configuration: Configuration = Configuration(), logger: Logger = Logger(label: "journal", factory: { _ in SwiftLogNoOpLogHandler() })) throws {
        chatsDirectory = dataDirectory.appendingPathComponent("chats", isDirectory: true)
        self.configuration = configuration
        self.logger = logger
        openJournals = OpenJournals(capacity: min(configuration.maxOpenJournals, Self.descriptorLimit / 4))
        try FileManager.default.createDirectory(at: chatsDirectory, withIntermediateDirectories: true)
    }

    /// How many journals this store keeps open at most.
    package var openJournalLimit: Int { openJournals.capacity }

    /// How many journals are open now.
    package var openJournalCount: Int { openJournals.openCount }

    /// The soft limit on open files of this process.
    static var descriptorLimit: Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur != rlim_t.max else { return Int.max }
        return Int(clamping: limit.rlim_cur)
    }

    func journalPath(for id: ChatID) -> String {
        // `ChatID` is a validated UUID, so the name cannot leave the folder.
        chatsDirectory.appendingPathComponent("\(id).jsonl").path
    }

    // MARK: Appending

    public func append(_ records: [JournalRecord], to chat: ChatID) throws {
        guard !records.isEmpty else { return }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256 * records.count)
        for record in records { record.appendLine(to: &bytes) }
        let handle = openJournals.handle(for: chat, path: journalPath(for: chat))
        let fsync = configuration.fsync
        try handle.withDescriptor(open: { () throws(JournalStoreError) in try openFreeingDescriptors(handle.path, for: chat) }) { (fd, length) throws(JournalStoreError) in
            do throws(JournalStoreError) {
                try JournalFile.write(bytes, to: fd, path: handle.path)
                if fsync == .always {
                    try JournalFile.sync(fd, path: handle.path)
                    if length == 0 { JournalFile.syncDirectory(chatsDirectory.path) }
                }
            } catch {
                // All or nothing: whatever part of the append reached the file is cut off again.
                try? JournalFile.truncate(fd, to: length, path: handle.path)
                throw error
            }
            return length + bytes.count
        }
    }

    /// Opens a journal; when the process is out of descriptors, closes the least recently used
    /// journals one at a time and tries again.
    private func openFreeingDescriptors(_ path: String, for chat: ChatID) throws(JournalStoreError) -> Int32 {
        while true {
            do {
                return try JournalFile.openForAppending(path)
            } catch let error where error.errno == EMFILE || error.errno == ENFILE {
                guard openJournals.closeLeastRecent(except: chat) else { throw error }
            }
        }
    }

    public func chatEnded(_ chat: ChatID) {
        openJournals.close(chat)
    }

    public func close() {
        openJournals.closeAll()
    }

    /// Deletes the chat's journal (never through a link: `unlink` removes the entry itself).
    public func remove(_ chat: ChatID) throws {
        openJournals.close(chat)
        let path = journalPath(for: chat)
        guard unlink(path) == 0 || errno == ENOENT else { throw JournalStoreError(path: path, operation: "unlink", errno: errno) }
        try removeFiles(of: chat)
    }

    /// Closes every journal and deletes every file of `chats/` named like a journal, and every
    /// chat's file folder (a reset); other files are left alone.
    public func removeAll() throws {
        openJournals.closeAll()
        for name in try FileManager.default.contentsOfDirectory(atPath: chatsDirectory.path)
        where name.hasSuffix(".jsonl") || (name.hasSuffix(".files") && ChatID(validating: name.dropLast(".files".count)) != nil) {
            try FileManager.default.removeItem(atPath: chatsDirectory.appendingPathComponent(name).path)
        }
        if configuration.fsync == .always { JournalFile.syncDirectory(chatsDirectory.path) }
    }

    // MARK: Recovery

    /// Reads every journal in `chats/`, in the order of their names.
    ///
    /// Nothing in the folder stops the others from being served: an entry named like a journal
    /// that is not a regular file (a folder, a symbolic link, a FIFO) is logged and skipped and
    /// never followed; a journal that cannot be read is logged and skipped; a damaged line is
    /// logged with file and line and skipped; a torn last line (a crash in the middle of a write)
    /// is logged, skipped and cut off the file so that later appends start on a clean line.
    /// Files not named like a journal are left alone.
    public func recover(_ restore: (StoredChat) -> Void) throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: chatsDirectory.path).filter { $0.hasSuffix(".jsonl") }.sorted()
        // Files are read and decoded on every core, a batch at a time (so that only one batch of
        // records is held at once), and handed to `restore` in name order.
        let batchSize = 64 * ProcessInfo.processInfo.activeProcessorCount
        var restored = 0
        for batchStart in stride(from: 0, to: names.count, by: batchSize) {
            let batch = names[batchStart..<min(batchStart + batchSize, names.count)]
            let results = Locked([StoredChat?](repeating: nil, count: batch.count))
            DispatchQueue.concurrentPerform(iterations: batch.count) { offset in
                let chat = recoverEntry(named: batch[batchStart + offset])
                results.withLock { $0[offset] = chat }
            }
            for chat in results.withLock({ $0 }) {
                guard let chat else { continue }
                restore(chat)
                restored += 1
            }
        }
        if restored > 0 { logger.info("read \(restored) journals from \(chatsDirectory.path)") }
    }

    /// One entry of `chats/` named like a journal, read back; `nil` (logged) when it is not one.
    private func recoverEntry(named name: String) -> StoredChat? {
        let path = chatsDirectory.appendingPathComponent(name).path
        guard let id = ChatID(validating: name.dropLast(".jsonl".count)) else {
            logger.warning("Ignoring \(path): not named after a chat id.")
            return nil
        }
        if let kind = JournalFile.kind(of: path), kind != "file" {
            logger.error("Skipping \(path): a \(kind), not a journal file; symbolic links are never followed. Chat \(id) is not served.")
            return nil
        }
        do {
            return StoredChat(id: id, records: try recoverFile(at: path).records)
        } catch {
            logger.error("Skipping \(path): \(error). Chat \(id) is not served.")
            return nil
        }
    }

    /// Reads one journal, logs its damage and cuts off a torn last line.
    private func recoverFile(at path: String) throws(JournalStoreError) -> JournalReading {
        let fd = try JournalFile.openForRecovery(path)
        defer { JournalFile.close(fd) }
        let reading = JournalReader.read(try JournalFile.readAll(fd, path: path))
        for damage in reading.damage {
            let consequence = damage.kind == .tornLastLine ? "skipped and cut off" : "line skipped"
            logger.error("Journal \(path) line \(damage.line): \(damage.problem); \(consequence).")
        }
        if reading.hasTornLastLine {
            try JournalFile.truncate(fd, to: reading.completeLength, path: path)
        }
        return reading
    }
}
