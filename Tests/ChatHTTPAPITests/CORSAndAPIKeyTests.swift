import Foundation
import Testing
import HTTPTesting

@Suite struct CORSAndAPIKeyTests {
    @Test func everyResponse_carriesCORSOrigin() throws {
        let server = try APITestServer()
        let client = try server.client()
        let id = try client.requestChat()
        for reply in [
            try client.send("GET", "/api/v2/chats/\(id)"),
            try client.send("GET", "/api/v2/chats/\(id)/messages"),
            try client.operation("SendMessage", on: id, text: "x"),
            try client.send("GET", "/nowhere"),
            try client.send("GET", "/health"),
            try client.send("GET", "/client/"),
        ] {
            #expect(reply.response.header("Access-Control-Allow-Origin") == "*")
        }
    }

    @Test func preflight_isAnswered204_withMethodsAndGWSHeaders() throws {
        let server = try APITestServer(apiKey: "secret")
        let client = try server.client()
        let reply = try client.send(
            "OPTIONS", "/api/v2/chats/\(ErrorResponsesTests.unknownID)",
            headers: ["Origin": "http://example.com", "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "apikey, content-type"])
        #expect(reply.status == 204)
        #expect(reply.response.body.isEmpty)
        #expect(reply.response.header("Access-Control-Allow-Origin") == "*")
        #expect(reply.response.header("Access-Control-Allow-Methods") == "GET, HEAD, POST, OPTIONS")
        let allowed = reply.response.header("Access-Control-Allow-Headers") ?? ""
        for header in ["apikey", "ContactCenterId", "Content-Type", "Accept", "X-Requested-With"] {
            #expect(allowed.contains(header))
        }
        // With a key set, a preflight names the API's methods, not the route's, and no Allow.
        #expect(reply.response.header("Allow") == nil)
        let chats = try client.send("OPTIONS", "/api/v2/chats", headers: Self.preflightHeaders)
        #expect(chats.status == 204)
        #expect(chats.response.header("Access-Control-Allow-Methods") == "GET, HEAD, POST, OPTIONS")
    }

    static let preflightHeaders = ["Origin": "http://example.com", "Access-Control-Request-Method": "POST"]

    @Test func preflight_withoutKeyConfigured_namesTheRoutesMethods() throws {
        let server = try APITestServer()
        let client = try server.client()
        let reply = try client.send("OPTIONS", "/api/v2/chats", headers: Self.preflightHeaders)
        #expect(reply.status == 204)
        #expect(reply.response.header("Access-Control-Allow-Methods") == "POST, OPTIONS")
        #expect(try client.send("OPTIONS", "/api/v2/chats").response.header("Allow") == "POST, OPTIONS")
    }

    @Test func configuredAPIKey_isCheckedBefore_allowOr405() throws {
        let key = "N18TFGbKpn0zaGLXDFZhPWpTcB2eyx44"
        let server = try APITestServer(apiKey: key)
        let client = try server.client()
        // Without the key, neither OPTIONS nor a wrong method tells which methods the route takes.
        for (method, path) in [("OPTIONS", "/api/v2/chats"), ("DELETE", "/api/v2/chats"), ("GET", "/api/v2/chats"), ("PUT", "/api/v2/chats/\(ErrorResponsesTests.unknownID)/messages")] {
            let reply = try client.send(method, path)
            #expect(reply.status == 401, "\(method) \(path)")
            #expect(reply.statusCode == 20)
            #expect(reply.response.header("Allow") == nil)
            #expect(reply.response.header("Access-Control-Allow-Methods") == nil)
        }
        // With it, they do.
        let options = try client.send("OPTIONS", "/api/v2/chats", headers: ["apikey": key])
        #expect(options.status == 204)
        #expect(options.response.header("Allow") == "POST, OPTIONS")
        let wrongMethod = try client.send("GET", "/api/v2/chats", headers: ["apikey": key])
        #expect(wrongMethod.status == 405)
        #expect(wrongMethod.response.header("Allow") == "POST, OPTIONS")
    }

    @Test func apiKey_isComparedByteForByte_notByUnicodeEquivalence() throws {
        let body = #"{"operationName":"RequestChat","nickname":"n","subject":"s"}"#
        // é precomposed (U+00E9) and Å (U+00C5): Swift String equality also accepts e + U+0301
        // and the Angstrom sign U+212B.
        for (key, equivalent) in [("caf\u{E9}-key", "cafe\u{301}-key"), ("\u{C5}ngstr\u{F6}m", "\u{212B}ngstr\u{F6}m")] {
            #expect(key == equivalent)  // the trap: equal as Swift strings
            let server = try APITestServer(apiKey: key)
            let client = try server.client()
            #expect(try client.send("POST", "/api/v2/chats", body: body, headers: ["apikey": equivalent]).status == 401)
            #expect(try client.send("POST", "/api/v2/chats", body: body, headers: ["apikey": key]).status == 200)
            // A prefix or an extension of the key is no key either.
            #expect(try client.send("POST", "/api/v2/chats", body: body, headers: ["apikey": String(key.dropLast())]).status == 401)
            #expect(try client.send("POST", "/api/v2/chats", body: body, headers: ["apikey": key + "x"]).status == 401)
        }
    }

    @Test func apiKey_isNotChecked_byDefault() throws {
        let server = try APITestServer()
        let client = try server.client()
        #expect(try client.send("POST", "/api/v2/chats", body: #"{"operationName":"RequestChat","nickname":"n","subject":"s"}"#).status == 200)
    }

    @Test func configuredAPIKey_isRequired_andAnswered401Code20() throws {
        let server = try APITestServer(apiKey: "N18TFGbKpn0zaGLXDFZhPWpTcB2eyx44")
        let client = try server.client()
        let body = #"{"operationName":"RequestChat","nickname":"n","subject":"s"}"#
        let missing = try client.send("POST", "/api/v2/chats", body: body)
        #expect(missing.status == 401)
        #expect(missing.statusCode == 20)
        #expect(missing.statusMessage.contains("'apikey'"))
        let wrong = try client.send("POST", "/api/v2/chats", body: body, headers: ["apikey": "nope"])
        #expect(wrong.status == 401)
        #expect(wrong.statusCode == 20)
        let right = try client.send("POST", "/api/v2/chats", body: body, headers: ["apikey": "N18TFGbKpn0zaGLXDFZhPWpTcB2eyx44"])
        #expect(right.status == 200)
        let id = try #require(right.json["id"] as? String)
        #expect(try client.send("GET", "/api/v2/chats/\(id)").status == 401)
        #expect(try client.send("GET", "/api/v2/chats/\(id)/messages", headers: ["apikey": "N18TFGbKpn0zaGLXDFZhPWpTcB2eyx44"]).status == 200)
    }

    @Test func configuredAPIKey_isNotAskedOf_preflightHealthOrClient() throws {
        let server = try APITestServer(apiKey: "secret")
        let client = try server.client()
        #expect(try client.send("OPTIONS", "/api/v2/chats", headers: Self.preflightHeaders).status == 204)
        #expect(try client.send("GET", "/health").status == 200)
        #expect(try client.send("GET", "/client/").status == 200)
    }
}
