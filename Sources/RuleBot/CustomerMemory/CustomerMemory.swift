import Foundation
import Locking

/// Variables a rules bot keeps per customer across chats (`set customer.NAME = …`, read as
/// `{$customer.NAME}`), keyed by the customer's nickname or a `userData` value
/// (`option customer-key …`). One store serves every chat of a bot, from any thread.
///
/// Customers are told apart by the bytes of their key: `Zoë` typed with one code point and `Zoë`
/// typed as `e` + U+0308 are two customers (as they are two nicknames on the wire).
public protocol CustomerMemoryStore: Sendable {
    /// The customer's variables, by name.
    func values(for customer: String) -> [String: String]

    /// One turn of a customer: `body` gets the customer's variables and returns what it changed
    /// (a `nil` value removes a variable). No other turn of the same customer runs meanwhile, so
    /// concurrent chats of one customer never lose each other's updates; the changes are kept (on
    /// disk, for a file store) before this returns.
    /// - Throws: when the changes could not be kept; then nothing changed.
    func withCustomer<Result>(_ customer: String, _ body: ([String: String]) -> (result: Result, changes: [String: String?])) throws(CustomerMemoryError) -> Result

    /// Forgets every customer (the emulator's reset).
    func removeAll() throws(CustomerMemoryError)
}

extension CustomerMemoryStore {
    /// Sets (or, with `nil`, removes) variables of a customer; the change is kept before this
    /// returns.
    package func update(_ changes: [String: String?], for customer: String) throws(CustomerMemoryError) {
        try withCustomer(customer) { _ in ((), changes) }
    }
}

/// Customer memory could not be kept (a write to its file failed): the turn that changed it
/// changed nothing.
public struct CustomerMemoryError: Error, Sendable, CustomStringConvertible {
    /// The file concerned.
    public var path: String
    /// What failed and why, such as `write customers/support.tsv: No space left on device`.
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "customer memory \(path): \(reason)" }
}

/// A customer's key as bytes: compared byte for byte, never by Unicode equivalence (Swift's
/// `String` equality would merge nicknames that differ only by normalisation).
struct CustomerKey: Hashable, Sendable {
    let bytes: [UInt8]
    init(_ text: String) { bytes = Array(text.utf8) }
    init(bytes: [UInt8]) { self.bytes = bytes }
    var text: String { String(decoding: bytes, as: UTF8.self) }
}

/// Customer variables kept in memory, for as long as the bot is loaded (tests, `chat`).
public final class InMemoryCustomerMemory: CustomerMemoryStore {
    private let customers = Locked<[CustomerKey: [String: String]]>([:])
    private let turns = CustomerTurns()

    public init() {}

    public func values(for customer: String) -> [String: String] { customers.withLock { $0[CustomerKey(customer)] ?? [:] } }

    public func withCustomer<Result>(_ customer: String, _ body: ([String: String]) -> (result: Result, changes: [String: String?])) throws(CustomerMemoryError) -> Result {
        let key = CustomerKey(customer)
        return turns.exclusive(key) {
            let (result, changes) = body(customers.withLock { $0[key] ?? [:] })
            customers.withLock { $0[key] = CustomerValues.applying(changes, to: $0[key]) }
            return result
        }
    }

    public func removeAll() throws(CustomerMemoryError) { customers.withLock { $0.removeAll() } }
}

enum CustomerValues {
    /// `values` with `changes` applied; `nil` when no variable is left.
    static func applying(_ changes: [String: String?], to values: [String: String]?) -> [String: String]? {
        var values = values ?? [:]
        for (name, value) in changes { values[name] = value }
        return values.isEmpty ? nil : values
    }
}
