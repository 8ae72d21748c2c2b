import ChatCore
import ChatStoreChecks
import Foundation
import Synchronization
import Testing

/// A ChatStore of your own: here every chat is one file of journal lines in a folder (a sketch:
/// no fsync, and a torn last line fails the recovery; `JournalStore` does both properly).
final class FolderStore: ChatStore {
    let folder: URL
    private let writing = Mutex(())

    init(folder: URL) throws {
        self.folder = folder
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    func append(_ records: [JournalRecord], to chat: ChatID) throws {
        var bytes: [UInt8] = []
        for record in records { record.appendLine(to: &bytes) }
        let file = folder.appendingPathComponent("\(chat)")
        try writing.withLock { _ in
            if !FileManager.default.fileExists(atPath: file.path) { _ = FileManager.default.createFile(atPath: file.path, contents: nil) }
            let handle = try FileHandle(forWritingTo: file)
            defer { try? handle.close() }
            try handle.seekToEnd()
            try handle.write(contentsOf: bytes)
        }
    }

    func recover(_ restore: (StoredChat) -> Void) throws {
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            guard let id = ChatID(validating: name) else { continue }
            let bytes = [UInt8](try Data(contentsOf: folder.appendingPathComponent(name)))
            let records = try bytes.split(separator: UInt8(ascii: "\n")).map { try JournalRecord(line: $0) }
            restore(StoredChat(id: id, records: records))
        }
    }
}

/// ChatStoreChecks restarts hosts on the store and checks they get back the chats they ran.
@Test func folderStore_keepsWhatARestartedHostNeeds() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("folder-store-\(UUID())")
    defer { try? FileManager.default.removeItem(at: folder) }
    let failures = ChatStoreConformance.check(
        open: { try FolderStore(folder: folder) },
        erase: { try? FileManager.default.removeItem(at: folder) })
    #expect(failures.isEmpty, "\(failures)")
}
