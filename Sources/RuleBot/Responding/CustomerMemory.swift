import Foundation
import Locking

/// Variables a rules bot keeps per customer across chats (`set customer.NAME = …`, read as
/// `{$customer.NAME}`), keyed by the customer's nickname or a `userData` value
/// (`option customer-key …`). One store serves every chat of a bot, from any thread.
public protocol CustomerMemoryStore: Sendable {
    /// The customer's variables, by name.
    func values(for customer: String) -> [String: String]
    /// Sets (or, with `nil`, removes) variables of a customer; the change is kept before this
    /// returns.
    func update(_ changes: [String: String?], for customer: String)
    /// Forgets every customer (a reset between tests); kept before this returns.
    func forgetAll()
}

/// Customer variables kept in memory, for as long as the bot is loaded (tests, `chat`).
public final class InMemoryCustomerMemory: CustomerMemoryStore {
    private let customers = Locked<[String: [String: String]]>([:])

    public init() {}

    public func values(for customer: String) -> [String: String] { customers.withLock { $0[customer] ?? [:] } }

    public func update(_ changes: [String: String?], for customer: String) {
        customers.withLock { customers in
            for (name, value) in changes { customers[customer, default: [:]][name] = value }
        }
    }

    public func forgetAll() { customers.withLock { $0 = [:] } }
}

/// Customer variables kept in a file that survives restarts: an append-only log of
/// `customer TAB name TAB value` lines (tabs, line breaks and backslashes escaped; an empty value
/// removes the variable), replayed when the store opens, flushed to disk on every change.
public final class FileCustomerMemory: CustomerMemoryStore {
    public let path: String
    private let memory = InMemoryCustomerMemory()
    private let file = Locked<FileHandle?>(nil)

    /// Opens (or creates) the log at `path`, creating its folder; a torn or malformed line is skipped.
    public init(path: String) throws {
        self.path = path
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        if !FileManager.default.fileExists(atPath: path) { _ = FileManager.default.createFile(atPath: path, contents: nil) }
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map { Self.unescape($0) }
            guard fields.count == 3 else { continue }
            memory.update([fields[1]: fields[2].isEmpty ? nil : fields[2]], for: fields[0])
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        file.withLock { $0 = handle }
    }

    deinit { file.withLock { try? $0?.close() } }

    public func values(for customer: String) -> [String: String] { memory.values(for: customer) }

    public func update(_ changes: [String: String?], for customer: String) {
        guard !changes.isEmpty else { return }
        let lines = changes.sorted { $0.key < $1.key }.map { "\(Self.escape(customer))\t\(Self.escape($0.key))\t\(Self.escape($0.value ?? ""))\n" }.joined()
        file.withLock { handle in
            try? handle?.write(contentsOf: Data(lines.utf8))
            try? handle?.synchronize()
            memory.update(changes, for: customer)
        }
    }

    /// Empties the file (as a new one) and the memory.
    public func forgetAll() {
        file.withLock { handle in
            try? handle?.truncate(atOffset: 0)
            try? handle?.synchronize()
            memory.forgetAll()
        }
    }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\t", with: "\\t").replacingOccurrences(of: "\n", with: "\\n")
    }

    private static func unescape(_ text: Substring) -> String {
        var result = "", escaping = false
        for character in text {
            if escaping {
                result.append(character == "t" ? "\t" : character == "n" ? "\n" : character)
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else {
                result.append(character)
            }
        }
        return result
    }
}
