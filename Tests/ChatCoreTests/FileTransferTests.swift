import ChatCore
import Foundation
import LastCharacterBot
import Locking
import Logging
import Testing

/// Files attached to a chat: limits, hostile names, the transcript's FileUploaded / FileDeleted,
/// the bot's event, and files kept and removed with the chat.
@Suite struct FileTransferTests {
    static func host(limits: ChatFileLimits = ChatFileLimits(), store: (any ChatStore)? = InMemoryChatStore(), clock: ManualClock = ManualClock())
        throws -> ChatHost
    {
        var configuration = ChatHostConfiguration.instant(seed: 7)
        configuration.fileLimits = limits
        return try ChatHost(
            configuration: configuration, responder: LastCharacterResponder(), clock: clock, store: store,
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
    }

    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 13, 10, 26, 10, 0, 1, 2]

    @Test func anUpload_isInTheTranscript_andDownloadsAsSent() throws {
        let host = try Self.host()
        defer { host.shutdown() }
        let chat = try host.requestChat(nickname: "Ann", subject: "photo")
        let file = try host.uploadFile(named: "cat.PNG", bytes: Self.png, to: chat)
        #expect(file.name == "cat.PNG")
        #expect(file.size == Self.png.count)
        #expect(file.contentType == "image/png")
        #expect(ChatFileID(validating: file.id.description) == file.id)
        let message = try #require(try host.allMessages(chat).last)
        #expect(message.kind == .fileUploaded)
        #expect(message.from.kind == .customer)
        #expect(message.file == file)
        #expect(message.text == "cat.PNG")
        let downloaded = try host.file(file.id, of: chat)
        #expect(downloaded.bytes == Self.png)
        #expect(downloaded.file == file)
        #expect(try host.fileUsage(of: chat) == ChatHost.FileUsage(uploads: 1, uploadedBytes: Self.png.count, files: [file]))
    }

    /// Each refused upload: the code, a message that names the problem, and nothing kept.
    @Test(arguments: [
        ("evil.exe", 10, ChatError.Code.invalidParameter, "'exe'"),
        ("noextension", 10, .invalidParameter, "(none)"),
        ("big.png", 101, .invalidParameter, "at most 100"),
        ("empty.png", 0, .invalidParameter, "empty"),
        ("../../", 10, .invalidParameter, "no name"),
        ("..", 10, .invalidParameter, "no name"),
        ("a\u{0}.png", 10, .invalidParameter, "control character"),
        ("line\nbreak.png", 10, .invalidParameter, "control character"),
        (String(repeating: "n", count: 300) + ".png", 10, .invalidParameter, "at most 255"),
    ])
    func refusedUploads_sayWhy_andKeepNothing(name: String, size: Int, code: ChatError.Code, says: String) throws {
        let store = InMemoryChatStore()
        let host = try Self.host(limits: ChatFileLimits(maxFileBytes: 100), store: store)
        defer { host.shutdown() }
        let chat = try host.requestChat(nickname: "Ann", subject: "photo")
        let before = try host.allMessages(chat)
        do {
            try host.uploadFile(named: name, bytes: Array(repeating: 1, count: size), to: chat)
            Issue.record("\(name.prefix(20)) was accepted")
        } catch {
            #expect(error.code == code)
            #expect(error.message.contains(says), "\(error.message)")
        }
        #expect(try host.allMessages(chat) == before)
        #expect(store.fileCount(of: chat) == 0)
        #expect(try host.fileUsage(of: chat).uploads == 0)
    }

    @Test func traversalInTheName_isCutToItsLastComponent_neverAPath() throws {
        let store = InMemoryChatStore()
        let host = try Self.host(store: store)
        defer { host.shutdown() }
        let chat = try host.requestChat(nickname: "Ann", subject: "photo")
        let unix = try host.uploadFile(named: "../../../etc/passwd.txt", bytes: [1], to: chat)
        let windows = try host.uploadFile(named: #"C:\Users\ann\..\photo.png"#, bytes: [2], to: chat)
        #expect(unix.name == "passwd.txt")
        #expect(windows.name == "photo.png")
        #expect(store.fileCount(of: chat) == 2)
    }

    @Test func countAndTotalLimits_areReached_andDeletingDoesNotGiveThemBack() throws {
        let host = try Self.host(limits: ChatFileLimits(maxFileBytes: 100, maxFilesPerChat: 2, maxTotalBytes: 150))
        defer { host.shutdown() }
        let chat = try host.requestChat(nickname: "Ann", subject: "photo")
        let first = try host.uploadFile(named: "a.txt", bytes: Array(repeating: 1, count: 100), to: chat)
        #expect(throws: ChatError(.limitReached, "Uploads of this chat would total 160 bytes; at most 150 are accepted.")) {
            try host.uploadFile(named: "b.txt", bytes: Array(repeating: 1, count: 60), to: chat)
        }
        try host.uploadFile(named: "b.txt", bytes: Array(repeating: 1, count: 50), to: chat)
        try host.deleteFile(first.id, of: chat)
        #expect(throws: ChatError(.limitReached, "This chat has had its 2 uploads.")) {
            try host.uploadFile(named: "c.txt", bytes: [1], to: chat)
        }
        #expect(try host.fileUsage(of: chat).files.map(\.name) == ["b.txt"])
    }

    @Test func deleting_addsFileDeleted_andTheFileIsGone() throws {
        let store = InMemoryChatStore()
        let host = try Self.host(store: store)
        defer { host.shutdown() }
        let chat = try host.requestChat(nickname: "Ann", subject: "photo")
        let file = try host.uploadFile(named: "cat.png", bytes: Self.png, to: chat)
        try host.deleteFile(file.id, of: chat)
        let last = try #require(try host.allMessages(chat).last)
        #expect(last.kind == .fileDeleted)
        #expect(last.file == file)
        #expect(store.fileCount(of: chat) == 0)
        #expect(throws: ChatError(.notFound, "Chat \(chat) has no file \(file.id).")) { _ = try host.file(file.id, of: chat) }
        #expect(throws: ChatError(.notFound, "Chat \(chat) has no file \(file.id).")) { try host.deleteFile(file.id, of: chat) }
    }

    /// The bytes were stored, then the journal refused the `FileUploaded` message: the bytes go
    /// again, the transcript and the allowance are as before, and the customer is told that
    /// nothing changed.
    @Test func anUploadWhoseMessageTheJournalRefused_removesTheFile_andSaysSo() throws {
        let store = RefusingStore()
        let host = try Self.host(store: store)
        defer { host.shutdown() }
        let chat = try host.requestChat(nickname: "Ann", subject: "photo")
        let before = try host.allMessages(chat)
        store.refusing.withLock { $0 = true }
        #expect(throws: ChatError(.internalFailure, "Chat \(chat) could not be saved, so the request changed nothing; see the server log.")) {
            try host.uploadFile(named: "cat.png", bytes: Self.png, to: chat)
        }
        #expect(store.filesStored.withLock { $0 } == 1, "the bytes reached the store before the journal refused")
        #expect(store.kept.fileCount(of: chat) == 0)
        #expect(try host.allMessages(chat) == before)
        #expect(try host.fileUsage(of: chat) == ChatHost.FileUsage(uploads: 0, uploadedBytes: 0, files: []))

        store.refusing.withLock { $0 = false }
        let file = try host.uploadFile(named: "cat.png", bytes: Self.png, to: chat)
        #expect(store.kept.fileCount(of: chat) == 1)
        #expect(try host.file(file.id, of: chat).bytes == Self.png)
    }

    @Test func anEndedChat_takesNoFiles() throws {
        let host = try Self.host()
        defer { host.shutdown() }
        let chat = try host.requestChat(nickname: "Ann", subject: "photo")
        try host.complete(chat)
        #expect(throws: ChatError(.invalidState, "Files cannot be uploaded to a chat that has ended.")) {
            try host.uploadFile(named: "cat.png", bytes: Self.png, to: chat)
        }
    }

    @Test func fileTransferTurnedOff_refusesEveryUpload() throws {
        let host = try Self.host(limits: ChatFileLimits(maxFilesPerChat: 0))
        defer { host.shutdown() }
        let chat = try host.requestChat(nickname: "Ann", subject: "photo")
        #expect(throws: ChatError(.limitReached, "File transfer is turned off on this server.")) {
            try host.uploadFile(named: "cat.png", bytes: Self.png, to: chat)
        }
    }

    @Test func aRestartedHost_keepsTheFiles_andTheirMessages() throws {
        let store = InMemoryChatStore()
        let first = try Self.host(store: store)
        let chat = try first.requestChat(nickname: "Ann", subject: "photo")
        let file = try first.uploadFile(named: "cat.png", bytes: Self.png, to: chat)
        first.shutdown()
        let second = try Self.host(store: store)
        defer { second.shutdown() }
        #expect(try second.file(file.id, of: chat).bytes == Self.png)
        #expect(try second.allMessages(chat).last?.file == file)
    }

    @Test func theBot_isToldOfAnUpload_withTheFilesName() throws {
        let seen = EventLog()
        let clock = ManualClock()
        let host = try ChatHost(configuration: .instant(), responder: seen, clock: clock, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        defer { host.shutdown() }
        let chat = try host.requestChat(nickname: "Ann", subject: "photo")
        clock.runUntilIdle()
        try host.uploadFile(named: "receipt.pdf", bytes: [1, 2, 3], to: chat)
        clock.runUntilIdle()
        #expect(seen.events.contains(ChatEvent(.customerFileUploaded, text: "receipt.pdf")))
        #expect(try host.texts(chat, from: .agent).contains("Got your file receipt.pdf"))
    }

    @Test func removingAnEndedChat_removesItsFiles() throws {
        let store = InMemoryChatStore()
        let clock = ManualClock()
        var configuration = ChatHostConfiguration()
        configuration.agentJoinDelay = .zero
        configuration.systemMessageInterval = .zero
        configuration.completedChatRetention = .seconds(60)
        let host = try ChatHost(configuration: configuration, responder: LastCharacterResponder(), clock: clock, store: store, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        defer { host.shutdown() }
        let chat = try host.requestChat(nickname: "Ann", subject: "photo")
        try host.uploadFile(named: "cat.png", bytes: Self.png, to: chat)
        try host.complete(chat)
        clock.runUntilIdle()
        #expect(store.fileCount(of: chat) == 1)
        clock.advance(by: .seconds(61))
        #expect(throws: ChatError.self) { _ = try host.chat(chat) }
        #expect(store.fileCount(of: chat) == 0)
    }
}

/// A responder that notes every event and answers an upload by naming the file.
private final class EventLog: Responder, Sendable {
    private let seen = Locked<[ChatEvent]>([])
    var events: [ChatEvent] { seen.withLock { $0 } }
    var agentNickname: String { "Files" }

    func respond(to event: ChatEvent, context: inout ResponderContext) -> AgentReply {
        seen.withLock { $0.append(event) }
        if event.kind == .customerFileUploaded { return AgentReply([.say("Got your file \(event.text ?? "?")")]) }
        return AgentReply()
    }
}
