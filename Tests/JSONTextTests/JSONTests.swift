import Testing
import JSONText

@Suite struct JSONTests {
    @Test func writer_escapesQuotesBackslashesAndEveryControlCharacter() {
        var bytes: [UInt8] = []
        JSONWriter.appendQuoted("a\"b\\c\n\r\t\u{08}\u{0C}\u{00}\u{1F}\u{7F}é😀/", to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == #""a\"b\\c\n\r\t\b\f\u0000\u001f"# + "\u{7F}é😀/\"")
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
        #expect(value == .object([
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
