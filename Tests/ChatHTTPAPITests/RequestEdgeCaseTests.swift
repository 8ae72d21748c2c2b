import ChatCore
import Foundation
import HTTPTesting
import Testing

/// The smaller findings of hostile round 3 (point 15), over real HTTP: each gets a clear answer
/// instead of a guess.
@Suite struct RequestEdgeCaseTests {
    private func raw(_ server: APITestServer, _ text: String) throws -> APIClient.Reply {
        let client = try server.client()
        try client.raw.send(text)
        return try client.readReply()
    }

    @Test func optionsStar_namesTheServersMethods() throws {
        let server = try APITestServer(apiKey: "k")
        let reply = try raw(server, "OPTIONS * HTTP/1.1\r\nHost: localhost\r\n\r\n")
        #expect(reply.status == 204)
        #expect(reply.response.header("Allow") == "GET, HEAD, POST, OPTIONS")
        // `*` is a target for OPTIONS only.
        #expect(try raw(server, "GET * HTTP/1.1\r\nHost: localhost\r\n\r\n").status == 400)
    }

    @Test func anEmptyOrMalformedHost_isA400_namingTheField() throws {
        let server = try APITestServer()
        for host in ["", "a b", "x@localhost", "localhost:8888:1", "localhost:99999", "localhost:80a", "[::1", "[]:80", "local/host", "[::1]x"] {
            let reply = try raw(server, "GET /health HTTP/1.1\r\nHost: \(host)\r\n\r\n")
            #expect(reply.status == 400, "Host: '\(host)'")
            #expect(reply.statusMessage.contains("Host field"), "Host: '\(host)': \(reply.statusMessage)")
        }
        for host in ["localhost", "localhost:", "127.0.0.1:8888", "[::1]:8888"] {
            #expect(try raw(server, "GET /health HTTP/1.1\r\nHost: \(host)\r\n\r\n").status == 200, "Host: '\(host)'")
        }
    }

    @Test func twoAPIKeyHeaders_areRefused_evenWhenOneIsRight() throws {
        let server = try APITestServer(apiKey: "right")
        for pair in [("right", "wrong"), ("wrong", "right"), ("right", "right")] {
            let reply = try raw(server, "GET /api/v2/chats/\(ErrorResponsesTests.unknownID) HTTP/1.1\r\nHost: localhost\r\napikey: \(pair.0)\r\napikey: \(pair.1)\r\n\r\n")
            #expect(reply.status == 401 && reply.statusCode == 20, "\(pair)")
            #expect(reply.statusMessage.contains("2 'apikey' headers"))
        }
        let one = try raw(server, "GET /api/v2/chats/\(ErrorResponsesTests.unknownID) HTTP/1.1\r\nHost: localhost\r\napikey: right\r\n\r\n")
        #expect(one.status == 404)
    }

    private func form(_ server: APITestServer, _ body: String) throws -> APIClient.Reply {
        try server.client().send("POST", "/api/v2/chats", body: body, headers: ["Content-Type": "application/x-www-form-urlencoded"])
    }

    @Test func formBodies_refuseWhatJSONRefuses_andSayWhichField() throws {
        let server = try APITestServer()
        let base = "operationName=RequestChat&subject=S"
        let vectors: [(body: String, says: String)] = [
            ("\(base)&nickname=A&nickname=B", "'nickname' is given twice"),
            ("\(base)&nickname=A&userData[k]=1&userData[k]=2", "userData[k] is given twice"),
            ("\(base)&nickname=A&userData%5Bk%5D=1&userData[k]=2", "userData[k] is given twice"),
            ("\(base)&nickname=A&userData[=x", "Form field 4 ('userData[')"),
            ("\(base)&nickname=A&userData[]=x", "non-empty KEY"),
            ("\(base)&nickname=A&userData[a]b]=x", "cannot hold"),
            ("\(base)&nickname=%FF", "Form field 3 ('nickname')"),
            ("\(base)&nickname=A%2", "malformed escape"),
            ("\(base)&nickname=A&=x", "has no name"),
            ("\(base)&nickname=A&userData=x&userData[k]=v", "both 'userData' and userData[KEY]"),
        ]
        for vector in vectors {
            let reply = try form(server, vector.body)
            #expect(reply.status == 400 && reply.statusCode == 1, "\(vector.body)")
            #expect(reply.statusMessage.contains(vector.says), "\(vector.body): \(reply.statusMessage)")
        }
        #expect(server.host.chatCount == 0)
        // What is well formed still works, escapes decoded.
        let created = try form(server, "\(base)&nickname=J%C3%B6rg+K&userData%5Bacct%5D=4%2B2")
        let id = try #require(ChatID(validating: created.json["id"] as? String ?? ""))
        #expect(try server.host.chat(id).customerNickname == "Jörg K")
        #expect(try server.host.chat(id).userData == ["acct": "4+2"])
    }

    @Test func transcriptIndex_isDecimalDigitsOnly_givenOnce() throws {
        let server = try APITestServer()
        let client = try server.client()
        let id = try client.requestChat()
        for query in ["index=%2B3", "index=+3", "index=-1", "index=3.0", "index=", "index", "index=%FF", "index=1&index=2", "index=99999999999999999999"] {
            let reply = try client.send("GET", "/api/v2/chats/\(id)/messages?\(query)")
            #expect(reply.status == 400 && reply.statusCode == 1, "\(query)")
            #expect(reply.statusMessage.contains("'index'"), "\(query)")
        }
        #expect(try client.send("GET", "/api/v2/chats/\(id)/messages?index=3").status == 200)
        #expect(try client.send("GET", "/api/v2/chats/\(id)/messages?index=0003").status == 200)
    }

    @Test func requestChat_refusedByAFullDisk_namesNoChatThatWasNeverCreated() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try APITestServer(dataDirectory: directory)
        let client = try server.client()
        // No journal can be created any more: chats/ is now a file.
        let chats = directory.appendingPathComponent("chats")
        try FileManager.default.removeItem(at: chats)
        try Data("not a folder".utf8).write(to: chats)

        let reply = try client.send("POST", "/api/v2/chats", body: #"{"operationName":"RequestChat","nickname":"A","subject":"S"}"#)
        #expect(reply.status == 500 && reply.statusCode == 4)
        #expect(reply.statusMessage.contains("none was created"))
        #expect(reply.response.text.firstMatch(of: /[0-9a-f]{8}-[0-9a-f]{4}-/) == nil, "\(reply.statusMessage)")
        #expect(server.host.chatCount == 0)
        #expect(try client.send("GET", "/health").json["chats"] as? Int == 0)
    }
}
