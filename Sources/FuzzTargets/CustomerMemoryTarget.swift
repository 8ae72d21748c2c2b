import Foundation
import RuleBot

/// Property: a rules bot's customer memory opens on any file, torn or damaged, and loses nothing
/// that the file's good lines hold. What the store keeps after opening (it may compact or end a
/// torn line) reads back as the same customers; a change made afterwards is read back with all of
/// them; and the compacted form of any contents reads back unchanged, without damage.
enum CustomerMemoryTarget {
    static func run(_ input: [UInt8]) -> FuzzFinding? {
        let expected = CustomerMemoryFile.read(input)
        let compacted = CustomerMemoryFile.read(CustomerMemoryFile.compacted(expected))
        guard compacted.damaged.isEmpty, compacted.sameCustomers(as: expected) else {
            return FuzzFinding("the compacted form reads back differently (damage: \(compacted.damaged))")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gws-fuzz-customers-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("customers/fuzz.tsv").path
        do {
            try FileManager.default.createDirectory(at: folder.appendingPathComponent("customers"), withIntermediateDirectories: true)
            try Data(input).write(to: URL(fileURLWithPath: path))
        } catch {
            return FuzzFinding("could not write the file to a temporary folder: \(error)")
        }
        let store: FileCustomerMemory
        do {
            store = try FileCustomerMemory(path: path, logger: silentLogger, compactionSlack: 4)
        } catch {
            return FuzzFinding("the store refused to open a damaged file: \(error)")
        }
        guard let kept = reread(path), kept.sameCustomers(as: expected) else {
            return FuzzFinding("after opening, the file no longer holds the customers it held")
        }
        do {
            try store.update(["fuzz": "after\r\nopening\t\\"], for: "fuzz\u{E9}")
            try store.update(["fuzz": "decomposed"], for: "fuzze\u{301}")
        } catch {
            return FuzzFinding("a change after opening was not kept: \(error)")
        }
        guard let after = reread(path), after.damaged.isEmpty, after.customerCount == expected.customerCount + 2 - (expected.holds(customer: "fuzz\u{E9}") ? 1 : 0) - (expected.holds(customer: "fuzze\u{301}") ? 1 : 0) else {
            return FuzzFinding("after a change, the file lost a customer or holds damage")
        }
        guard (try? FileCustomerMemory(path: path, logger: silentLogger))?.values(for: "fuzz\u{E9}")["fuzz"] == "after\r\nopening\t\\" else {
            return FuzzFinding("a change made after opening was not read back")
        }
        return nil
    }

    private static func reread(_ path: String) -> CustomerMemoryFile.Contents? {
        (try? Data(contentsOf: URL(fileURLWithPath: path))).map { CustomerMemoryFile.read(Array($0)) }
    }
}
