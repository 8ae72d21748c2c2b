/// The layout of a customer memory file (`customers/BOT.tsv`), its one owner: one
/// `customer TAB name TAB value` line per change, oldest first, an empty value removing the
/// variable. Backslash, tab, line feed and carriage return are escaped (`\\`, `\t`, `\n`, `\r`),
/// so every line ends at its one LF byte.
///
/// Read byte by byte, line by line: a damaged line (invalid UTF-8, a torn last line, the wrong
/// number of fields, an unknown escape) is reported and skipped, and never takes the lines after
/// it along.
package enum CustomerMemoryFile {
    /// A line that was skipped, and why.
    package struct Damage: Sendable, Hashable, CustomStringConvertible {
        /// 1-based.
        package var line: Int
        package var reason: String
        package var description: String { "line \(line): \(reason)" }
    }

    /// What reading a file found.
    package struct Contents: Sendable {
        /// Every customer's variables, by customer key (bytes) and name.
        var customers: [CustomerKey: [String: String]] = [:]
        /// Lines read, damaged ones included: with ``variableCount``, how much compacting would save.
        package var lineCount = 0
        package var damaged: [Damage] = []
        /// Whether the last line lacks its line feed (a torn write): appending must start a new line.
        package var endsMidLine = false

        /// Whether `other` holds the same customers (by the bytes of their keys) with the same variables.
        package func sameCustomers(as other: Contents) -> Bool { customers == other.customers }

        /// Whether `customer` (by the bytes of the key) has a variable.
        package func holds(customer: String) -> Bool { customers[CustomerKey(customer)] != nil }

        /// How many customers have a variable.
        package var customerCount: Int { customers.count }

        /// Variables held, all customers together.
        package var variableCount: Int { customers.values.reduce(0) { $0 + $1.count } }
    }

    /// Reads the bytes of a customer memory file.
    package static func read(_ bytes: [UInt8]) -> Contents {
        var contents = Contents()
        var start = 0
        var number = 0
        while start < bytes.count {
            number += 1
            let end = bytes[start...].firstIndex(of: lineFeed) ?? bytes.count
            if end == bytes.count {
                contents.endsMidLine = true
                contents.damaged.append(Damage(line: number, reason: "the last line has no line feed (a write cut short)"))
            } else {
                switch parse(bytes[start..<end]) {
                case .success(let (key, name, value)):
                    contents.customers[key] = CustomerValues.applying([name: value], to: contents.customers[key])
                case .failure(let damage):
                    contents.damaged.append(Damage(line: number, reason: damage.reason))
                }
            }
            start = end + 1
        }
        contents.lineCount = number
        return contents
    }

    /// The line that records `name = value` (`nil`: removed) for `customer`.
    static func line(customer: CustomerKey, name: String, value: String?) -> [UInt8] {
        var line: [UInt8] = []
        line.reserveCapacity(customer.bytes.count + name.utf8.count + (value?.utf8.count ?? 0) + 3)
        escape(customer.bytes, into: &line)
        line.append(tab)
        escape(name.utf8, into: &line)
        line.append(tab)
        escape((value ?? "").utf8, into: &line)
        line.append(lineFeed)
        return line
    }

    /// The whole file for `customers`, one line per variable, customers and names in byte order
    /// (the same customers always give the same bytes).
    package static func compacted(_ contents: Contents) -> [UInt8] { compacted(contents.customers) }

    static func compacted(_ customers: [CustomerKey: [String: String]]) -> [UInt8] {
        var bytes: [UInt8] = []
        for key in customers.keys.sorted(by: { $0.bytes.lexicographicallyPrecedes($1.bytes) }) {
            let values = customers[key] ?? [:]
            for name in values.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
                bytes += line(customer: key, name: name, value: values[name])
            }
        }
        return bytes
    }

    private struct LineDamage: Error { var reason: String }

    private static func parse(_ line: ArraySlice<UInt8>) -> Result<(CustomerKey, String, String?), LineDamage> {
        guard String(validating: line, as: UTF8.self) != nil else {
            return .failure(LineDamage(reason: "not valid UTF-8 (a torn or edited line)"))
        }
        let fields = line.split(separator: tab, omittingEmptySubsequences: false)
        guard fields.count == 3 else {
            return .failure(LineDamage(reason: "\(fields.count) tab-separated fields where 3 (customer, name, value) belong"))
        }
        var unescaped: [[UInt8]] = []
        for field in fields {
            guard let bytes = unescape(field) else { return .failure(LineDamage(reason: "an unknown escape (only \\\\, \\t, \\n and \\r are written)")) }
            unescaped.append(bytes)
        }
        guard !unescaped[0].isEmpty, !unescaped[1].isEmpty else {
            return .failure(LineDamage(reason: "an empty \(unescaped[0].isEmpty ? "customer" : "variable name")"))
        }
        let value = String(decoding: unescaped[2], as: UTF8.self)
        return .success((CustomerKey(bytes: unescaped[0]), String(decoding: unescaped[1], as: UTF8.self), value.isEmpty ? nil : value))
    }

    private static let tab = UInt8(ascii: "\t")
    private static let lineFeed = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")
    private static let backslash = UInt8(ascii: "\\")

    private static func escape(_ bytes: some Sequence<UInt8>, into line: inout [UInt8]) {
        for byte in bytes {
            switch byte {
            case backslash: line += [backslash, backslash]
            case tab: line += [backslash, UInt8(ascii: "t")]
            case lineFeed: line += [backslash, UInt8(ascii: "n")]
            case carriageReturn: line += [backslash, UInt8(ascii: "r")]
            default: line.append(byte)
            }
        }
    }

    /// `nil` for an unknown escape or a lone backslash at the end.
    private static func unescape(_ field: ArraySlice<UInt8>) -> [UInt8]? {
        guard field.contains(backslash) else { return Array(field) }
        var result: [UInt8] = []
        result.reserveCapacity(field.count)
        var escaping = false
        for byte in field {
            if escaping {
                switch byte {
                case backslash: result.append(backslash)
                case UInt8(ascii: "t"): result.append(tab)
                case UInt8(ascii: "n"): result.append(lineFeed)
                case UInt8(ascii: "r"): result.append(carriageReturn)
                default: return nil
                }
                escaping = false
            } else if byte == backslash {
                escaping = true
            } else {
                result.append(byte)
            }
        }
        return escaping ? nil : result
    }
}
