/// A small, plain form body (`application/x-www-form-urlencoded`) kept as its bytes, each field
/// found by a look along them and decoded when asked for. A GMS poll sends four fields on every
/// request; hashing them into a dictionary of decoded strings cost more than the rest of reading
/// the request.
///
/// It takes only bodies that ``OperationParameters``' form reader would read without complaint and
/// whose fields are plain: ASCII, at most ``maxFields`` fields, names without escapes and not
/// `userData…`, each name once, every escape of a value decoding to UTF-8. For any other body its
/// initialiser gives `nil` and the reader reads the body the general way (which says what is wrong
/// with it), so both ways give the same fields and the same refusals.
struct FormFields {
    /// More fields than this go the general way: the look along them and the check of each name
    /// against the others stay cheap.
    static let maxFields = 16

    private let body: [UInt8]
    private let fields: [(name: Range<Int>, value: Range<Int>)]

    init?(_ body: [UInt8]) {
        guard body.allSatisfy({ $0 < 0x80 }) else { return nil }
        var fields: [(name: Range<Int>, value: Range<Int>)] = []
        fields.reserveCapacity(8)
        var start = 0
        while start < body.count {
            let end = body[start...].firstIndex(of: UInt8(ascii: "&")) ?? body.count
            defer { start = end + 1 }
            guard end > start else { continue }
            guard fields.count < Self.maxFields else { return nil }
            let equals = body[start..<end].firstIndex(of: UInt8(ascii: "=")) ?? end
            let name = start..<equals
            let value = min(equals + 1, end)..<end
            guard !name.isEmpty, !body[name].contains(where: { $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: "+") }),
                !body[name].starts(with: "userData".utf8),
                !fields.contains(where: { body[$0.name].elementsEqual(body[name]) })
            else { return nil }
            if body[value].contains(UInt8(ascii: "%")), OperationParameters.formDecoded(body[value]) == nil { return nil }
            fields.append((name, value))
        }
        self.body = body
        self.fields = fields
    }

    /// The decoded value of the field `name`; `nil` when the body has none.
    func value(_ name: String) -> String? {
        var name = name
        return name.withUTF8 { wanted in
            for field in fields where field.name.count == wanted.count && body[field.name].elementsEqual(wanted) {
                return OperationParameters.formDecoded(body[field.value])
            }
            return nil
        }
    }
}
