/// The header fields of a request or response: order kept, names compared case-insensitively.
///
/// Repeated names are kept as separate fields, as they arrived; ``subscript(_:)`` returns the first.
///
/// Stored as the fields' bytes back to back plus where each name and value lies, not as a
/// `String` per field: the parser copies a request's fields in as bytes, lookups compare bytes,
/// and the response encoder copies bytes out, so a `String` is made only for a value a handler
/// asks for. (Two `String`s per field were about a sixth of a GetChat's instructions.)
package struct HTTPHeaders: Sendable, Equatable, Sequence, ExpressibleByDictionaryLiteral {
    package struct Field: Sendable, Equatable {
        package var name: String
        package var value: String

        package init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// Where one field's name and value lie in ``bytes``.
    struct Span: Sendable {
        var name: Range<Int>
        var value: Range<Int>
        /// The name is a token and the value holds no CR, LF or NUL, so the field can be written
        /// into a response head as it is (see ``ResponseEncoder``). Found once, when the field is
        /// added, not each time a response carrying it is written.
        var isSafe: Bool
    }

    /// Names and values, UTF-8; bytes of removed fields may remain (no span points at them).
    private(set) var bytes: [UInt8] = []
    private(set) var spans: [Span] = []

    package init() {}

    package init(_ pairs: [(String, String)]) {
        for (name, value) in pairs { add(name, value) }
    }

    package init(dictionaryLiteral elements: (String, String)...) {
        self.init(elements)
    }

    /// Room for `fieldCount` fields holding `byteCount` bytes in all, so appending them does not regrow.
    init(reservingFields fieldCount: Int, bytes byteCount: Int) {
        spans.reserveCapacity(fieldCount)
        bytes.reserveCapacity(byteCount)
    }

    package var fields: [Field] { spans.map(field) }
    package var count: Int { spans.count }
    package var isEmpty: Bool { spans.isEmpty }

    package func makeIterator() -> IndexingIterator<[Field]> { fields.makeIterator() }

    /// The value of the first field with this name (any case), or `nil`.
    package subscript(_ name: String) -> String? {
        firstIndex(of: name).map { string(spans[$0].value) }
    }

    /// Every value of the fields with this name (any case), in arrival order.
    package func values(for name: String) -> [String] {
        spans.filter { nameMatches($0, name) }.map { string($0.value) }
    }

    package func contains(_ name: String) -> Bool {
        firstIndex(of: name) != nil
    }

    /// Whether the first field with this name starts with `prefix`, ignoring ASCII case
    /// (`Content-Type` and `multipart/form-data`), without building its value.
    package func value(of name: String, hasPrefixIgnoringCase prefix: String) -> Bool {
        guard let index = firstIndex(of: name) else { return false }
        let value = bytes[spans[index].value]
        var prefix = prefix
        return prefix.withUTF8 { wanted in
            value.count >= wanted.count && value.prefix(wanted.count).withUnsafeBufferPointer { ASCII.equalsIgnoringCase($0, wanted) }
        }
    }

    /// Appends a field, keeping any earlier field of the same name.
    package mutating func add(_ name: String, _ value: String) {
        let nameStart = bytes.count
        ASCII.append(name, to: &bytes)
        let valueStart = bytes.count
        ASCII.append(value, to: &bytes)
        let isSafe = Self.isSafe(name: bytes[nameStart..<valueStart], value: bytes[valueStart...])
        spans.append(Span(name: nameStart..<valueStart, value: valueStart..<bytes.count, isSafe: isSafe))
    }

    /// Appends a field the request parser has checked (a token name, a value without control
    /// characters but tab) from its line in `buffer`: the name, the value and what lies between
    /// them are copied in one piece.
    mutating func add(from buffer: [UInt8], name: Range<Int>, value: Range<Int>) {
        let shift = bytes.count - name.lowerBound
        bytes.append(contentsOf: buffer[name.lowerBound..<value.upperBound])
        spans.append(
            Span(
                name: (name.lowerBound + shift)..<(name.upperBound + shift),
                value: (value.lowerBound + shift)..<(value.upperBound + shift), isSafe: true))
    }

    private static func isSafe(name: ArraySlice<UInt8>, value: ArraySlice<UInt8>) -> Bool {
        !name.isEmpty && name.allSatisfy { ASCII.isTokenByte($0) }
            && !value.contains { $0 == ASCII.cr || $0 == ASCII.lf || $0 == 0 }
    }

    /// Replaces every field of this name by one field with this value.
    package mutating func set(_ name: String, _ value: String) {
        remove(name)
        add(name, value)
    }

    package mutating func remove(_ name: String) {
        let stored = bytes
        spans.removeAll { ASCII.equalsIgnoringCase(stored[$0.name], name.utf8) }
        if spans.isEmpty { bytes.removeAll(keepingCapacity: true) }
    }

    /// Whether a comma-separated header (such as `Connection`) lists this token, in any case.
    /// Runs on every request and response (keep-alive), so it walks the bytes without building arrays.
    package func hasToken(_ token: String, in name: String) -> Bool {
        for span in spans where nameMatches(span, name) {
            for part in bytes[span.value].split(separator: ASCII.comma) {
                if ASCII.equalsIgnoringCase(ASCII.trimmingWhitespace(part), token.utf8) { return true }
            }
        }
        return false
    }

    /// Fields in order and with the same names and values, byte for byte; names compare exactly
    /// here (as two `Field` arrays would), unlike in lookups.
    package static func == (lhs: HTTPHeaders, rhs: HTTPHeaders) -> Bool {
        guard lhs.spans.count == rhs.spans.count else { return false }
        return zip(lhs.spans, rhs.spans).allSatisfy { left, right in
            lhs.bytes[left.name].elementsEqual(rhs.bytes[right.name]) && lhs.bytes[left.value].elementsEqual(rhs.bytes[right.value])
        }
    }

    private func firstIndex(of name: String) -> Int? {
        spans.firstIndex { nameMatches($0, name) }
    }

    /// Lengths first: most fields are ruled out without looking at a byte.
    private func nameMatches(_ span: Span, _ name: String) -> Bool {
        span.name.count == name.utf8.count && ASCII.equalsIgnoringCase(bytes[span.name], name.utf8)
    }

    private func field(_ span: Span) -> Field {
        Field(name: string(span.name), value: string(span.value))
    }

    private func string(_ range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }
}
