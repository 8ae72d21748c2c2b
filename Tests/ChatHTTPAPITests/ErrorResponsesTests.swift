import Foundation
import HTTPTesting
import Testing
import ChatCore

/// Every error path answers JSON `{"statusCode": N, "statusMessage": "..."}` with the right HTTP status.
@Suite struct ErrorResponsesTests {
    static let unknownID = "00000000-0000-4000-8000-000000000000"

    struct Vector: CustomTestStringConvertible, Sendable {
        var name: String
        var method: String
        var path: String
        var body: String?
        var status: Int
        var statusCode: Int
        /// Part of the message that must be there (what and where).
        var message: String
        var testDescription: String { name }
    }

    static let requestChatVectors: [Vector] = [
        Vector(name: "empty body", method: "POST", path: "/api/v2/chats", body: "", status: 400, statusCode: 1, message: "Malformed JSON at byte 0"),
        Vector(name: "unterminated object", method: "POST", path: "/api/v2/chats", body: #"{"operationName":"RequestChat""#, status: 400, statusCode: 1, message: "Malformed JSON at byte 30"),
        Vector(name: "missing value", method: "POST", path: "/api/v2/chats", body: #"{"operationName": }"#, status: 400, statusCode: 1, message: "Malformed JSON at byte 18"),
        Vector(name: "trailing comma", method: "POST", path: "/api/v2/chats", body: #"{"a":"b",}"#, status: 400, statusCode: 1, message: "Malformed JSON at byte 9"),
        Vector(name: "single quotes", method: "POST", path: "/api/v2/chats", body: "{'operationName':'RequestChat'}", status: 400, statusCode: 1, message: "Malformed JSON at byte 1"),
        Vector(name: "data after the value", method: "POST", path: "/api/v2/chats", body: #"{"a":"b"} x"#, status: 400, statusCode: 1, message: "unexpected data after the JSON value"),
        Vector(name: "raw control character in string", method: "POST", path: "/api/v2/chats", body: "{\"a\":\"x\u{01}\"}", status: 400, statusCode: 1, message: "control character"),
        Vector(name: "invalid escape", method: "POST", path: "/api/v2/chats", body: #"{"a":"\q"}"#, status: 400, statusCode: 1, message: "invalid escape"),
        Vector(name: "duplicate member", method: "POST", path: "/api/v2/chats", body: #"{"a":"1","a":"2"}"#, status: 400, statusCode: 1, message: "appears twice"),
        Vector(name: "second line", method: "POST", path: "/api/v2/chats", body: "{\n  \"a\" \"b\"}", status: 400, statusCode: 1, message: "line 2, column 7"),
        Vector(name: "array body", method: "POST", path: "/api/v2/chats", body: "[1]", status: 400, statusCode: 1, message: "must be a JSON object"),
        Vector(name: "missing operationName", method: "POST", path: "/api/v2/chats", body: #"{"nickname":"a","subject":"b"}"#, status: 400, statusCode: 1, message: "Missing required parameter 'operationName'"),
        Vector(name: "operationName not a string", method: "POST", path: "/api/v2/chats", body: #"{"operationName":1}"#, status: 400, statusCode: 1, message: "'operationName' must be a string, not a number"),
        Vector(name: "unknown operationName", method: "POST", path: "/api/v2/chats", body: #"{"operationName":"Dance"}"#, status: 405, statusCode: 1, message: "Unknown operationName 'Dance'"),
        Vector(name: "missing nickname", method: "POST", path: "/api/v2/chats", body: #"{"operationName":"RequestChat","subject":"s"}"#, status: 400, statusCode: 1, message: "Missing required parameter 'nickname'"),
        Vector(name: "empty nickname", method: "POST", path: "/api/v2/chats", body: #"{"operationName":"RequestChat","nickname":"","subject":"s"}"#, status: 400, statusCode: 1, message: "'nickname'"),
        Vector(name: "missing subject", method: "POST", path: "/api/v2/chats", body: #"{"operationName":"RequestChat","nickname":"n"}"#, status: 400, statusCode: 1, message: "Missing required parameter 'subject'"),
        Vector(name: "nickname is a number", method: "POST", path: "/api/v2/chats", body: #"{"operationName":"RequestChat","nickname":5,"subject":"s"}"#, status: 400, statusCode: 1, message: "'nickname' must be a string"),
        Vector(name: "userData not an object", method: "POST", path: "/api/v2/chats", body: #"{"operationName":"RequestChat","nickname":"n","subject":"s","userData":"x"}"#, status: 400, statusCode: 1, message: "'userData' must be an object of strings, numbers or booleans"),
        Vector(name: "userData value an object", method: "POST", path: "/api/v2/chats", body: #"{"operationName":"RequestChat","nickname":"n","subject":"s","userData":{"k":{"a":"b"}}}"#, status: 400, statusCode: 1, message: "'userData.k' must be a string, a number or a boolean, not an object"),
        Vector(name: "userData value an array", method: "POST", path: "/api/v2/chats", body: #"{"operationName":"RequestChat","nickname":"n","subject":"s","userData":{"ok":1,"list":[1]}}"#, status: 400, statusCode: 1, message: "'userData.list' must be a string, a number or a boolean, not an array"),
        Vector(name: "GET on /chats", method: "GET", path: "/api/v2/chats", body: nil, status: 405, statusCode: 1, message: "GET is not allowed"),
        Vector(name: "DELETE a chat", method: "DELETE", path: "/api/v2/chats/\(unknownID)", body: nil, status: 405, statusCode: 1, message: "use GET, HEAD, POST, OPTIONS"),
        Vector(name: "unknown route", method: "GET", path: "/api/v1/chats", body: nil, status: 404, statusCode: 6, message: "No resource at /api/v1/chats"),
        Vector(name: "unknown sub-resource", method: "GET", path: "/api/v2/chats/\(unknownID)/files", body: nil, status: 404, statusCode: 6, message: "No resource"),
        Vector(name: "GetChat of unknown chat", method: "GET", path: "/api/v2/chats/\(unknownID)", body: nil, status: 404, statusCode: 6, message: "does not exist"),
        Vector(name: "GetChat of malformed id", method: "GET", path: "/api/v2/chats/not-a-uuid", body: nil, status: 404, statusCode: 6, message: "Chat not-a-uuid does not exist"),
        Vector(name: "path traversal as id", method: "GET", path: "/api/v2/chats/..%2F..%2Fetc", body: nil, status: 404, statusCode: 6, message: "does not exist"),
        Vector(name: "SendMessage to unknown chat", method: "POST", path: "/api/v2/chats/\(unknownID)", body: #"{"operationName":"SendMessage","text":"x"}"#, status: 404, statusCode: 6, message: "does not exist"),
        Vector(name: "transcript of unknown chat", method: "GET", path: "/api/v2/chats/\(unknownID)/messages", body: nil, status: 404, statusCode: 6, message: "does not exist"),
    ]

    @Test(arguments: requestChatVectors)
    func api_answersJSONError(_ vector: Vector) throws {
        let server = try APITestServer()
        let reply = try server.client().send(vector.method, vector.path, body: vector.body)
        try expectError(reply, vector)
    }

    static let chatVectors: [Vector] = [
        Vector(name: "SendMessage without text", method: "POST", path: "", body: #"{"operationName":"SendMessage"}"#, status: 400, statusCode: 1, message: "Missing required parameter 'text'"),
        Vector(name: "SendMessage with numeric text", method: "POST", path: "", body: #"{"operationName":"SendMessage","text":3}"#, status: 400, statusCode: 1, message: "'text' must be a string"),
        Vector(name: "RequestChat on a chat", method: "POST", path: "", body: #"{"operationName":"RequestChat"}"#, status: 405, statusCode: 1, message: "Unknown operationName 'RequestChat'"),
        Vector(name: "malformed JSON on a chat", method: "POST", path: "", body: #"{"operationName":"Complete""#, status: 400, statusCode: 1, message: "Malformed JSON at byte 27"),
        Vector(name: "index not a number", method: "GET", path: "/messages?index=abc", body: nil, status: 400, statusCode: 1, message: "'index' must be a non-negative integer, not 'abc'"),
        Vector(name: "negative index", method: "GET", path: "/messages?index=-1", body: nil, status: 400, statusCode: 1, message: "not '-1'"),
        Vector(name: "empty index", method: "GET", path: "/messages?index=", body: nil, status: 400, statusCode: 1, message: "'index'"),
        Vector(name: "index too large for an integer", method: "GET", path: "/messages?index=99999999999999999999999", body: nil, status: 400, statusCode: 1, message: "'index'"),
        Vector(name: "POST to messages", method: "POST", path: "/messages", body: "{}", status: 405, statusCode: 1, message: "use GET, HEAD, OPTIONS"),
    ]

    @Test(arguments: chatVectors)
    func api_answersJSONError_onExistingChat(_ vector: Vector) throws {
        let server = try APITestServer()
        let client = try server.client()
        let id = try client.requestChat()
        let reply = try client.send(vector.method, "/api/v2/chats/\(id)\(vector.path)", body: vector.body)
        try expectError(reply, vector)
    }

    @Test func methodNotAllowed_listsAllowedMethods() throws {
        let server = try APITestServer()
        let reply = try server.client().send("PUT", "/api/v2/chats")
        #expect(reply.status == 405)
        #expect(reply.response.header("Allow") == "POST, OPTIONS")
    }

    @Test func malformedHTTP_isAnsweredInGWSJSON_withCORS() throws {
        let server = try APITestServer()
        let raw = try RawHTTPClient(port: server.port)
        try raw.send("POST /api/v2/chats HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!")
        let response = try raw.readResponse()
        #expect(response.status == 400)
        #expect(response.header("Connection") == "close")
        #expect(response.header("Content-Type") == "application/json; charset=utf-8")
        #expect(response.header("Access-Control-Allow-Origin") == "*")
        let json = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
        #expect(json?["statusCode"] as? Int == 1)
        #expect((json?["statusMessage"] as? String)?.contains("Content-Length") == true)
    }

    /// Over the body limit: 1 MiB, raised to hold the largest file upload (2 MiB + 64 KiB by default).
    @Test func oversizedBody_isAnswered413InGWSJSON() throws {
        let server = try APITestServer()
        let raw = try RawHTTPClient(port: server.port)
        try raw.send("POST /api/v2/chats HTTP/1.1\r\nHost: localhost\r\nContent-Length: 3000000\r\n\r\n")
        let response = try raw.readResponse()
        #expect(response.status == 413)
        let json = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
        #expect(json?["statusCode"] as? Int == 1)
    }

    private func expectError(_ reply: APIClient.Reply, _ vector: Vector) throws {
        #expect(reply.status == vector.status, "\(reply.response.text)")
        #expect(reply.statusCode == vector.statusCode)
        #expect(reply.statusMessage.contains(vector.message), "message was: \(reply.statusMessage)")
        #expect(reply.json.count == 2)
        #expect(reply.response.header("Content-Type") == "application/json; charset=utf-8")
        #expect(reply.response.header("Access-Control-Allow-Origin") == "*")
    }
}

@Suite struct InternalFailureTests {
    @Test func unwritableJournal_isAnswered500WithCode4() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try APITestServer(dataDirectory: directory)
        let client = try server.client()
        let id = try client.requestChat()
        server.host.shutdown()  // closes the journal: the next write opens the file again
        let journal = directory.appendingPathComponent("chats/\(id).jsonl")
        try FileManager.default.removeItem(at: journal)
        try FileManager.default.createDirectory(at: journal, withIntermediateDirectories: false)

        let reply = try client.operation("SendMessage", on: id, text: "hello")
        #expect(reply.status == 500)
        #expect(reply.statusCode == 4)
        #expect(reply.statusMessage.contains("could not be saved"))
        // The server itself keeps serving.
        #expect(try client.send("GET", "/health").status == 200)
    }
}
