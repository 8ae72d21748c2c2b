import ChatCore
import Foundation
import ChatHTTPAPI
import EmulatorKit
import GMSWire
import HTTPTesting
import Testing

/// Hostile and mistaken GMS requests: each gets GMS's error shape (`statusCode` 2, `errors` with a
/// code and advice that says what and where), and nothing is stored.
@Suite struct GMSHostileInputTests {
    struct Vector: CustomTestStringConvertible, Sendable {
        var name: String
        /// `{chat}` is replaced by the chat's id; `{user}`, `{key}`, `{alias}` by its credentials.
        var path: String
        var body: String
        var status: Int
        var code: Int
        var advice: String
        var method = "POST"
        var contentType = "application/x-www-form-urlencoded"
        var testDescription: String { name }
    }

    static let unknownID = "00000000-0000-4000-8000-000000000000"
    static let credentials = "userId={user}&secureKey={key}&alias={alias}"

    static let vectors: [Vector] = [
        // Requesting a chat.
        Vector(name: "no name at all", path: "/genesys/2/chat/s", body: "subject=x", status: 400, code: 161, advice: "'nickname', or 'firstName' and 'lastName'"),
        Vector(name: "lastName alone", path: "/genesys/2/chat/s", body: "lastName=Doe", status: 400, code: 102, advice: "'firstName' is required"),
        Vector(name: "firstName alone", path: "/genesys/2/chat/s", body: "firstName=Jo", status: 400, code: 103, advice: "'lastName' is required"),
        Vector(name: "not an e-mail address", path: "/genesys/2/chat/s", body: "nickname=N&emailAddress=jo%20doe", status: 400, code: 364, advice: "'emailAddress'"),
        Vector(name: "a field twice", path: "/genesys/2/chat/s", body: "nickname=A&nickname=B", status: 400, code: 400, advice: "'nickname' is given twice"),
        Vector(name: "malformed userData field", path: "/genesys/2/chat/s", body: "nickname=A&userData[=x", status: 400, code: 400, advice: "userData["),
        Vector(name: "escape not UTF-8", path: "/genesys/2/chat/s", body: "nickname=%FF", status: 400, code: 400, advice: "not UTF-8"),
        Vector(name: "nickname over the bound", path: "/genesys/2/chat/s", body: "nickname=" + String(repeating: "n", count: 1_025), status: 400, code: 400, advice: "at most 1024"),
        Vector(name: "malformed JSON", path: "/genesys/2/chat/s", body: #"{"nickname":"#, status: 400, code: 400, advice: "Malformed JSON", contentType: "application/json"),
        Vector(name: "JSON nickname an object", path: "/genesys/2/chat/s", body: #"{"nickname":{"a":1}}"#, status: 400, code: 400, advice: "'nickname' must be a string or a number", contentType: "application/json"),
        Vector(name: "service name with a space", path: "/genesys/2/chat/a%20b", body: "nickname=N", status: 404, code: 404, advice: "letters, digits"),
        Vector(name: "no service", path: "/genesys/2/chat", body: "nickname=N", status: 404, code: 404, advice: "{serviceName}"),
        Vector(name: "GET a service", path: "/genesys/2/chat/s", body: "", status: 405, code: 405, advice: "use POST", method: "GET"),
        // Operations on a chat.
        Vector(name: "wrong secureKey", path: "/genesys/2/chat/s/{chat}/send", body: "message=x&userId={user}&secureKey=0000000000000000&alias={alias}", status: 401, code: 401, advice: "secureKey"),
        Vector(name: "secureKey of another length", path: "/genesys/2/chat/s/{chat}/refresh", body: "userId={user}&secureKey={key}0&alias={alias}", status: 401, code: 401, advice: "secureKey"),
        Vector(name: "wrong userId", path: "/genesys/2/chat/s/{chat}/send", body: "message=x&userId=007555677B20000A&secureKey={key}&alias={alias}", status: 401, code: 401, advice: "userId"),
        Vector(name: "wrong alias", path: "/genesys/2/chat/s/{chat}/send", body: "message=x&userId={user}&secureKey={key}&alias=9", status: 401, code: 401, advice: "alias"),
        Vector(name: "no secureKey", path: "/genesys/2/chat/s/{chat}/send", body: "message=x&userId={user}&alias={alias}", status: 400, code: 400, advice: "'secureKey'"),
        Vector(name: "no message", path: "/genesys/2/chat/s/{chat}/send", body: credentials, status: 400, code: 400, advice: "'message'"),
        Vector(name: "unknown chat", path: "/genesys/2/chat/s/\(unknownID)/refresh", body: credentials, status: 404, code: 404, advice: "does not exist"),
        Vector(name: "malformed chat id", path: "/genesys/2/chat/s/..%2F..%2Fetc/refresh", body: credentials, status: 404, code: 404, advice: "does not exist"),
        Vector(name: "negative transcriptPosition", path: "/genesys/2/chat/s/{chat}/refresh", body: credentials + "&transcriptPosition=-1", status: 400, code: 400, advice: "non-negative integer"),
        Vector(name: "transcriptPosition not a number", path: "/genesys/2/chat/s/{chat}/refresh", body: credentials + "&transcriptPosition=abc", status: 400, code: 400, advice: "not 'abc'"),
        Vector(name: "transcriptPosition huge", path: "/genesys/2/chat/s/{chat}/refresh", body: credentials + "&transcriptPosition=99999999999999999999999", status: 400, code: 400, advice: "non-negative integer"),
        Vector(name: "transcriptPosition past the end", path: "/genesys/2/chat/s/{chat}/refresh", body: credentials + "&transcriptPosition=99", status: 400, code: 400, advice: "past the end of the transcript; its next position is"),
        Vector(name: "unknown operation", path: "/genesys/2/chat/s/{chat}/dance", body: credentials, status: 404, code: 404, advice: "No operation 'dance'"),
        Vector(name: "no operation", path: "/genesys/2/chat/s/{chat}", body: credentials, status: 404, code: 404, advice: "{operation}"),
        Vector(name: "GET an operation", path: "/genesys/2/chat/s/{chat}/refresh", body: "", status: 405, code: 405, advice: "use POST", method: "GET"),
    ]

    @Test(arguments: vectors)
    func answersGMSError_andStoresNothing(_ vector: Vector) throws {
        let server = try APITestServer()
        let client = GMSTestClient(api: try server.client())
        let session = try client.start()
        let id = try #require(ChatID(validating: session.chatId))
        let before = try server.host.transcript(of: id, from: 0, markingReceived: false)
        func filled(_ text: String) -> String {
            text.replacingOccurrences(of: "{chat}", with: session.chatId).replacingOccurrences(of: "{user}", with: session.userId)
                .replacingOccurrences(of: "{key}", with: session.secureKey).replacingOccurrences(of: "{alias}", with: session.alias)
        }
        let raw = try client.api.send(
            vector.method, filled(vector.path), body: vector.body.isEmpty ? nil : filled(vector.body), headers: ["Content-Type": vector.contentType])
        let reply = GMSTestClient.Reply(raw: raw)
        #expect(reply.status == vector.status, "\(raw.response.text)")
        let error = try #require(reply.error, "not a GMS error answer: \(raw.response.text)")
        #expect(error.statusCode == 2)
        #expect(reply.code == vector.code)
        #expect(reply.advice.contains(vector.advice), "\(reply.advice)")
        #expect(raw.response.header("Content-Type") == "application/json; charset=utf-8")
        #expect(server.host.chatCount == 1, "no chat was created")
        #expect(try server.host.transcript(of: id, from: 0, markingReceived: false) == before, "nothing was added")
    }

    /// A wrong key is refused however it differs, and never serves the transcript.
    @Test func aWrongSecureKey_neverServesTheTranscript() throws {
        let server = try APITestServer()
        let client = GMSTestClient(api: try server.client())
        let session = try client.start()
        _ = try client.operation("send", session, [("message", "my account number is 42")])
        for key in ["", String(session.secureKey.dropLast()), session.secureKey.uppercased(), session.secureKey + " ", String(session.secureKey.reversed())] {
            var wrong = session
            wrong.secureKey = key
            let reply = try client.refresh(wrong, from: 1)
            #expect(reply.status == 401, "key '\(key)'")
            #expect(!reply.raw.response.text.contains("account number"))
        }
        // Another chat's key does not open this one.
        let other = try client.start()
        var crossed = session
        crossed.secureKey = other.secureKey
        crossed.userId = other.userId
        #expect(try client.refresh(crossed, from: 1).status == 401)
    }
}
