import Foundation
import Testing

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
        #expect(try client.send("OPTIONS", "/api/v2/chats").response.header("Access-Control-Allow-Methods") == "POST, OPTIONS")
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
        #expect(try client.send("OPTIONS", "/api/v2/chats").status == 204)
        #expect(try client.send("GET", "/health").status == 200)
        #expect(try client.send("GET", "/client/").status == 200)
    }
}
