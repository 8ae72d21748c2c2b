import ChatCore
import Foundation
import JournalStore
import Testing

/// Attached files on disk: under `chats/<chat>.files/`, named by id, kept across a restart,
/// removed with the chat, never through a planted link.
@Suite struct FileStorageTests {
    static let bytes: [UInt8] = Array("%PDF-1.4 receipt".utf8)

    @Test func anUploadedFile_survivesARestart_underItsChatsFolder() throws {
        let folder = try DataFolder()
        defer { folder.remove() }
        let host = try makeHost(store: try folder.store())
        let chat = try host.requestChat(nickname: "Ann", subject: "receipt")
        let file = try host.uploadFile(named: "../../receipt.pdf", bytes: Self.bytes, to: chat)
        host.shutdown()
        let onDisk = folder.chats.appendingPathComponent("\(chat).files").appendingPathComponent(file.id.description)
        #expect(FileManager.default.contents(atPath: onDisk.path).map(Array.init) == Self.bytes)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path).sorted() == ["chats"])
        let restarted = try makeHost(store: try folder.store())
        defer { restarted.shutdown() }
        #expect(try restarted.file(file.id, of: chat).bytes == Self.bytes)
        #expect(try restarted.file(file.id, of: chat).file.name == "receipt.pdf")
    }

    @Test func deleting_removesTheBytes_andRemovingTheChat_removesTheFolder() throws {
        let folder = try DataFolder()
        defer { folder.remove() }
        let store = try folder.store()
        let host = try makeHost(store: store)
        defer { host.shutdown() }
        let chat = try host.requestChat(nickname: "Ann", subject: "receipt")
        let first = try host.uploadFile(named: "a.pdf", bytes: Self.bytes, to: chat)
        try host.uploadFile(named: "b.pdf", bytes: Self.bytes, to: chat)
        let files = folder.chats.appendingPathComponent("\(chat).files")
        try host.deleteFile(first.id, of: chat)
        #expect(try FileManager.default.contentsOfDirectory(atPath: files.path).count == 1)
        try store.remove(chat)
        #expect(!FileManager.default.fileExists(atPath: files.path))
        #expect(!FileManager.default.fileExists(atPath: folder.journal(chat).path))
    }

    @Test func aReset_removesEveryChatsFiles() throws {
        let folder = try DataFolder()
        defer { folder.remove() }
        let store = try folder.store()
        let host = try makeHost(store: store)
        defer { host.shutdown() }
        let chat = try host.requestChat(nickname: "Ann", subject: "receipt")
        try host.uploadFile(named: "a.pdf", bytes: Self.bytes, to: chat)
        try host.reset()
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.chats.path).isEmpty)
    }

    @Test func aLinkPlantedAsTheFilesFolder_isRefused_andNothingIsWrittenOutside() throws {
        let folder = try DataFolder()
        let outside = try DataFolder()
        defer {
            folder.remove()
            outside.remove()
        }
        let host = try makeHost(store: try folder.store())
        defer { host.shutdown() }
        let chat = try host.requestChat(nickname: "Ann", subject: "receipt")
        try FileManager.default.createSymbolicLink(
            atPath: folder.chats.appendingPathComponent("\(chat).files").path, withDestinationPath: outside.url.path)
        #expect(throws: ChatError.self) { try host.uploadFile(named: "a.pdf", bytes: Self.bytes, to: chat) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside.url.path).isEmpty)
        #expect(try host.fileUsage(of: chat).uploads == 0)
    }
}
