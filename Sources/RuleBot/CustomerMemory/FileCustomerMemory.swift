import Foundation
import JournalStore
import Locking
public import Logging

/// Customer variables kept in a file that survives restarts (`CustomerMemoryFile` is its
/// layout): one line appended and flushed to disk per change, before the turn that made it
/// answers; a turn whose change cannot be written fails (``CustomerMemoryError``) and changes
/// nothing.
///
/// Opening reads the file line by line, skipping (and logging) damaged lines, and compacts it
/// (one line per variable, written to a new file that then replaces the old one) when it holds
/// damage or more than twice the lines it needs; a running store compacts the same way once its
/// appends pass that mark, so the file stays within about twice its live size.
///
/// The file and its folder are never reached through a symbolic link (`O_NOFOLLOW`, `lstat`), so
/// a link planted in the data folder cannot make the server write outside it.
public final class FileCustomerMemory: CustomerMemoryStore {
    public let path: String
    private let folder: String
    private let logger: Logger
    private let turns = CustomerTurns()
    private let state: Locked<State>

    /// Lines beyond twice the variables held that the file may hold before it is compacted.
    package let compactionSlack: Int

    private struct State {
        /// The file, open for appending; -1 after a failed reopen (tried again at the next write).
        var fd: Int32
        var customers: [CustomerKey: [String: String]]
        /// Bytes in the file, to cut a write that failed half way back off.
        var size: Int
        var lineCount: Int
        var variableCount: Int

        var slack: Int

        var needsCompacting: Bool { lineCount > 2 * variableCount + slack }
    }

    /// Opens (or creates) the file at `path`, creating its folder.
    /// - Parameter compactionSlack: lines beyond twice the variables held that the file may hold
    ///   before it is compacted (1,000 by default: a compaction rewrites the file once per about
    ///   as many changes as it holds variables, at least 1,000).
    /// - Throws: when the folder or file cannot be used: either is a symbolic link or not what it
    ///   should be, or cannot be read or written.
    public init(
        path: String, logger: Logger = Logger(label: "customers", factory: { _ in SwiftLogNoOpLogHandler() }), compactionSlack: Int = 1_000
    ) throws(CustomerMemoryError) {
        self.path = path
        self.compactionSlack = compactionSlack
        self.logger = logger
        folder = (path as NSString).deletingLastPathComponent
        var contents = CustomerMemoryFile.Contents()
        var size = 0
        do {
            if !folder.isEmpty {
                if JournalFile.kind(of: folder) == nil { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
                try JournalFile.requireRealFolder(folder)
            }
            if JournalFile.kind(of: path) != nil {
                let fd = try JournalFile.openForReadingInData(path)
                defer { JournalFile.close(fd) }
                let bytes = try JournalFile.readAll(fd, path: path)
                size = bytes.count
                contents = CustomerMemoryFile.read(bytes)
            }
        } catch {
            throw CustomerMemoryError(path: path, reason: "\(error)")
        }
        for damage in contents.damaged {
            logger.error("customer memory: damaged line skipped", metadata: ["file": "\(path)", "line": "\(damage.line)", "reason": "\(damage.reason)"])
        }
        var state = State(fd: -1, customers: contents.customers, size: size, lineCount: contents.lineCount, variableCount: contents.variableCount, slack: compactionSlack)
        var compacted = false
        if !contents.damaged.isEmpty || state.needsCompacting {
            do {
                try Self.compact(&state, path: path, folder: folder)
                compacted = true
            } catch {
                logger.warning("customer memory not compacted", metadata: ["file": "\(path)", "error": "\(error)"])
            }
        }
        do {
            if state.fd < 0 { state.fd = try JournalFile.openForAppending(path) }
            if !compacted, contents.endsMidLine {
                // Not compacted: end the torn line, so the next change starts a line of its own.
                try JournalFile.write([UInt8(ascii: "\n")], to: state.fd, path: path)
                state.size += 1
            }
        } catch {
            if state.fd >= 0 { JournalFile.close(state.fd) }
            throw CustomerMemoryError(path: path, reason: "\(error)")
        }
        self.state = Locked(state)
    }

    deinit { state.withLock { if $0.fd >= 0 { JournalFile.close($0.fd) } } }

    public func values(for customer: String) -> [String: String] { state.withLock { $0.customers[CustomerKey(customer)] ?? [:] } }

    public func withCustomer<Result>(_ customer: String, _ body: ([String: String]) -> (result: Result, changes: [String: String?])) throws(CustomerMemoryError) -> Result {
        let key = CustomerKey(customer)
        return try turns.exclusive(key) { () throws(CustomerMemoryError) -> Result in
            let (result, changes) = body(state.withLock { $0.customers[key] ?? [:] })
            guard !changes.isEmpty else { return result }
            try state.withLock { (state) throws(CustomerMemoryError) in try save(changes, for: key, in: &state) }
            return result
        }
    }

    public func removeAll() throws(CustomerMemoryError) {
        try state.withLock { (state) throws(CustomerMemoryError) in
            var emptied = state
            emptied.customers = [:]
            emptied.variableCount = 0
            do {
                try Self.compact(&emptied, path: path, folder: folder)
            } catch {
                throw CustomerMemoryError(path: path, reason: "\(error)")
            }
            state = emptied
        }
    }

    /// Appends and flushes the lines of `changes`, then applies them; on failure cuts the file
    /// back to where it was, so no torn line is left for the next change to be glued to.
    private func save(_ changes: [String: String?], for key: CustomerKey, in state: inout State) throws(CustomerMemoryError) {
        var bytes: [UInt8] = []
        for name in changes.keys.sorted() { bytes += CustomerMemoryFile.line(customer: key, name: name, value: changes[name] ?? nil) }
        do {
            if state.fd < 0 { state.fd = try JournalFile.openForAppending(path) }
            try JournalFile.write(bytes, to: state.fd, path: path)
            try JournalFile.sync(state.fd, path: path)
        } catch {
            if state.fd >= 0 { try? JournalFile.truncate(state.fd, to: state.size, path: path) }
            throw CustomerMemoryError(path: path, reason: "\(error)")
        }
        state.size += bytes.count
        state.lineCount += changes.count
        var values = state.customers[key] ?? [:]
        for (name, value) in changes {
            state.variableCount += (value == nil ? 0 : 1) - (values[name] == nil ? 0 : 1)
            values[name] = value
        }
        state.customers[key] = values.isEmpty ? nil : values
        if state.needsCompacting {
            do {
                try Self.compact(&state, path: path, folder: folder)
            } catch {
                // The change is on disk already; the file is only larger than it needs to be.
                logger.warning("customer memory not compacted", metadata: ["file": "\(path)", "error": "\(error)"])
            }
        }
    }

    /// Writes one line per variable to a new file, flushes it, and renames it over the file; the
    /// old file stays whole until the rename, so a crash at any point loses nothing.
    private static func compact(_ state: inout State, path: String, folder: String) throws(JournalStoreError) {
        let temporary = path + ".compacting"
        let bytes = CustomerMemoryFile.compacted(state.customers)
        let fd = try JournalFile.openForReplacing(temporary)
        do {
            try JournalFile.write(bytes, to: fd, path: temporary)
            try JournalFile.sync(fd, path: temporary)
        } catch {
            JournalFile.close(fd)
            unlink(temporary)
            throw error
        }
        JournalFile.close(fd)
        try JournalFile.rename(temporary, to: path)
        JournalFile.syncDirectory(folder.isEmpty ? "." : folder)
        if state.fd >= 0 { JournalFile.close(state.fd) }
        state.fd = -1
        state.size = bytes.count
        state.lineCount = state.variableCount
        state.fd = try JournalFile.openForAppending(path)
    }
}
