/// A minimal writer of one-line JSON objects, for journal records.
///
/// Hand-written because the journal is on the hot path of every request: it appends straight into
/// one string with no intermediate dictionaries. Only what the journal needs: strings, integers,
/// booleans and string maps.
struct JSONLine {
    private(set) var text = "{"
    private var first = true

    private mutating func key(_ name: String) {
        if first { first = false } else { text.append(",") }
        text.append("\"")
        text.append(name)  // keys are our own ASCII identifiers
        text.append("\":")
    }

    mutating func add(_ name: String, _ value: String) {
        key(name)
        JSONLine.appendQuoted(value, to: &text)
    }

    mutating func add(_ name: String, _ value: String?) {
        if let value { add(name, value) }
    }

    mutating func add(_ name: String, _ value: some BinaryInteger) {
        key(name)
        text.append(String(value))
    }

    mutating func add(_ name: String, _ value: Bool) {
        key(name)
        text.append(value ? "true" : "false")
    }

    mutating func add(_ name: String, _ map: [String: String]) {
        key(name)
        JSONLine.appendObject(map, to: &text)
    }

    mutating func add(_ name: String, _ list: [String]) {
        key(name)
        text.append("[")
        for (offset, item) in list.enumerated() {
            if offset > 0 { text.append(",") }
            JSONLine.appendQuoted(item, to: &text)
        }
        text.append("]")
    }

    /// The finished object followed by a newline.
    var line: String { text + "}\n" }

    static func appendObject(_ map: [String: String], to text: inout String) {
        text.append("{")
        for (offset, key) in map.keys.sorted().enumerated() {
            if offset > 0 { text.append(",") }
            appendQuoted(key, to: &text)
            text.append(":")
            appendQuoted(map[key] ?? "", to: &text)
        }
        text.append("}")
    }

    /// Appends `value` as a JSON string: quotes, backslashes and control characters escaped,
    /// everything else (including non-ASCII) as is.
    static func appendQuoted(_ value: String, to text: inout String) {
        text.append("\"")
        var needsEscaping = false
        for byte in value.utf8 where byte < 0x20 || byte == 0x22 || byte == 0x5C {
            needsEscaping = true
            break
        }
        if !needsEscaping {
            text.append(value)
        } else {
            for scalar in value.unicodeScalars {
                switch scalar {
                case "\"": text.append("\\\"")
                case "\\": text.append("\\\\")
                case "\n": text.append("\\n")
                case "\r": text.append("\\r")
                case "\t": text.append("\\t")
                case _ where scalar.value < 0x20:
                    let hex = String(scalar.value, radix: 16)
                    text.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
                default: text.unicodeScalars.append(scalar)
                }
            }
        }
        text.append("\"")
    }
}
