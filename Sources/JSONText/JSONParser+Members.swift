/// Reading a JSON object member by member, for callers that want a few typed fields fast (chat
/// journals, read line by line on every restart) rather than a tree of ``JSONValue``s: each
/// member's value is read by the caller with the `read…` methods below, in the type it expects,
/// or skipped. The syntax checked and the errors given are the parser's own.
extension JSONParser {
    /// Parses `bytes` as one JSON object (whitespace around it allowed) and calls `member` with
    /// each member's name and the parser positioned at its value, which `member` must read or
    /// skip. Every member is handed over, a repeated name too: the caller, which knows the names
    /// it reads, refuses repeats (without a set of names per object, which would cost more than
    /// the rest of the object).
    package static func readObject(
        _ bytes: [UInt8], member: (String, inout JSONParser) throws(JSONParseError) -> Void
    ) throws(JSONParseError) {
        var parser = JSONParser(bytes)
        parser.skipWhitespace()
        guard parser.peek == UInt8(ascii: "{") else {
            throw parser.error(bytes.isEmpty ? "the text is empty; a JSON object was expected" : "a JSON object was expected")
        }
        try parser.readMembers(close: UInt8(ascii: "}"), what: "an object member") { (parser) throws(JSONParseError) in
            let name = try parser.readString()
            parser.skipWhitespace()
            guard parser.peek == UInt8(ascii: ":") else { throw parser.error("expected ':' after the member name \"\(name)\"") }
            parser.index += 1
            parser.skipWhitespace()
            try member(name, &parser)
        }
        parser.skipWhitespace()
        guard parser.index == bytes.count else { throw parser.error("unexpected data after the JSON value") }
    }

    /// The error for a member name seen twice in one object; `offset` is where the value starts.
    package func repeatedMemberError(_ name: String) -> JSONParseError {
        error("the member name \"\(name)\" appears twice")
    }

    /// Whether the value here is a string.
    package var isAtString: Bool { peek == UInt8(ascii: "\"") }

    /// Whether the value here is `null`; if so, reads it.
    package mutating func readNull() throws(JSONParseError) -> Bool {
        guard peek == UInt8(ascii: "n") else { return false }
        _ = try parseValue()
        return true
    }

    package mutating func readString() throws(JSONParseError) -> String {
        guard isAtString else { throw error("expected a string") }
        return try parseString()
    }

    /// A number without fraction or exponent that fits in 64 bits.
    package mutating func readInteger() throws(JSONParseError) -> Int64 {
        let start = index
        guard let byte = peek, byte == UInt8(ascii: "-") || isDigit(byte), case .number(let text) = try parseValue(),
            let value = Int64(text)
        else { throw error("expected an integer", at: start) }
        return value
    }

    package mutating func readBool() throws(JSONParseError) -> Bool {
        let start = index
        guard peek == UInt8(ascii: "t") || peek == UInt8(ascii: "f"), case .bool(let value) = try parseValue() else {
            throw error("expected true or false", at: start)
        }
        return value
    }

    /// An object whose values are all strings.
    package mutating func readStringMap() throws(JSONParseError) -> [String: String] {
        guard peek == UInt8(ascii: "{") else { throw error("expected an object of strings") }
        var map: [String: String] = [:]
        try readMembers(close: UInt8(ascii: "}"), what: "an object member") { (parser) throws(JSONParseError) in
            let nameOffset = parser.index
            let name = try parser.readString()
            parser.skipWhitespace()
            guard parser.peek == UInt8(ascii: ":") else { throw parser.error("expected ':' after the member name \"\(name)\"") }
            parser.index += 1
            parser.skipWhitespace()
            guard map.updateValue(try parser.readString(), forKey: name) == nil else {
                throw parser.error("the member name \"\(name)\" appears twice", at: nameOffset)
            }
        }
        return map
    }

    /// An array whose elements are all strings.
    package mutating func readStringList() throws(JSONParseError) -> [String] {
        guard peek == UInt8(ascii: "[") else { throw error("expected an array of strings") }
        var list: [String] = []
        try readMembers(close: UInt8(ascii: "]"), what: "an array element") { (parser) throws(JSONParseError) in
            list.append(try parser.readString())
        }
        return list
    }

    /// Skips the value here, checking its syntax.
    package mutating func skipValue() throws(JSONParseError) {
        _ = try parseValue()
    }

    /// Reads `[`/`{`, then items separated by commas with `item`, then `close`.
    private mutating func readMembers(
        close: UInt8, what: String, _ item: (inout JSONParser) throws(JSONParseError) -> Void
    ) throws(JSONParseError) {
        index += 1
        skipWhitespace()
        if peek == close {
            index += 1
            return
        }
        while true {
            skipWhitespace()
            try item(&self)
            skipWhitespace()
            switch peek {
            case UInt8(ascii: ","):
                index += 1
            case close:
                index += 1
                return
            default:
                throw error("expected ',' or '\(Character(Unicode.Scalar(close)))' after \(what)")
            }
        }
    }
}
