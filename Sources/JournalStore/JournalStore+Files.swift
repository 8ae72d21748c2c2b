public import ChatCore
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The files attached to chats: `chats/<chat id>.files/<file id>`, beside the chat's journal.
///
/// Both names are validated ids (a UUID, 16 hexadecimal digits), never a client's file name, so
/// no path leaves the folder; the folder itself is refused when it is a link. A file is written
/// to a temporary name, forced to the disk and renamed into place (then the folder is synced)
/// before ``storeFile(_:_:of:)`` returns, so an upload the host acknowledged survives a crash.
extension JournalStore {
    func filesFolder(of chat: ChatID) -> String {
        chatsDirectory.appendingPathComponent("\(chat).files", isDirectory: true).path
    }

    public func storeFile(_ bytes: [UInt8], _ file: ChatFileID, of chat: ChatID) throws {
        let folder = filesFolder(of: chat)
        if mkdir(folder, 0o700) == 0 {
            JournalFile.syncDirectory(chatsDirectory.path)
        } else if errno != EEXIST {
            throw JournalStoreError(path: folder, operation: "mkdir", errno: errno)
        }
        try JournalFile.requireRealFolder(folder)
        let path = folder + "/\(file)"
        let temporary = path + ".part"
        let fd = try JournalFile.openForReplacing(temporary)
        do throws(JournalStoreError) {
            defer { JournalFile.close(fd) }
            try JournalFile.write(bytes, to: fd, path: temporary)
            try JournalFile.sync(fd, path: temporary)
        } catch {
            unlink(temporary)
            throw error
        }
        try JournalFile.rename(temporary, to: path)
        JournalFile.syncDirectory(folder)
    }

    public func file(_ file: ChatFileID, of chat: ChatID) throws -> [UInt8] {
        let path = filesFolder(of: chat) + "/\(file)"
        let fd = try JournalFile.openForReadingInData(path)
        defer { JournalFile.close(fd) }
        return try JournalFile.readAll(fd, path: path)
    }

    public func removeFile(_ file: ChatFileID, of chat: ChatID) throws {
        let path = filesFolder(of: chat) + "/\(file)"
        guard unlink(path) == 0 || errno == ENOENT else { throw JournalStoreError(path: path, operation: "unlink", errno: errno) }
    }

    /// Deletes the chat's file folder; a link in its place is removed, never followed.
    func removeFiles(of chat: ChatID) throws {
        let folder = filesFolder(of: chat)
        guard JournalFile.kind(of: folder) != nil else { return }
        try FileManager.default.removeItem(atPath: folder)
    }
}
