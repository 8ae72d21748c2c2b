import ChatCore
import Testing

/// The journal line decoder: the lines the writer makes, and damaged lines it must refuse.
@Suite struct JournalRecordDecodingTests {
    private func decode(_ line: String) throws(JournalDecodingError) -> JournalRecord {
        try JournalRecord(line: Array(line.utf8))
    }

    @Test func escapesAndNonASCII_decodeToTheWrittenText() throws {
        let line = #"{"e":"message","index":4,"type":"Text","from":"1","nickname":"Zoë","role":"Customer","text":"a\"b\\c\nd\u0001 \u00e9 \ud83d\ude00 ✓","t":1700000000000}"#
        let message = try #require(try decode(line).message)
        #expect(message.text == "a\"b\\c\nd\u{1} é 😀 ✓")
        #expect(message.from.nickname == "Zoë")
        #expect(message.index == 4)
        #expect(message.origin == nil)
    }

    @Test func membersThisBuildDoesNotRead_areSkipped_inAnyOrder() throws {
        let line = #"{"t":5,"future":{"a":[1,2.5e3,true,null,{"b":"c"}]},"e":"message","role":"Agent","index":1,"type":"Text","from":"3","nickname":"Roboto","origin":"x.rules:3"}"#
        let message = try #require(try decode(line).message)
        #expect(message.origin == "x.rules:3")
        #expect(message.text == nil)
    }

    @Test(arguments: [
        ("", "the text is empty; a JSON object was expected"),
        (#"{"e":"state","state":"Chatting"} x"#, "unexpected data"),
        (#"{"e":"state","state":"Chat\#u{1}ting"}"#, "control character 0x01 inside a string"),
        (#"{"e":"state","state":"Chatting""#, "expected ',' or '}' after an object member"),
        (#"{"e":"teleport"}"#, "unknown event 'teleport'"),
        (#"{"e":"cursor","n":1.5}"#, "column 19): expected an integer"),
        (#"{"e":"cursor","n":01}"#, "column 20): expected ',' or '}'"),
        (#"{"e":"cursor","n":99999999999999999999}"#, "expected an integer"),
        (#"{"e":"finished"}"#, "field 'step' is missing"),
        (#"{"e":"finished","step":"1"}"#, "expected an integer"),
        (#"{"e":"state","e":"message"}"#, "appears twice"),
        (#"{"e":"state","state":"x\ud800"}"#, "must be followed by a low surrogate"),
        (#"{"e":"state","state":"x\q"}"#, "invalid escape"),
        (#"{"e":"created","v":2,"id":"652492d9-c2d9-44c9-b9ad-0ab7984114bb"}"#, "format version 2 is not supported"),
        (#"{"e":"memory","set":{"a":"1","a":"2"},"removed":[]}"#, "appears twice"),
    ])
    func damagedLines_areRefused_sayingWhy(line: String, problem: String) {
        #expect {
            try decode(line)
        } throws: { error in
            (error as? JournalDecodingError)?.description.contains(problem) == true
        }
    }

    @Test func invalidUTF8_isRefused() {
        var bytes = Array(#"{"e":"state","state":"Chatting"}"#.utf8)
        bytes[24] = 0xFF
        #expect(throws: JournalDecodingError.self) { try JournalRecord(line: bytes) }
    }
}
