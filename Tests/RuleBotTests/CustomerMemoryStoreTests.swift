import BotTesting
import ChatCore
import Foundation
import Locking
@testable import RuleBot
import Testing

/// The customer memory file survives what goes wrong around it: a failed write, a torn or
/// damaged line, values with any bytes, concurrent chats of one customer, a long history.
@Suite struct CustomerMemoryStoreTests {
    static let rules = CustomerMemoryTests.visits

    /// A folder for one test's files, removed by `remove()`.
    struct Folder {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("customer-memory-\(UUID())")
        var file: String { url.appendingPathComponent("customers/t.tsv").path }
        func remove() { try? FileManager.default.removeItem(at: url) }
        func write(_ bytes: [UInt8]) throws {
            try FileManager.default.createDirectory(at: url.appendingPathComponent("customers"), withIntermediateDirectories: true)
            try Data(bytes).write(to: URL(fileURLWithPath: file))
        }
        func lines() throws -> [String] {
            try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        }
    }

    static func book() throws -> RuleBook { try RuleBookLoader.compile(text: rules, name: "t.rules") }

    // MARK: Point 6: a failed write fails the turn; a damaged line is skipped, not the file

    /// Fails every turn that changes something while `failing` is set.
    final class RefusingStore: CustomerMemoryStore {
        let inner = InMemoryCustomerMemory()
        let failing = Locked(true)
        func values(for customer: String) -> [String: String] { inner.values(for: customer) }
        func withCustomer<Result>(_ customer: String, _ body: ([String: String]) -> (result: Result, changes: [String: String?])) throws(CustomerMemoryError) -> Result {
            var refused = false
            let result = try inner.withCustomer(customer) { values in
                let (result, changes) = body(values)
                refused = !changes.isEmpty && failing.withLock { $0 }
                return (result, refused ? [:] : changes)
            }
            if refused { throw CustomerMemoryError(path: "customers/t.tsv", reason: "write customers/t.tsv: No space left on device") }
            return result
        }
        func removeAll() throws(CustomerMemoryError) { try inner.removeAll() }
    }

    @Test func aFailedWrite_failsTheTurnVisibly_andTheReplyGoesOutOnlyOnceTheChangeIsKept() throws {
        let store = RefusingStore()
        let log = LogCapture()
        let chat = try TestChat(responder: RuleResponder(book: try Self.book(), customers: store), nickname: "Ann", logger: log.logger)
        chat.advance(by: .seconds(10))
        #expect(chat.agentReplies.isEmpty, "no greeting while its customer.visits cannot be written")
        #expect(store.values(for: "Ann").isEmpty)
        let errors = log.all.filter { $0.hasPrefix("error:") && $0.contains("the bot could not answer") && $0.contains("No space left on device") }
        #expect(errors.count >= 2, "each failed turn is logged, and the turn is tried again: \(log.all)")
        store.failing.withLock { $0 = false }
        #expect(chat.waitForAgentText(within: .seconds(2)) == "Hello Ann, first time here?")
        #expect(store.values(for: "Ann") == ["visits": "1"])
        #expect(chat.agentReplies.count == 1)
    }

    @Test func anInvalidUTF8Tail_losesOnlyItsLine_andIsLogged() throws {
        let folder = Folder()
        defer { folder.remove() }
        try folder.write(Array("Ann\tvisits\t3\nBob\tvisits\t7\n".utf8) + [0x43, 0x61, 0x74, 0x09, 0xC3, 0x28, 0x0A] + Array("Dan\tvisits\t2\n".utf8) + [0x45, 0x76, 0xE2, 0x82])
        let log = LogCapture()
        let store = try FileCustomerMemory(path: folder.file, logger: log.logger)
        #expect(store.values(for: "Ann") == ["visits": "3"])
        #expect(store.values(for: "Bob") == ["visits": "7"])
        #expect(store.values(for: "Dan") == ["visits": "2"], "a line after a damaged one is read")
        let damage = log.all.filter { $0.hasPrefix("error:") && $0.contains("damaged line skipped") }
        #expect(damage.count == 2, "\(log.all)")
        #expect(damage.contains { $0.contains("line=3") && $0.contains("UTF-8") })
        #expect(damage.contains { $0.contains("line=5") && $0.contains("no line feed") })
        try store.update(["visits": "4"], for: "Ann")
        let reopened = try FileCustomerMemory(path: folder.file)
        #expect(reopened.values(for: "Ann") == ["visits": "4"], "the change after a torn tail is a line of its own")
        #expect(reopened.values(for: "Dan") == ["visits": "2"])
    }

    // MARK: Point 7: a value ending in CR

    @Test func aValueEndingInCarriageReturn_keepsTheNextCustomersLine() throws {
        let folder = Folder()
        defer { folder.remove() }
        do {
            let store = try FileCustomerMemory(path: folder.file)
            try store.update(["note": "ends in CR\r"], for: "Ann")
            try store.update(["visits": "2"], for: "Bob")
            try store.update(["note": "\r\n\t\\r"], for: "Cy")
        }
        let reopened = try FileCustomerMemory(path: folder.file)
        #expect(reopened.values(for: "Ann") == ["note": "ends in CR\r"])
        #expect(reopened.values(for: "Bob") == ["visits": "2"])
        #expect(reopened.values(for: "Cy") == ["note": "\r\n\t\\r"])
        // A file written before CR was escaped: the raw CR stays in the value.
        try folder.write(Array("Ann\tnote\tends in CR\r\nBob\tvisits\t2\n".utf8))
        let legacy = try FileCustomerMemory(path: folder.file)
        #expect(legacy.values(for: "Bob") == ["visits": "2"])
        #expect(legacy.values(for: "Ann") == ["note": "ends in CR\r"])
    }

    // MARK: Point 8: concurrent chats of one customer

    @Test(arguments: [false, true])
    func concurrentChatsOfOneCustomer_loseNoUpdate(onDisk: Bool) throws {
        let folder = Folder()
        defer { folder.remove() }
        let store: any CustomerMemoryStore = onDisk ? try FileCustomerMemory(path: folder.file) : InMemoryCustomerMemory()
        let responder = RuleResponder(book: try Self.book(), customers: store)
        let view = ChatView(id: ChatID(UUID()), state: .chatting, customerNickname: "Ann", subject: "s", userData: [:], agentNickname: "A", messages: [])
        DispatchQueue.concurrentPerform(iterations: 60) { index in
            var context = ResponderContext(chat: view, random: ChatRandom(seed: UInt64(index)), now: Date())
            _ = responder.respond(to: .agentJoined, context: &context)
        }
        #expect(store.values(for: "Ann") == ["visits": "60"])
        let sixtyFirst = try TestChat(responder: responder, nickname: "Ann")
        #expect(sixtyFirst.waitForAgentText() == "Welcome back, Ann! Visit 61.")
    }

    // MARK: Point 9: compaction

    @Test func theFile_isCompacted_whileRunningAndAtStart() throws {
        let folder = Folder()
        defer { folder.remove() }
        do {
            let store = try FileCustomerMemory(path: folder.file, compactionSlack: 10)
            for visit in 1...200 { try store.update(["visits": "\(visit)"], for: "Ann") }
            try store.update(["colour": "green"], for: "Bob")
            let lines = try folder.lines().count - 1
            #expect(lines <= 2 * 2 + 10, "201 changes of 2 variables compacted as they come: \(lines) lines")
            #expect(try FileCustomerMemory(path: folder.file).values(for: "Ann") == ["visits": "200"])
        }
        // A file that grew elsewhere (an older version appended for ever) is compacted at start.
        var grown: [UInt8] = []
        for visit in 1...3_000 { grown += Array("Ann\tvisits\t\(visit)\n".utf8) }
        grown += Array("Bob\tcolour\tgreen\nBob\tgone\tx\nBob\tgone\t\n".utf8)
        try folder.write(grown)
        let store = try FileCustomerMemory(path: folder.file)
        #expect(try folder.lines() == ["Ann\tvisits\t3000", "Bob\tcolour\tgreen", ""])
        #expect(store.values(for: "Ann") == ["visits": "3000"])
        #expect(store.values(for: "Bob") == ["colour": "green"])
        try store.update(["visits": "3001"], for: "Ann")
        #expect(try FileCustomerMemory(path: folder.file).values(for: "Ann") == ["visits": "3001"])
    }

    @Test func removeAll_forgetsEveryCustomer_onDiskToo() throws {
        let folder = Folder()
        defer { folder.remove() }
        let store = try FileCustomerMemory(path: folder.file)
        try store.update(["visits": "2"], for: "Ann")
        try store.removeAll()
        #expect(store.values(for: "Ann").isEmpty)
        try store.update(["visits": "1"], for: "Bob")
        let reopened = try FileCustomerMemory(path: folder.file)
        #expect(reopened.values(for: "Ann").isEmpty)
        #expect(reopened.values(for: "Bob") == ["visits": "1"])
    }

    // MARK: Issue 19 point 15: customers are told apart by bytes

    @Test(arguments: [false, true])
    func nicknamesDifferingOnlyByNormalisation_areTwoCustomers(onDisk: Bool) throws {
        let folder = Folder()
        defer { folder.remove() }
        let composed = "Zo\u{EB}", decomposed = "Zoe\u{308}"
        #expect(composed == decomposed, "Swift's String equality would merge them")
        let store: any CustomerMemoryStore = onDisk ? try FileCustomerMemory(path: folder.file) : InMemoryCustomerMemory()
        try store.update(["visits": "5"], for: composed)
        #expect(store.values(for: decomposed).isEmpty)
        try store.update(["visits": "1"], for: decomposed)
        let reread = onDisk ? try FileCustomerMemory(path: folder.file) : store
        #expect(reread.values(for: composed) == ["visits": "5"])
        #expect(reread.values(for: decomposed) == ["visits": "1"])
    }

    // MARK: Point 4: symbolic links in the data folder

    @Test func aLinkPlantedAsTheFile_orItsFolder_isNeverFollowed() throws {
        let folder = Folder()
        defer { folder.remove() }
        let outside = folder.url.appendingPathComponent("outside.txt")
        try FileManager.default.createDirectory(at: folder.url.appendingPathComponent("customers"), withIntermediateDirectories: true)
        try "precious\n".write(to: outside, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: folder.file, withDestinationPath: outside.path)
        #expect(throws: CustomerMemoryError.self) { try FileCustomerMemory(path: folder.file) }
        #expect(try String(contentsOf: outside, encoding: .utf8) == "precious\n")

        let elsewhere = folder.url.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        let linkedFolder = folder.url.appendingPathComponent("linked")
        try FileManager.default.createSymbolicLink(atPath: linkedFolder.path, withDestinationPath: elsewhere.path)
        let error = #expect(throws: CustomerMemoryError.self) { try FileCustomerMemory(path: linkedFolder.appendingPathComponent("t.tsv").path) }
        #expect(error?.description.contains("symbolic link") == true, "\(String(describing: error))")
        #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere.path).isEmpty)
    }
}
