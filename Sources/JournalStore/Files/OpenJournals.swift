import ChatCore
import Locking

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The journals held open for appending, at most ``capacity`` of them: the least recently
/// written one is closed when another must open. A chat's journal is opened again on its next
/// write, so any number of open chats costs a bounded number of file descriptors, and the HTTP
/// front's `accept` never starves.
final class OpenJournals: Sendable {
    let capacity: Int
    private let state = Locked(State())

    private struct State {
        var handles: [ChatID: Entry] = [:]
        var clock: UInt64 = 0
    }

    private struct Entry {
        let handle: JournalHandle
        var lastUse: UInt64
    }

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// The handle of `chat`'s journal, marked as just used. A handle pushed out meanwhile by
    /// others still works: it writes through a descriptor of its own (see ``JournalHandle``).
    func handle(for chat: ChatID, path: @autoclosure () -> String) -> JournalHandle {
        let (handle, evicted) = state.withLock { state -> (JournalHandle, JournalHandle?) in
            state.clock += 1
            if let entry = state.handles[chat] {
                state.handles[chat]?.lastUse = state.clock
                return (entry.handle, nil)
            }
            let handle = JournalHandle(path: path())
            state.handles[chat] = Entry(handle: handle, lastUse: state.clock)
            guard state.handles.count > capacity else { return (handle, nil) }
            return (handle, Self.removeLeastRecent(from: &state, except: chat))
        }
        // Closed outside the lock: closing waits for a write in progress on that handle.
        evicted?.evict()
        return handle
    }

    /// Closes the least recently used journal, to free a descriptor; `false` if none is open.
    func closeLeastRecent(except chat: ChatID) -> Bool {
        guard let evicted = state.withLock({ Self.removeLeastRecent(from: &$0, except: chat) }) else { return false }
        evicted.evict()
        return true
    }

    /// Closes `chat`'s journal if it is open.
    func close(_ chat: ChatID) {
        state.withLock { $0.handles.removeValue(forKey: chat) }?.handle.evict()
    }

    func closeAll() {
        let all = state.withLock { state in
            defer { state.handles = [:] }
            return state.handles.values.map(\.handle)
        }
        for handle in all { handle.evict() }
    }

    var openCount: Int { state.withLock { $0.handles.values.count { $0.handle.isOpen } } }

    /// A linear scan: the table is small (``capacity`` entries) and a scan costs less than the
    /// `open` the eviction is for.
    private static func removeLeastRecent(from state: inout State, except chat: ChatID) -> JournalHandle? {
        var oldest: (ChatID, UInt64)?
        for (id, entry) in state.handles where id != chat && entry.lastUse < (oldest?.1 ?? .max) {
            oldest = (id, entry.lastUse)
        }
        guard let (id, _) = oldest else { return nil }
        return state.handles.removeValue(forKey: id)?.handle
    }
}

/// One journal's descriptor, opened on first use, and what is known of the file's length (so
/// that a failed append can be cut off again).
final class JournalHandle: Sendable {
    let path: String
    private let file = Locked(File())

    private struct File {
        var descriptor: Int32?
        var length = 0
        /// Pushed out of the table: a write still in flight opens the file for itself alone.
        var evicted = false
    }

    init(path: String) {
        self.path = path
    }

    var isOpen: Bool { file.withLock { $0.descriptor != nil } }

    /// Runs `body` with an open descriptor (from `open` when none is) and the file's length, and
    /// records the new length `body` returns.
    func withDescriptor(
        open: () throws(JournalStoreError) -> Int32,
        _ body: (Int32, Int) throws(JournalStoreError) -> Int
    ) throws(JournalStoreError) {
        try file.withLock { (file) throws(JournalStoreError) in
            let fd: Int32
            if let existing = file.descriptor {
                fd = existing
            } else {
                fd = try open()
                do throws(JournalStoreError) {
                    file.length = try JournalFile.size(fd, path: path)
                } catch {
                    _ = closeDescriptor(fd)
                    throw error
                }
                if !file.evicted { file.descriptor = fd }
            }
            defer { if file.evicted, file.descriptor == nil { _ = closeDescriptor(fd) } }
            file.length = try body(fd, file.length)
        }
    }

    /// Closes the descriptor; called once the handle left the table.
    func evict() {
        file.withLock { file in
            file.evicted = true
            if let fd = file.descriptor { _ = closeDescriptor(fd) }
            file.descriptor = nil
        }
    }
}

private func closeDescriptor(_ fd: Int32) -> Int32 { close(fd) }
