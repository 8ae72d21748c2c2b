import Testing
import JSONText

@Suite struct JSONTests {
    @Test func appendTo_writesEachValueAfterWhatTheBufferHolds() {
        var bytes = Array("prefix\n".utf8)
        JSONWriter.append(to: &bytes) { json in
            json.beginObject()
            json.member(JSONKey("e"), "one")
            json.member(JSONKey("n"), 1)
            json.member(JSONKey("absent"), String?.none)
            json.member(JSONKey("present"), String?.some("x"))
            json.endObject()
        }
        bytes.append(UInt8(ascii: "\n"))
        JSONWriter.append(to: &bytes) { json in
            json.beginObject()
            json.member(JSONKey("ok"), true)
            json.member(JSONKey("no"), false)
            json.endObject()
        }
        #expect(String(decoding: bytes, as: UTF8.self) == "prefix\n{\"e\":\"one\",\"n\":1,\"present\":\"x\"}\n{\"ok\":true,\"no\":false}")
    }

    @Test func writer_escapesQuotesBackslashesAndEveryControlCharacter() {
        var bytes: [UInt8] = []
        JSONWriter.appendQuoted("a\"b\\c\n\r\t\u{08}\u{0C}\u{00}\u{1F}\u{7F}é😀/", to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == #""a\"b\\c\n\r\t\b\f\u0000\u001f"# + "\u{7F}é😀/\"")
    }

    /// The escape scan looks at eight bytes at a time: put every byte value at every position of
    /// a word (and in the tail after the last whole word), among bytes that need no escape,
    /// including UTF-8 bytes above 0x7F, which must not hide a neighbour.
    @Test func writer_escapesEveryByteAtEveryPosition_ofLongStrings() {
        for length in [7, 8, 9, 16, 19] {
            for position in 0..<length {
                for value in UInt8(0)...UInt8(0x7F) {
                    var utf8 = Array(repeating: UInt8(ascii: "a"), count: length)
                    utf8[position] = value
                    let padded = Array("é".utf8) + utf8 + Array("😀".utf8)
                    let text = String(decoding: padded, as: UTF8.self)
                    var bytes: [UInt8] = []
                    JSONWriter.appendQuoted(text, to: &bytes)
                    #expect(String(decoding: bytes, as: UTF8.self) == Self.referenceQuoted(text), "length \(length), byte \(value) at \(position)")
                }
            }
        }
    }

    /// The escaping rule written the obvious way, one scalar at a time.
    private static func referenceQuoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u00" + (hex.count < 2 ? "0" : "") + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    @Test func writer_writesQuotedKeys_likePlainKeys() {
        let key = JSONKey("na\"me")
        var quoted = JSONWriter()
        quoted.beginObject()
        quoted.member(key, "v")
        quoted.member(JSONKey("n"), 1)
        quoted.key(JSONKey("list"))
        quoted.beginArray()
        quoted.beginObject()
        quoted.key(JSONKey("o"))
        quoted.beginObject()
        quoted.endObject()
        quoted.endObject()
        quoted.endArray()
        quoted.endObject()
        var plain = JSONWriter()
        plain.beginObject()
        plain.member("na\"me", "v")
        plain.member("n", 1)
        plain.key("list")
        plain.beginArray()
        plain.beginObject()
        plain.key("o")
        plain.beginObject()
        plain.endObject()
        plain.endObject()
        plain.endArray()
        plain.endObject()
        #expect(quoted.bytes == plain.bytes)
        #expect(String(decoding: quoted.bytes, as: UTF8.self) == #"{"na\"me":"v","n":1,"list":[{"o":{}}]}"#)
    }

    /// Short plain members take a one-copy path, the others the piece-by-piece one: both must
    /// write the same JSON, commas included.
    @Test func writer_writesStringMembers_plainEscapedShortAndLong_alike() {
        let names = ["a", "na\"me", "", String(repeating: "k", count: 250)]
        let values = ["", "v", "x\ny", "é😀", String(repeating: "z", count: 300)]
        for name in names {
            var plain = JSONWriter()
            var quoted = JSONWriter()
            var expected = "{"
            plain.beginObject()
            quoted.beginObject()
            for value in values {
                plain.member(name, value)
                quoted.member(JSONKey(name), value)
                expected += (expected == "{" ? "" : ",") + Self.referenceQuoted(name) + ":" + Self.referenceQuoted(value)
            }
            plain.endObject()
            quoted.endObject()
            expected += "}"
            #expect(String(decoding: plain.bytes, as: UTF8.self) == expected)
            #expect(String(decoding: quoted.bytes, as: UTF8.self) == expected)
        }
    }

    @Test func writer_separatesMembersAndElements() {
        var writer = JSONWriter()
        writer.beginObject()
        writer.member("a", 1)
        writer.key("list")
        writer.beginArray()
        writer.string("x")
        writer.beginObject()
        writer.endObject()
        writer.endArray()
        writer.member("b", "c")
        writer.endObject()
        #expect(String(decoding: writer.bytes, as: UTF8.self) == #"{"a":1,"list":["x",{}],"b":"c"}"#)
    }

    @Test func parser_readsEveryKindOfValue_andUnicodeEscapes() throws {
        let value = try JSONParser.parse(Array(#" {"s":"\u00e9\ud83d\ude00\/","n":-1.5e3,"t":true,"f":false,"z":null,"a":[1,[]],"o":{}} "#.utf8))
        #expect(
            value
                == .object([
                    "s": .string("é😀/"), "n": .number("-1.5e3"), "t": .bool(true), "f": .bool(false), "z": .null,
                    "a": .array([.number("1"), .array([])]), "o": .object([:]),
                ]))
    }

    @Test(arguments: [
        ("{", 1), ("{\"a\"}", 4), ("[1,]", 3), ("01", 1), ("1.", 2), ("-", 1), ("\"\\ud800\"", 1), ("tru", 0),
        ("\"\u{FF}\"", 1), ("{\"a\":1}}", 7),
    ])
    func parser_reportsByteOfFirstError(_ input: String, _ offset: Int) {
        var bytes = Array(input.utf8)
        if input == "\"\u{FF}\"" { bytes = [0x22, 0xFF, 0x22] }
        #expect {
            _ = try JSONParser.parse(bytes)
        } throws: { error in
            (error as? JSONParseError)?.offset == offset
        }
    }

    @Test func parser_refusesDeepNesting() {
        let deep = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(throws: JSONParseError.self) { try JSONParser.parse(Array(deep.utf8)) }
    }
}

/// Reading an object member by member (what journal recovery uses).
@Suite struct JSONObjectReaderTests {
    @Test func members_areHandedOverInOrder_withTypedValues() throws {
        var seen: [String] = []
        var number: Int64 = 0
        var flag = false
        var map: [String: String] = [:]
        var list: [String] = []
        try JSONParser.readObject(Array(#" {"n": -42, "b": true, "m": {"k": "v"}, "l": ["x", "y"], "skip": [1, {"a": null}], "s": "caf\u00e9"} "#.utf8)) { (name, parser) throws(JSONParseError) in
            seen.append(name)
            switch name {
            case "n": number = try parser.readInteger()
            case "b": flag = try parser.readBool()
            case "m": map = try parser.readStringMap()
            case "l": list = try parser.readStringList()
            case "s": #expect(try parser.readString() == "café")
            default: try parser.skipValue()
            }
        }
        #expect(seen == ["n", "b", "m", "l", "skip", "s"])
        #expect(number == -42 && flag && map == ["k": "v"] && list == ["x", "y"])
    }

    @Test(arguments: [
        (#"[1]"#, "a JSON object was expected"),
        (#"{"n": 1.5}"#, "expected an integer"),
        (#"{"n": "1"}"#, "expected an integer"),
        (#"{"n": 1} x"#, "unexpected data after the JSON value"),
        (#"{"n": 1"#, "expected ',' or '}' after an object member"),
    ])
    func malformedObjects_areRefusedSayingWhere(text: String, reason: String) {
        #expect {
            try JSONParser.readObject(Array(text.utf8)) { (_, parser) throws(JSONParseError) in _ = try parser.readInteger() }
        } throws: { error in
            (error as? JSONParseError)?.reason == reason
        }
    }
}
