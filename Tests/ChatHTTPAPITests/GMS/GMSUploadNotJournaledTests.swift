import ChatCore
import ChatHTTPAPI
import Foundation
import GMSChatAPI
import GMSWire
import HTTPServer
import HTTPTesting
import LastCharacterBot
import Logging
import Synchronization
import Testing

/// An upload whose bytes were stored and whose `FileUploaded` message the journal then refused:
/// the customer of the GMS front gets GMS's error for our own failure (500, worth a retry), the
/// bytes are gone, and the transcript and the allowance are as before.
@Suite struct GMSUploadNotJournaledTests {
    /// Keeps records and files in memory; refuses appends while `refusing` is set.
    final class JournalRefusingStore: ChatStore {
        let kept = InMemoryChatStore()
        let refusing = Mutex(false)
        let filesStored = Mutex(0)

        struct Refused: Error {}

        func append(_ records: [JournalRecord], to chat: ChatID) throws {
            if refusing.withLock({ $0 }) { throw Refused() }
            try kept.append(records, to: chat)
        }

        func recover(_ restore: (StoredChat) -> Void) throws { try kept.recover(restore) }

        func storeFile(_ bytes: [UInt8], _ file: ChatFileID, of chat: ChatID) throws {
            try kept.storeFile(bytes, file, of: chat)
            filesStored.withLock { $0 += 1 }
        }

        func file(_ file: ChatFileID, of chat: ChatID) throws -> [UInt8] { try kept.file(file, of: chat) }

        func removeFile(_ file: ChatFileID, of chat: ChatID) throws { try kept.removeFile(file, of: chat) }
    }

    @Test func theCustomerIsToldNothingChanged_andTheBytesAreGone() throws {
        let store = JournalRefusingStore()
        var hostConfiguration = ChatHostConfiguration()
        hostConfiguration.seed = 3
        hostConfiguration.agentJoinDelay = .zero
        hostConfiguration.systemMessageInterval = .zero
        let host = try ChatHost(
            configuration: hostConfiguration, responder: LastCharacterResponder(), clock: ManualClock(), store: store,
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        defer { host.shutdown() }
        var serverConfiguration = HTTPServer.Configuration()
        serverConfiguration.port = 0
        serverConfiguration.workerCount = 1
        serverConfiguration.accessLogLevel = nil
        let server = HTTPServer(configuration: serverConfiguration, handler: ChatAPI(host: host, fronts: [GMSFront(host: host)]))
        let port = try server.start()
        defer { server.stop() }

        let client = GMSTestClient(api: try APIClient(port: port))
        let session = try client.start()
        let chat = try #require(ChatID(validating: session.chatId))
        let before = try client.refresh(session, from: 1).answer?.messages.map(\.type)

        store.refusing.withLock { $0 = true }
        let form = MultipartForm(
            parts: session.fields.map { MultipartForm.Part(name: $0.0, value: $0.1) } + [
                MultipartForm.Part(name: "file", filename: "notes.txt", contentType: "text/plain", body: Array("kept?".utf8))
            ])
        let boundary = MultipartForm.makeBoundary()
        let refused = try client.postBytes(
            "/genesys/2/chat/\(client.service)/\(session.chatId)/file", body: form.encoded(boundary: boundary),
            contentType: MultipartForm.contentType(boundary: boundary))
        #expect(refused.status == 500)
        #expect(refused.code == 500)
        #expect(refused.error?.statusCode == 1, "a failure worth retrying")
        #expect(refused.advice == "Chat \(chat) could not be saved, so the request changed nothing; see the server log.")
        #expect(store.filesStored.withLock { $0 } == 1, "the bytes reached the store before the journal refused")
        #expect(store.kept.fileCount(of: chat) == 0)

        store.refusing.withLock { $0 = false }
        #expect(try client.refresh(session, from: 1).answer?.messages.map(\.type) == before)
        let limits = try client.operation("file/limits", session).answer?.messages.first?.userData
        #expect(limits?["used-upload-max-files"] == "0")
        #expect(limits?["used-upload-max-total-size"] == "0")
    }
}
