#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The system calls on the files the server writes in its data folder (journals, customer
/// memories, the log), in one place. Every open for writing uses `O_NOFOLLOW`: a symbolic link
/// planted in the data folder is never followed, so nothing outside it is read, written or
/// truncated.
package enum JournalFile {
    /// Opens a journal for appending, creating it if needed.
    package static func openForAppending(_ path: String) throws(JournalStoreError) -> Int32 {
        try openRegularFile(path, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW)
    }

    /// Opens a new file to write from scratch (emptied if it exists; a link is refused).
    package static func openForReplacing(_ path: String) throws(JournalStoreError) -> Int32 {
        try openRegularFile(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW)
    }

    /// Opens an existing file for reading without following a link; non-blocking, so a FIFO
    /// cannot hang the caller.
    package static func openForReadingInData(_ path: String) throws(JournalStoreError) -> Int32 {
        try openRegularFile(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK)
    }

    /// Renames `from` to `to` (replacing `to`, even a link, without following it).
    package static func rename(_ from: String, to: String) throws(JournalStoreError) {
        guard Glibc.rename(from, to) == 0 else { throw JournalStoreError(path: to, operation: "rename", errno: errno) }
    }

    /// Throws unless `path` is a folder itself, not a symbolic link to one (nor a file).
    package static func requireRealFolder(_ path: String) throws(JournalStoreError) {
        let found = kind(of: path)
        guard found == "directory" else {
            throw JournalStoreError(path: path, operation: "open", errno: found == nil ? ENOENT : ENOTDIR, detail: found.map { "a \($0), not a folder: refused so that nothing outside the data folder is written" })
        }
    }

    /// Opens a journal for recovery (reading, and cutting off a torn last line). Non-blocking, so
    /// that a FIFO named like a journal cannot hang the start.
    static func openForRecovery(_ path: String) throws(JournalStoreError) -> Int32 {
        try openRegularFile(path, O_RDWR | O_NOFOLLOW | O_NONBLOCK)
    }

    /// Opens any file for reading (a path a user named: links are followed).
    static func openForReading(_ path: String) throws(JournalStoreError) -> Int32 {
        try openRegularFile(path, O_RDONLY | O_NONBLOCK)
    }

    /// Opens `path` with `flags`, and keeps the descriptor only if it is a regular file.
    private static func openRegularFile(_ path: String, _ flags: Int32) throws(JournalStoreError) -> Int32 {
        let fd = open(path, flags | O_CLOEXEC | O_NOCTTY, 0o644)
        guard fd >= 0 else { throw JournalStoreError(path: path, operation: "open", errno: errno) }
        guard isRegularFile(fd) else {
            _ = Glibc.close(fd)
            throw JournalStoreError(path: path, operation: "open", errno: EINVAL, detail: "not a regular file")
        }
        return fd
    }

    package static func close(_ fd: Int32) { _ = Glibc.close(fd) }

    package static func isRegularFile(_ fd: Int32) -> Bool {
        var status = stat()
        return fstat(fd, &status) == 0 && (status.st_mode & S_IFMT) == S_IFREG
    }

    package static func size(_ fd: Int32, path: String) throws(JournalStoreError) -> Int {
        var status = stat()
        guard fstat(fd, &status) == 0 else { throw JournalStoreError(path: path, operation: "fstat", errno: errno) }
        return Int(status.st_size)
    }

    /// The whole file, read with `read` into one buffer.
    package static func readAll(_ fd: Int32, path: String) throws(JournalStoreError) -> [UInt8] {
        // One byte more than the size, so that the read that finds the end needs no new buffer.
        var bytes = [UInt8](repeating: 0, count: try size(fd, path: path) + 1)
        var filled = 0
        while true {
            if filled == bytes.count { bytes.append(contentsOf: repeatElement(0, count: max(4096, bytes.count))) }
            let count = bytes.withUnsafeMutableBytes { buffer in
                read(fd, buffer.baseAddress! + filled, buffer.count - filled)
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw JournalStoreError(path: path, operation: "read", errno: errno)
            }
            if count == 0 { break }
            filled += count
        }
        bytes.removeSubrange(filled...)
        return bytes
    }

    package static func write(_ bytes: [UInt8], to fd: Int32, path: String) throws(JournalStoreError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw JournalStoreError(path: path, operation: "write", errno: errno)
            }
            offset += written
        }
    }

    package static func sync(_ fd: Int32, path: String) throws(JournalStoreError) {
        guard fsync(fd) == 0 else { throw JournalStoreError(path: path, operation: "fsync", errno: errno) }
    }

    package static func truncate(_ fd: Int32, to length: Int, path: String) throws(JournalStoreError) {
        guard ftruncate(fd, off_t(length)) == 0 else { throw JournalStoreError(path: path, operation: "truncate", errno: errno) }
    }

    /// Makes a new file's entry in `directory` durable.
    package static func syncDirectory(_ directory: String) {
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        _ = Glibc.close(fd)
    }

    /// What an entry of `chats/` is, without following a symbolic link.
    package static func kind(of path: String) -> String? {
        var status = stat()
        guard lstat(path, &status) == 0 else { return nil }
        switch status.st_mode & S_IFMT {
        case S_IFREG: return "file"
        case S_IFDIR: return "directory"
        case S_IFLNK: return "symbolic link"
        case S_IFIFO: return "FIFO"
        case S_IFSOCK: return "socket"
        default: return "device"
        }
    }
}

/// A journal file could not be opened, read or written.
public struct JournalStoreError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var operation: String
    public var errno: Int32
    /// What went wrong, when `errno` alone does not say it.
    public var detail: String?

    package init(path: String, operation: String, errno: Int32, detail: String? = nil) {
        self.path = path
        self.operation = operation
        self.errno = errno
        self.detail = detail
    }

    public var description: String { "\(operation) \(path): \(detail ?? String(cString: strerror(errno)))" }
}
