import Foundation
import Testing
@testable import HTTPServer

/// The parser alone, driven by tables of byte vectors.
@Suite struct HTTPRequestParserTests {
    static let limits = HTTPRequestParser.Limits(requestLineBytes: 8192, headerBytes: 32768, bodyBytes: 1 << 20, chunkLineBytes: 4096)

    struct Accepted: CustomTestStringConvertible, Sendable {
        var name: String
        var input: String
        var method: String
        var path: String
        var query: String?
        var version: HTTPVersion
        var body: String
        var headerCount: Int
        var testDescription: String { name }
    }

    static let accepted: [Accepted] = [
        Accepted(name: "simple GET", input: "GET / HTTP/1.1\r\nHost: a\r\n\r\n", method: "GET", path: "/", version: .http1_1, body: "", headerCount: 1),
        Accepted(name: "query", input: "GET /x/y?index=3&b HTTP/1.1\r\nHost: a\r\n\r\n", method: "GET", path: "/x/y", query: "index=3&b", version: .http1_1, body: "", headerCount: 1),
        Accepted(name: "HTTP/1.0 without Host", input: "GET /old HTTP/1.0\r\n\r\n", method: "GET", path: "/old", version: .http1_0, body: "", headerCount: 0),
        Accepted(name: "Content-Length body", input: "POST /p HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello", method: "POST", path: "/p", version: .http1_1, body: "hello", headerCount: 2),
        Accepted(name: "Content-Length with leading zeros", input: "POST /p HTTP/1.1\r\nHost: a\r\nContent-Length: 003\r\n\r\nabc", method: "POST", path: "/p", version: .http1_1, body: "abc", headerCount: 2),
        Accepted(
            name: "chunked with extension and trailer",
            input: "POST /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5;name=value\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n",
            method: "POST", path: "/c", version: .http1_1, body: "hello world", headerCount: 2),
        Accepted(name: "chunked, upper-case hex and coding", input: "POST /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: CHUNKED\r\n\r\nA\r\n0123456789\r\n0\r\n\r\n", method: "POST", path: "/c", version: .http1_1, body: "0123456789", headerCount: 2),
        Accepted(name: "leading empty line skipped", input: "\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n", method: "GET", path: "/", version: .http1_1, body: "", headerCount: 1),
        Accepted(name: "value whitespace trimmed, tab allowed inside", input: "GET / HTTP/1.1\r\nHost: a\r\nX-A: \t one\ttwo \t\r\n\r\n", method: "GET", path: "/", version: .http1_1, body: "", headerCount: 2),
        Accepted(name: "absolute-form target", input: "GET http://example.com/a?b=1 HTTP/1.1\r\nHost: example.com\r\n\r\n", method: "GET", path: "/a", query: "b=1", version: .http1_1, body: "", headerCount: 1),
        Accepted(name: "OPTIONS *", input: "OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n", method: "OPTIONS", path: "*", version: .http1_1, body: "", headerCount: 1),
        Accepted(name: "non-ASCII header value (obs-text)", input: "GET / HTTP/1.1\r\nHost: a\r\nX-Name: Zoë\r\n\r\n", method: "GET", path: "/", version: .http1_1, body: "", headerCount: 2),
    ]

    @Test(arguments: accepted)
    func parser_acceptsValidRequest_wholeOrByteByByte(_ vector: Accepted) throws {
        for request in [try parseWhole(vector.input), try parseByteByByte(vector.input)] {
            #expect(request.method == vector.method)
            #expect(request.path == vector.path)
            #expect(request.query == vector.query)
            #expect(request.version == vector.version)
            #expect(String(decoding: request.body, as: UTF8.self) == vector.body)
            #expect(request.headers.count == vector.headerCount)
        }
    }

    struct Refused: CustomTestStringConvertible, Sendable {
        var name: String
        var input: String
        var code: HTTPProtocolError.Code
        var status: Int
        var testDescription: String { name }
    }

    static let refused: [Refused] = [
        Refused(name: "two Content-Length values", input: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab", code: .invalidFraming, status: 400),
        Refused(name: "repeated equal Content-Length", input: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\na", code: .invalidFraming, status: 400),
        Refused(name: "Content-Length list", input: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1, 1\r\n\r\na", code: .invalidFraming, status: 400),
        Refused(name: "negative Content-Length", input: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n", code: .invalidFraming, status: 400),
        Refused(name: "non-numeric Content-Length", input: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: ten\r\n\r\n", code: .invalidFraming, status: 400),
        Refused(name: "signed Content-Length", input: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: +5\r\n\r\n", code: .invalidFraming, status: 400),
        Refused(name: "empty Content-Length", input: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length:\r\n\r\n", code: .invalidFraming, status: 400),
        Refused(name: "huge Content-Length", input: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999999999\r\n\r\n", code: .bodyTooLarge, status: 413),
        Refused(name: "Content-Length over the limit", input: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1048577\r\n\r\n", code: .bodyTooLarge, status: 413),
        Refused(name: "Content-Length with Transfer-Encoding", input: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", code: .invalidFraming, status: 400),
        Refused(name: "Transfer-Encoding gzip", input: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n", code: .unsupportedTransferEncoding, status: 501),
        Refused(name: "Transfer-Encoding gzip, chunked", input: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", code: .unsupportedTransferEncoding, status: 501),
        Refused(name: "two Transfer-Encoding fields", input: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n", code: .unsupportedTransferEncoding, status: 501),
        Refused(name: "Transfer-Encoding in HTTP/1.0", input: "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", code: .invalidFraming, status: 400),
        Refused(name: "whitespace before colon", input: "GET / HTTP/1.1\r\nHost : a\r\n\r\n", code: .malformedHeader, status: 400),
        Refused(name: "obs-fold", input: "GET / HTTP/1.1\r\nHost: a\r\nX-A: one\r\n two\r\n\r\n", code: .malformedHeader, status: 400),
        Refused(name: "header without colon", input: "GET / HTTP/1.1\r\nHost: a\r\nNoColon\r\n\r\n", code: .malformedHeader, status: 400),
        Refused(name: "empty header name", input: "GET / HTTP/1.1\r\nHost: a\r\n: value\r\n\r\n", code: .malformedHeader, status: 400),
        Refused(name: "invalid byte in header name", input: "GET / HTTP/1.1\r\nHost: a\r\nX(A): 1\r\n\r\n", code: .malformedHeader, status: 400),
        Refused(name: "control byte in header value", input: "GET / HTTP/1.1\r\nHost: a\r\nX-A: a\u{01}b\r\n\r\n", code: .malformedHeader, status: 400),
        Refused(name: "NUL in header value", input: "GET / HTTP/1.1\r\nHost: a\r\nX-A: a\u{00}b\r\n\r\n", code: .malformedHeader, status: 400),
        Refused(name: "bare CR in header value", input: "GET / HTTP/1.1\r\nHost: a\r\nX-A: a\rb\r\n\r\n", code: .invalidLineEnding, status: 400),
        Refused(name: "bare LF ends the request line", input: "GET / HTTP/1.1\nHost: a\r\n\r\n", code: .invalidLineEnding, status: 400),
        Refused(name: "bare LF ends a header", input: "GET / HTTP/1.1\r\nHost: a\n\r\n", code: .invalidLineEnding, status: 400),
        Refused(name: "invalid method byte", input: "G(T / HTTP/1.1\r\nHost: a\r\n\r\n", code: .malformedRequestLine, status: 400),
        Refused(name: "two spaces after method", input: "GET  / HTTP/1.1\r\nHost: a\r\n\r\n", code: .malformedRequestLine, status: 400),
        Refused(name: "missing version", input: "GET /\r\nHost: a\r\n\r\n", code: .malformedRequestLine, status: 400),
        Refused(name: "trailing space after version", input: "GET / HTTP/1.1 \r\nHost: a\r\n\r\n", code: .malformedRequestLine, status: 400),
        Refused(name: "lower-case version", input: "GET / http/1.1\r\nHost: a\r\n\r\n", code: .malformedRequestLine, status: 400),
        Refused(name: "HTTP/2.0", input: "GET / HTTP/2.0\r\nHost: a\r\n\r\n", code: .unsupportedVersion, status: 505),
        Refused(name: "HTTP/1.2", input: "GET / HTTP/1.2\r\nHost: a\r\n\r\n", code: .unsupportedVersion, status: 505),
        Refused(name: "target not a path", input: "GET index.html HTTP/1.1\r\nHost: a\r\n\r\n", code: .malformedRequestLine, status: 400),
        Refused(name: "non-ASCII byte in target", input: "GET /ä HTTP/1.1\r\nHost: a\r\n\r\n", code: .malformedRequestLine, status: 400),
        Refused(name: "missing Host in HTTP/1.1", input: "GET / HTTP/1.1\r\n\r\n", code: .missingHost, status: 400),
        Refused(name: "two Host fields", input: "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", code: .missingHost, status: 400),
        Refused(name: "empty Host", input: "GET / HTTP/1.1\r\nHost: \r\n\r\n", code: .invalidHost, status: 400),
        Refused(name: "empty Host in HTTP/1.0", input: "GET / HTTP/1.0\r\nHost:\r\n\r\n", code: .invalidHost, status: 400),
        Refused(name: "Host with a user part", input: "GET / HTTP/1.1\r\nHost: user@a\r\n\r\n", code: .invalidHost, status: 400),
        Refused(name: "Host with a space", input: "GET / HTTP/1.1\r\nHost: a b\r\n\r\n", code: .invalidHost, status: 400),
        Refused(name: "Host with two ports", input: "GET / HTTP/1.1\r\nHost: a:1:2\r\n\r\n", code: .invalidHost, status: 400),
        Refused(name: "Host port past 65535", input: "GET / HTTP/1.1\r\nHost: a:65536\r\n\r\n", code: .invalidHost, status: 400),
        Refused(name: "Host with an unclosed bracket", input: "GET / HTTP/1.1\r\nHost: [::1\r\n\r\n", code: .invalidHost, status: 400),
        Refused(name: "unknown expectation", input: "POST / HTTP/1.1\r\nHost: a\r\nExpect: magic\r\nContent-Length: 1\r\n\r\na", code: .unsupportedExpectation, status: 417),
        Refused(name: "chunk size not hex", input: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", code: .malformedChunk, status: 400),
        Refused(name: "chunk data longer than its size", input: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n", code: .malformedChunk, status: 400),
        Refused(name: "chunk size beyond body limit", input: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n100001\r\n", code: .bodyTooLarge, status: 413),
        Refused(name: "chunk size overflowing Int", input: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFFFFFFF\r\n", code: .bodyTooLarge, status: 413),
        Refused(name: "malformed trailer", input: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nbad trailer\r\n\r\n", code: .malformedHeader, status: 400),
    ]

    @Test(arguments: refused)
    func parser_refusesMalformedRequest_withStatusAndCode(_ vector: Refused) {
        for feed in [parseWhole, parseByteByByte] {
            #expect {
                _ = try feed(vector.input)
            } throws: { error in
                guard let error = error as? HTTPProtocolError else { return false }
                return error.code == vector.code && error.status.code == vector.status && !error.message.isEmpty
            }
        }
    }

    @Test func parser_returns414_whenRequestLineExceedsLimit() {
        let input = "GET /\(String(repeating: "a", count: 8200)) HTTP/1.1\r\nHost: a\r\n\r\n"
        #expect(throws: HTTPProtocolError.self) { try parseWhole(input) }
        #expect(failure(of: input)?.status == .uriTooLong)
    }

    @Test func parser_accepts_requestLineJustWithinLimit() throws {
        // 8192 bytes including CRLF.
        let filler = String(repeating: "a", count: 8192 - "GET / HTTP/1.1\r\n".utf8.count)
        let request = try parseWhole("GET /\(filler) HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(request.path.utf8.count == 1 + filler.utf8.count)
    }

    @Test func parser_returns431_whenHeadersExceed32KiB() throws {
        // 40 fields: far under the field limit, so only the byte limit can refuse them.
        let fields = (0..<40).map { "X-Field-\($0): \(String(repeating: "v", count: 900))\r\n" }.joined()
        let refusal = failure(of: "GET / HTTP/1.1\r\nHost: a\r\n\(fields)\r\n")
        #expect(refusal?.status == .requestHeaderFieldsTooLarge)
        #expect(refusal?.message.contains("header section is larger than") == true)
        let withinLimit = (0..<30).map { "X-Field-\($0): \(String(repeating: "v", count: 900))\r\n" }.joined()
        #expect(try parseWhole("GET / HTTP/1.1\r\nHost: a\r\n\(withinLimit)\r\n").headers.count == 31)
    }

    @Test func parser_returns431_forMoreThan100HeaderFields_evenWhenTiny() throws {
        // 101 one-byte fields are far under the byte limit; each still costs a parsed field.
        let fields = (0..<100).map { "x\($0): v\r\n" }.joined()
        let refusal = failure(of: "GET / HTTP/1.1\r\nHost: a\r\n\(fields)\r\n")
        #expect(refusal?.status == .requestHeaderFieldsTooLarge)
        #expect(refusal?.message == "The request has more than 100 header fields; send fewer fields.")
        let withinLimit = (0..<99).map { "x\($0): v\r\n" }.joined()
        #expect(try parseWhole("GET / HTTP/1.1\r\nHost: a\r\n\(withinLimit)\r\n").headers.count == 100)
    }

    @Test func parser_returns431_forMoreThan100TrailerFields() {
        let trailers = (0..<101).map { "t\($0): v\r\n" }.joined()
        let input = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nx\r\n0\r\n\(trailers)\r\n"
        #expect(failure(of: input)?.status == .requestHeaderFieldsTooLarge)
    }

    @Test func parser_refusesHugeHeaderLineBeforeItEnds_searchingEachByteOnce() {
        // 1 MiB of one header line offered a byte at a time: refused once the 32 KiB budget is
        // spent, and each byte was searched for a line end once, not once per read.
        var parser = HTTPRequestParser(limits: Self.limits)
        let head = Array("GET / HTTP/1.1\r\nHost: a\r\nX-Long: ".utf8)
        parser.append(head)
        var fed = head.count
        var refusal: HTTPProtocolError?
        for _ in 0..<(1 << 20) {
            parser.append([UInt8(ascii: "a")])
            fed += 1
            do { _ = try parser.next() } catch { refusal = error; break }
        }
        #expect(refusal?.status == .requestHeaderFieldsTooLarge)
        #expect(fed <= head.count + Self.limits.headerBytes + 1)
        // Rescanning the line on every byte (FlyingFox's failure) would search about fed²/2
        // bytes, half a billion here, which took 47 s.
        #expect(parser.bytesSearchedForUnfinishedLines <= fed)
    }

    @Test func parser_returnsPipelinedRequestsInOrder() throws {
        var parser = HTTPRequestParser(limits: Self.limits)
        parser.append(Array("GET /1 HTTP/1.1\r\nHost: a\r\n\r\nPOST /2 HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nhiGET /3 HTTP/1.1\r\nHost: a\r\n\r\n".utf8))
        var paths: [String] = []
        while case .request(let request) = try parser.next() { paths.append(request.path) }
        #expect(paths == ["/1", "/2", "/3"])
        #expect(parser.phase == .idle)
    }

    @Test func parser_signalsContinue_whenExpectHeaderAndNoBodyYet() throws {
        var parser = HTTPRequestParser(limits: Self.limits)
        parser.append(Array("POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n".utf8))
        #expect(try parser.next() == .continueExpected)
        #expect(try parser.next() == .needMoreData)
        #expect(parser.phase == .body)
        parser.append(Array("ok".utf8))
        guard case .request(let request) = try parser.next() else {
            Issue.record("expected a request")
            return
        }
        #expect(request.body == Array("ok".utf8))
    }

    @Test func parser_staysFailed_afterAnError() {
        var parser = HTTPRequestParser(limits: Self.limits)
        parser.append(Array("BAD\r\n\r\n".utf8))
        #expect(throws: HTTPProtocolError.self) { try parser.next() }
        parser.append(Array("GET / HTTP/1.1\r\nHost: a\r\n\r\n".utf8))
        #expect(throws: HTTPProtocolError.self) { try parser.next() }
    }

    @Test func parser_reportsPhases_idleHeadBody() throws {
        var parser = HTTPRequestParser(limits: Self.limits)
        #expect(parser.phase == .idle)
        parser.append(Array("POST / HTTP/1.1\r\nHo".utf8))
        #expect(try parser.next() == .needMoreData)
        #expect(parser.phase == .head)
        parser.append(Array("st: a\r\nContent-Length: 3\r\n\r\na".utf8))
        #expect(try parser.next() == .needMoreData)
        #expect(parser.phase == .body)
    }

    /// A refusal names the request's target once its request line shows it, so the application
    /// can answer in the shape of the API at that path; never a previous request's.
    @Test func aRefusal_carriesTheTarget_ofTheRequestItRefused() {
        #expect(failure(of: "POST /genesys/2/chat/s?x=1 HTTP/1.1\r\nHost: a\r\nBad Name: x\r\n\r\n")?.target == "/genesys/2/chat/s?x=1")
        #expect(failure(of: "POST /genesys/2/chat/s HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999\r\n\r\n")?.target == "/genesys/2/chat/s")
        #expect(failure(of: "GET /genesys/2/chat/s HTTP/3.0\r\nHost: a\r\n\r\n")?.target == "/genesys/2/chat/s")
        // A request line too long to finish: the target as far as it arrived.
        let long = failure(of: "GET /genesys/2/chat/\(String(repeating: "a", count: 9000)) HTTP/1.1\r\n")
        #expect(long?.status == .uriTooLong)
        #expect(long?.target?.hasPrefix("/genesys/2/chat/aaa") == true)
        // No target to tell: a line that is not a request line, or the second request of a pipeline
        // refused before its own line (the first's target is not carried over).
        #expect(failure(of: "BAD\r\n\r\n")?.target == nil)
        var parser = HTTPRequestParser(limits: Self.limits)
        parser.append(Array("GET /genesys/2/chat/s HTTP/1.1\r\nHost: a\r\n\r\nBAD\r\n".utf8))
        guard case .request = try? parser.next() else {
            Issue.record("expected the first request")
            return
        }
        do {
            _ = try parser.next()
            Issue.record("expected a refusal")
        } catch {
            #expect(error.code == .malformedRequestLine)
            #expect(error.target == nil)
        }
    }

    /// What the event loop names when a deadline passes mid-request: the target once it arrived.
    @Test func currentTarget_isKnownFromTheRequestLine_untilTheRequestIsComplete() throws {
        var parser = HTTPRequestParser(limits: Self.limits)
        #expect(parser.currentTarget == nil)
        parser.append(Array("POST /genesys/2/ch".utf8))
        #expect(try parser.next() == .needMoreData)
        #expect(parser.currentTarget == "/genesys/2/ch")
        parser.append(Array("at/s HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nab".utf8))
        #expect(try parser.next() == .needMoreData)
        #expect(parser.currentTarget == "/genesys/2/chat/s")
        parser.append(Array("cde".utf8))
        guard case .request = try parser.next() else {
            Issue.record("expected a request")
            return
        }
        #expect(parser.currentTarget == nil)
    }

    // MARK: - Helpers

    private func parseWhole(_ input: String) throws -> HTTPRequest {
        var parser = HTTPRequestParser(limits: Self.limits)
        parser.append(Array(input.utf8))
        return try expectRequest(&parser)
    }

    private func parseByteByByte(_ input: String) throws -> HTTPRequest {
        var parser = HTTPRequestParser(limits: Self.limits)
        for byte in input.utf8 {
            parser.append([byte])
            if case .request(let request) = try parser.next() { return request }
        }
        return try expectRequest(&parser)
    }

    private func expectRequest(_ parser: inout HTTPRequestParser) throws -> HTTPRequest {
        while true {
            switch try parser.next() {
            case .request(let request): return request
            case .continueExpected: continue
            case .needMoreData: throw ParseIncomplete()
            }
        }
    }

    private func failure(of input: String) -> HTTPProtocolError? {
        do {
            _ = try parseWhole(input)
            return nil
        } catch {
            return error as? HTTPProtocolError
        }
    }

    struct ParseIncomplete: Error {}
}
