import Testing
@testable import HTTPServer

/// The header fields as handlers see them, stored as bytes.
@Suite struct HTTPHeadersTests {
    @Test func lookup_ignoresCase_andReturnsTheFirstOfRepeatedFields() {
        let headers: HTTPHeaders = ["Content-Type": "a/b", "X-Tag": "1", "x-tag": "2"]
        #expect(headers["content-type"] == "a/b")
        #expect(headers["X-TAG"] == "1")
        #expect(headers.values(for: "x-Tag") == ["1", "2"])
        #expect(headers["Content-Typ"] == nil)
        #expect(headers.contains("CONTENT-TYPE"))
        #expect(!headers.contains("Content"))
        #expect(headers.fields.map(\.name) == ["Content-Type", "X-Tag", "x-tag"])
    }

    @Test func set_replacesEveryFieldOfTheName_andRemoveLeavesTheOthersInOrder() {
        var headers: HTTPHeaders = ["A": "1", "B": "2", "a": "3"]
        headers.set("a", "4")
        #expect(headers.fields == [.init(name: "B", value: "2"), .init(name: "a", value: "4")])
        headers.remove("B")
        headers.add("C", "5")
        #expect(headers == ["a": "4", "C": "5"])
        headers.remove("a")
        headers.remove("c")
        #expect(headers.isEmpty)
        #expect(headers == HTTPHeaders())
    }

    @Test func equality_comparesFieldsInOrder_notStorage() {
        var removed: HTTPHeaders = ["Gone": "x", "Kept": "y"]
        removed.remove("gone")
        #expect(removed == ["Kept": "y"])
        #expect(removed != ["kept": "y"])
        #expect(HTTPHeaders(["A": "1", "B": "2"].sorted { $0.key < $1.key }) != ["B": "2", "A": "1"])
    }

    @Test func hasToken_findsATokenInAnyCaseInCommaLists() {
        let headers: HTTPHeaders = ["Connection": "Upgrade,  Keep-Alive ", "connection": "x, CLOSE"]
        #expect(headers.hasToken("keep-alive", in: "Connection"))
        #expect(headers.hasToken("close", in: "CONNECTION"))
        #expect(!headers.hasToken("keep", in: "Connection"))
        #expect(!headers.hasToken("upgrade", in: "Upgrade"))
    }

    @Test func tokenBytes_areExactlyTheTcharsOfRFC9110() {
        let tchar = Set("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".utf8)
        for byte in UInt8.min...UInt8.max {
            #expect(ASCII.isTokenByte(byte) == tchar.contains(byte), "byte \(byte)")
        }
    }

    @Test func responseFields_thatCouldSplitAResponse_areMarkedUnsafe() {
        var headers: HTTPHeaders = ["Good": "a b\tc", "Bad Name": "x", "Bad-Value": "x\r\nInjected: y", "Nul": "a\u{0}b", "": "empty"]
        let line = Array("xParsed: v".utf8)
        headers.add(from: line, name: 1..<7, value: 9..<10)
        #expect(headers["parsed"] == "v")
        #expect(headers.spans.map(\.isSafe) == [true, false, false, false, false, true])
    }

    @Test func parsedRequest_keepsFieldsAsSent_withTrimmedValues() throws {
        var parser = HTTPRequestParser(limits: HTTPRequestParserTests.limits)
        parser.append(Array("GET /a?b=1 HTTP/1.1\r\nHost: h\r\nX-Empty:\r\nx-value: \t v w \t\r\n\r\n".utf8))
        guard case .request(let request) = try parser.next() else {
            Issue.record("no request")
            return
        }
        #expect(request.headers.fields == [.init(name: "Host", value: "h"), .init(name: "X-Empty", value: ""), .init(name: "x-value", value: "v w")])
        #expect(request.headers == ["Host": "h", "X-Empty": "", "x-value": "v w"])
        #expect(request.path == "/a")
        #expect(request.query == "b=1")
        #expect(request.method == "GET")
    }
}
