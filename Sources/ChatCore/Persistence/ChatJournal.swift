import Foundation
import Locking

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The append-only journal file of one chat: `chats/<id>.jsonl`, one JSON line per event.
///
/// Appending costs one `write` (and with ``FsyncPolicy/always`` one `fsync`), whatever the length
/// of the chat. The file is opened on the first write and closed when the chat ends.
final class ChatJournal: Sendable {
    let url: URL
    private let fsync: FsyncPolicy
    /// The open file descriptor, or `nil` while closed.
    private let descriptor = Locked<Int32?>(nil)

    init(url: URL, fsync: FsyncPolicy) {
        self.url = url
        self.fsync = fsync
    }

    /// Writes `records` in one `write`; returns only once the bytes are with the operating system
    /// (and on disk, with ``FsyncPolicy/always``).
    func append(_ records: [JournalRecord]) throws {
        guard !records.isEmpty else { return }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256 * records.count)
        for record in records { record.write(to: &bytes) }
        try descriptor.withLock { descriptor in
            let fd: Int32
            if let open = descriptor {
                fd = open
            } else {
                fd = try Self.open(url)
                descriptor = fd
            }
            try Self.writeAll(bytes, to: fd, path: url.path)
            if fsync == .always, Glibc.fsync(fd) != 0 {
                throw ChatStorageError(path: url.path, operation: "fsync", errno: errno)
            }
        }
    }

    /// Closes the file; a later append opens it again.
    func close() {
        descriptor.withLock { descriptor in
            if let fd = descriptor { _ = Glibc.close(fd) }
            descriptor = nil
        }
    }

    private static func open(_ url: URL) throws -> Int32 {
        let fd = Glibc.open(url.path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw ChatStorageError(path: url.path, operation: "open", errno: errno) }
        return fd
    }

    private static func writeAll(_ bytes: [UInt8], to fd: Int32, path: String) throws {
        try bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw ChatStorageError(path: path, operation: "write", errno: errno)
                }
                offset += written
            }
        }
    }
}

/// A journal file could not be read or written.
public struct ChatStorageError: Error, CustomStringConvertible {
    public var path: String
    public var operation: String
    public var errno: Int32

    public var description: String { "\(operation) \(path): \(String(cString: strerror(errno)))" }
}
