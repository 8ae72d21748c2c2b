import ChatCore
import ChatHTTPAPI
import EmulatorKit
import Foundation
import HTTPTesting
import Testing

/// A web page on another origin, or one whose name was rebound to 127.0.0.1, against a server
/// without a key: what the browser would send, over real HTTP (hostile round 3, point 1).
@Suite struct DriveByPageTests {
    static let evil = "http://evil.example"

    @Test func emulator_refusesAForeignOrigin_readingOrActing_butServesItsOwnPagesAndScripts() throws {
        let server = try APITestServer()
        let client = try server.client()
        let id = try client.requestChat(nickname: "Ann", subject: "Card 4242")

        // A page elsewhere reads nothing and takes nothing over.
        let read = try client.send("GET", "/emulator/chats", headers: ["Origin": Self.evil])
        #expect(read.status == 403 && read.statusCode == 3)
        #expect(read.statusMessage.contains("--cors-origin \(Self.evil)"))
        #expect(!read.response.text.contains("Card 4242"))
        #expect(read.response.header("Access-Control-Allow-Origin") == nil)
        let takeOver = try client.send("POST", "/emulator/chats/\(id)", body: #"{"operationName":"TakeOver"}"#, headers: ["Origin": Self.evil])
        #expect(takeOver.status == 403)
        #expect(try server.host.chat(.init(validating: id)!).isTakenOver == false)
        // Its preflight is refused too, and so is any route under /emulator/, known or not.
        let preflight = try client.send("OPTIONS", "/emulator/chats/\(id)", headers: ["Origin": Self.evil, "Access-Control-Request-Method": "POST"])
        #expect(preflight.status == 403)
        #expect(preflight.response.header("Access-Control-Allow-Methods") == nil)
        #expect(try client.send("GET", "/emulator/clock", headers: ["Origin": Self.evil]).status == 403)

        // The server's own pages (Origin = this host) and scripts (no Origin) are served.
        let own = try client.send("GET", "/emulator/chats", headers: ["Origin": "http://localhost"])
        #expect(own.status == 200)
        #expect(own.response.text.contains("Card 4242"))
        #expect(try client.send("GET", "/emulator/chats").status == 200)
        #expect(try client.send("POST", "/emulator/chats/\(id)", body: #"{"operationName":"TakeOver"}"#, headers: ["Origin": "http://localhost"]).status == 200)
        #expect(try server.host.chat(.init(validating: id)!).isTakenOver == true)
    }

    @Test func emulatorPOST_needsAJSONContentType_soAPageCannotSkipThePreflight() throws {
        let server = try APITestServer()
        let client = try server.client()
        let id = try client.requestChat()
        // text/plain is what a page sends without a preflight; a script gets the same answer.
        for contentType in ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"] {
            let reply = try client.send("POST", "/emulator/chats/\(id)", body: #"{"operationName":"TakeOver"}"#, headers: ["Content-Type": contentType])
            #expect(reply.status == 415, "\(contentType)")
            #expect(reply.statusMessage.contains("application/json"))
        }
        #expect(try server.host.chat(.init(validating: id)!).isTakenOver == false)
        let json = try client.send("POST", "/emulator/chats/\(id)", body: #"{"operationName":"TakeOver"}"#, headers: ["Content-Type": "Application/JSON; charset=utf-8"])
        #expect(json.status == 200)
        // A POST with neither body nor type (`curl -X POST`) is not refused for its type; from
        // another origin the origin rule refuses it.
        #expect(try client.send("POST", "/emulator/reset").status == 200)
        #expect(try client.send("POST", "/emulator/reset", headers: ["Origin": Self.evil]).status == 403)
    }

    @Test func gwsAPI_staysUsableFromAnyOrigin_withAStar() throws {
        let server = try APITestServer()
        let client = try server.client()
        let reply = try client.send("POST", "/api/v2/chats", body: #"{"operationName":"RequestChat","nickname":"W","subject":"S"}"#, headers: ["Origin": Self.evil])
        #expect(reply.status == 200)
        #expect(reply.response.header("Access-Control-Allow-Origin") == "*")
        #expect(reply.response.header("Access-Control-Allow-Credentials") == nil)
    }

    @Test func corsOrigin_isAnsweredWithItselfAndCredentials_andMayUseTheEmulatorEndpoints() throws {
        let widget = "http://localhost:3000"
        let server = try APITestServer(configure: { $0.api.corsOrigins = [widget, "https://shop.example"] })
        let client = try server.client()
        let created = try client.send("POST", "/api/v2/chats", body: #"{"operationName":"RequestChat","nickname":"W","subject":"S"}"#, headers: ["Origin": widget])
        #expect(created.status == 200)
        #expect(created.response.header("Access-Control-Allow-Origin") == widget)
        #expect(created.response.header("Access-Control-Allow-Credentials") == "true")
        #expect(created.response.header("Vary") == "Origin")
        let id = try #require(created.json["id"] as? String)

        let preflight = try client.send("OPTIONS", "/api/v2/chats/\(id)", headers: ["Origin": widget, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"])
        #expect(preflight.status == 204)
        #expect(preflight.response.header("Access-Control-Allow-Origin") == widget)
        #expect(preflight.response.header("Access-Control-Allow-Credentials") == "true")

        let emulator = try client.send("GET", "/emulator/chats/\(id)", headers: ["Origin": "HTTPS://shop.example:443"])
        #expect(emulator.status == 200)
        #expect(emulator.response.header("Access-Control-Allow-Origin") == "HTTPS://shop.example:443")

        // An origin not listed still uses the GWS API with '*', without credentials, and not /emulator/.
        let other = try client.send("GET", "/api/v2/chats/\(id)", headers: ["Origin": Self.evil])
        #expect(other.response.header("Access-Control-Allow-Origin") == "*")
        #expect(other.response.header("Access-Control-Allow-Credentials") == nil)
        #expect(try client.send("GET", "/emulator/chats/\(id)", headers: ["Origin": Self.evil]).status == 403)
    }

    private func send(host: String, _ path: String, method: String = "GET", port: Int) throws -> RawHTTPClient.Response {
        let raw = try RawHTTPClient(port: port)
        try raw.send("\(method) \(path) HTTP/1.1\r\nHost: \(host)\r\nConnection: close\r\n\r\n")
        return try raw.readResponse()
    }

    @Test func aHostThatIsNotThisServer_isRefused421_endingDNSRebinding() throws {
        let server = try APITestServer()
        let id = try server.client().requestChat()
        // The rebound page's requests name the attacker's host, on every route.
        for path in ["/api/v2/chats/\(id)", "/api/v2/chats/\(id)/messages", "/emulator/chats", "/health", "/client/", "/nowhere"] {
            let reply = try send(host: "rebind.evil.example:\(server.port)", path, port: server.port)
            #expect(reply.status == 421, "\(path)")
            #expect(!reply.text.contains("James"))
            #expect(reply.text.contains("--allowed-host rebind.evil.example"))
        }
        // Loopback names and addresses in their spellings are this server.
        for host in ["localhost:\(server.port)", "LOCALHOST", "chat.localhost:\(server.port)", "127.0.0.1:\(server.port)", "127.1.2.3", "[::1]:\(server.port)", "[::ffff:127.0.0.1]"] {
            #expect(try send(host: host, "/api/v2/chats/\(id)", port: server.port).status == 200, "\(host)")
        }
        // So is an absolute-form target's authority, which wins over Host.
        #expect(try send(host: "localhost", "http://rebind.evil.example/api/v2/chats/\(id)", port: server.port).status == 421)
        #expect(try send(host: "rebind.evil.example", "http://localhost/api/v2/chats/\(id)", port: server.port).status == 200)
    }

    @Test func allowedHost_addsANameTheServerAnswersTo() throws {
        let server = try APITestServer(configure: { $0.api.allowedHosts = ["Chat.Test:8888", "dev-box"] })
        let id = try server.client().requestChat()
        #expect(try send(host: "chat.test:\(server.port)", "/api/v2/chats/\(id)", port: server.port).status == 200)
        #expect(try send(host: "dev-box", "/api/v2/chats/\(id)", port: server.port).status == 200)
        #expect(try send(host: "other.test", "/api/v2/chats/\(id)", port: server.port).status == 421)
        let any = try APITestServer(configure: { $0.api.allowedHosts = ["*"] })
        #expect(try send(host: "whatever.example", "/health", port: any.port).status == 200)
    }

    @Test func requireContactCenterID_refusesGWSRequestsWithoutTheHeader() throws {
        let server = try APITestServer(configure: { $0.api.requireContactCenterID = true })
        let client = try server.client()
        let body = #"{"operationName":"RequestChat","nickname":"A","subject":"S"}"#
        let refused = try client.send("POST", "/api/v2/chats", body: body)
        #expect(refused.status == 400 && refused.statusCode == 1)
        #expect(refused.statusMessage.contains("'ContactCenterId'"))
        #expect(server.host.chatCount == 0)
        #expect(try client.send("POST", "/api/v2/chats", body: body, headers: ["ContactCenterId": ""]).status == 400)
        let created = try client.send("POST", "/api/v2/chats", body: body, headers: ["ContactCenterId": "cc-1"])
        #expect(created.status == 200)
        let id = try #require(created.json["id"] as? String)
        #expect(try client.send("GET", "/api/v2/chats/\(id)").status == 400)
        #expect(try client.send("GET", "/api/v2/chats/\(id)/messages", headers: ["ContactCenterId": "cc-1"]).status == 200)
        // Not asked of preflights (browsers send no custom header there), /health or the emulator's endpoints.
        #expect(try client.send("OPTIONS", "/api/v2/chats", headers: ["Origin": "http://x.example", "Access-Control-Request-Method": "POST"]).status == 204)
        #expect(try client.send("GET", "/health").status == 200)
        #expect(try client.send("GET", "/emulator/chats/\(id)").status == 200)
        // Off by default.
        let lenient = try APITestServer()
        #expect(try lenient.client().send("POST", "/api/v2/chats", body: body).status == 200)
    }
}
