import Foundation
import HTTPTesting
import Testing

/// `serve --cors-origin`, `--allowed-host` and `--require-contact-center-id` on the built binary:
/// the flags reach the server, and bad values stop it with a clear message.
@Suite struct AccessFlagsProcessTests {
    private func send(_ port: Int, _ text: String) throws -> RawHTTPClient.Response {
        let client = try RawHTTPClient(port: port)
        try client.send(text)
        return try client.readResponse()
    }

    @Test func theFlags_reachTheServer() throws {
        let server = try EmulatorProcess(arguments: [
            "--cors-origin", "http://localhost:3000", "--allowed-host", "dev-box", "--require-contact-center-id", "--system-interval", "0",
        ])
        defer { _ = server.terminate() }
        #expect(try send(server.port, "GET /health HTTP/1.1\r\nHost: dev-box:\(server.port)\r\n\r\n").status == 200)
        #expect(try send(server.port, "GET /health HTTP/1.1\r\nHost: other-box:\(server.port)\r\n\r\n").status == 421)

        let body = #"{"operationName":"RequestChat","nickname":"A","subject":"S"}"#
        let post = "POST /api/v2/chats HTTP/1.1\r\nHost: localhost\r\nOrigin: http://localhost:3000\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n"
        #expect(try send(server.port, post + "\r\n" + body).status == 400)  // no ContactCenterId
        let created = try send(server.port, post + "ContactCenterId: cc\r\n\r\n" + body)
        #expect(created.status == 200)
        #expect(created.header("Access-Control-Allow-Origin") == "http://localhost:3000")
        #expect(created.header("Access-Control-Allow-Credentials") == "true")

        #expect(try send(server.port, "GET /emulator/chats HTTP/1.1\r\nHost: localhost\r\nOrigin: http://localhost:3000\r\n\r\n").status == 200)
        #expect(try send(server.port, "GET /emulator/chats HTTP/1.1\r\nHost: localhost\r\nOrigin: http://localhost:4000\r\n\r\n").status == 403)
    }

    @Test func badValues_stopServeWithAMessage() throws {
        try StartupFailureProcessTests.expectRefused([
            (["--cors-origin", "localhost:3000"], "--cors-origin must be an origin"),
            (["--cors-origin", "http://localhost:3000/app"], "--cors-origin must be an origin"),
            (["--allowed-host", "a b"], "--allowed-host must be a host name"),
        ])
    }
}
