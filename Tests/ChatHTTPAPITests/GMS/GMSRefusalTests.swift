import ChatCore
import EmulatorKit
import Foundation
import GMSWire
import HTTPServer
import HTTPTesting
import Testing

/// The refusals that happen before a GMS operation runs (the HTTP server's: a body too large, a
/// malformed head; the API's: the `Host`, the `apikey`; a method the route does not answer) are
/// in GMS's error shape on `/genesys/` paths, and stay in GWS's on GWS paths.
@Suite struct GMSRefusalTests {
    struct Vector: CustomTestStringConvertible, Sendable {
        var name: String
        /// The request's bytes; `{path}` is replaced by the path under test.
        var request: String
        var status: Int
        /// Part of the advice (GMS) or `statusMessage` (GWS): says what was wrong.
        var advice: String
        /// The server is started with this `--api-key`.
        var apiKey: String?
        var testDescription: String { name }
    }

    static let key = "s3cret"

    static let vectors: [Vector] = [
        Vector(
            name: "a body over the limit", request: "POST {path} HTTP/1.1\r\nHost: localhost\r\nContent-Length: 999999999999\r\n\r\n",
            status: 413, advice: "larger than"),
        Vector(
            name: "a malformed header", request: "POST {path} HTTP/1.1\r\nHost: localhost\r\nBad Name: x\r\nContent-Length: 0\r\n\r\n",
            status: 400, advice: "Malformed header"),
        Vector(
            name: "a header line ending in a bare LF", request: "POST {path} HTTP/1.1\r\nHost: localhost\nContent-Length: 0\r\n\r\n",
            status: 400, advice: "bare LF"),
        Vector(
            name: "headers over the limit",
            request: "POST {path} HTTP/1.1\r\nHost: localhost\r\nX-Padding: \(String(repeating: "p", count: 40 * 1024))\r\n\r\n", status: 431,
            advice: "header section is larger"),
        Vector(
            name: "two Content-Length fields", request: "POST {path} HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\nx",
            status: 400, advice: "Content-Length fields"),
        Vector(
            name: "a transfer coding other than chunked", request: "POST {path} HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: gzip\r\n\r\n",
            status: 501, advice: "chunked"),
        Vector(
            name: "a malformed chunk", request: "POST {path} HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", status: 400,
            advice: "Malformed chunked body"),
        Vector(
            name: "an expectation other than 100-continue", request: "POST {path} HTTP/1.1\r\nHost: localhost\r\nExpect: magic\r\nContent-Length: 0\r\n\r\n",
            status: 417, advice: "100-continue"),
        Vector(name: "no Host", request: "POST {path} HTTP/1.1\r\nContent-Length: 0\r\n\r\n", status: 400, advice: "needs a Host"),
        Vector(name: "an HTTP version not served", request: "POST {path} HTTP/1.7\r\nHost: localhost\r\n\r\n", status: 505, advice: "not supported"),
        Vector(
            name: "a request line over the limit", request: "POST {path}?\(String(repeating: "q", count: 9 * 1024)) HTTP/1.1\r\nHost: localhost\r\n\r\n",
            status: 414, advice: "request line is longer"),
        Vector(
            name: "a Host the server does not answer to", request: "POST {path} HTTP/1.1\r\nHost: attacker.example:8888\r\nContent-Length: 0\r\n\r\n",
            status: 421, advice: "attacker.example"),
        Vector(
            name: "no apikey", request: "POST {path} HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n", status: 401,
            advice: "'apikey' header is required", apiKey: key),
        Vector(
            name: "a wrong apikey", request: "POST {path} HTTP/1.1\r\nHost: localhost\r\napikey: wrong\r\nContent-Length: 0\r\n\r\n", status: 401,
            advice: "'apikey' header is wrong", apiKey: key),
        Vector(name: "a method the route does not answer", request: "PUT {path} HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n", status: 405, advice: "PUT"),
    ]

    @Test(arguments: vectors)
    func onAGMSPath_theRefusalIsInGMSShape(_ vector: Vector) throws {
        let server = try APITestServer(apiKey: vector.apiKey)
        let client = try RawHTTPClient(port: server.port)
        try client.send(vector.request.replacingOccurrences(of: "{path}", with: "/genesys/2/chat/customer-support"))
        let response = try client.readResponse()
        #expect(response.status == vector.status, "\(response.text)")
        #expect(response.header("Content-Type") == "application/json; charset=utf-8")
        #expect(GMSWire.isError(response.body), "not a GMS error answer: \(response.text)")
        let error = try GMSWire.decodeError(response.body)
        #expect(error.statusCode == 2)
        #expect(error.errors.first?.code == vector.status)
        #expect(error.errors.first?.advice.contains(vector.advice) == true, "\(response.text)")
        if vector.status == 405 { #expect(response.header("Allow") == "POST, OPTIONS") }
        #expect(server.host.chatCount == 0)
    }

    /// The same refusals on a GWS path keep GWS's error shape (`statusCode`, `statusMessage`).
    @Test(arguments: vectors)
    func onAGWSPath_theRefusalStaysInGWSShape(_ vector: Vector) throws {
        let server = try APITestServer(apiKey: vector.apiKey)
        let client = try RawHTTPClient(port: server.port)
        try client.send(vector.request.replacingOccurrences(of: "{path}", with: "/api/v2/chats"))
        let response = try client.readResponse()
        #expect(response.status == vector.status, "\(response.text)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any], "\(response.text)")
        #expect(object["errors"] == nil)
        #expect((object["statusMessage"] as? String)?.contains(vector.advice) == true, "\(response.text)")
    }

    /// A head that stops arriving is refused by the server's deadline (real time, 100 ms here), in
    /// GMS's shape on a GMS path: the event loop names the target that had arrived.
    @Test func aHeadThatStopsArriving_onAGMSPath_isA408InGMSShape() throws {
        let server = try APITestServer { $0.httpServer.timeouts.header = .milliseconds(100) }
        let client = try RawHTTPClient(port: server.port, timeout: .seconds(5))
        try client.send("POST /genesys/2/chat/customer-support HTTP/1.1\r\nHost: localhost\r\nX-Slow: ")
        let response = try client.readResponse()
        #expect(response.status == 408)
        let error = try GMSWire.decodeError(response.body)
        #expect(error.errors.first?.code == 408, "\(response.text)")
        #expect(error.errors.first?.advice.contains("did not arrive") == true)
    }

    /// A path that only starts like the GMS front's is not GMS's.
    @Test func aPathThatOnlyLooksLikeGMS_isAnsweredAsGWS() throws {
        let server = try APITestServer()
        let client = try RawHTTPClient(port: server.port)
        try client.send("POST /genesys/2/chatter HTTP/1.1\r\nHost: localhost\r\nContent-Length: 999999999999\r\n\r\n")
        let response = try client.readResponse()
        #expect(response.status == 413)
        #expect(!GMSWire.isError(response.body), "\(response.text)")
    }
}
