import Foundation
import HTTPTesting
import Testing

/// `serve`'s `--file-*` flags on the built binary: GMS's `file/limits` reports the values given,
/// and uploads beyond them are refused with GMS errors that say which limit, nothing stored.
@Suite struct FileFlagsProcessTests {
    /// A GMS customer of the spawned server, on one keep-alive connection.
    struct Customer {
        let client: RawHTTPClient
        var chatId = ""
        var credentials = ""

        init(port: Int) throws {
            client = try RawHTTPClient(port: port)
            let started = try post("/genesys/2/chat/customer-support", form: "nickname=Ann&subject=Files")
            let answer = try #require(started.json, "\(started.text)")
            chatId = try #require(answer["chatId"] as? String)
            let fields = try ["userId", "secureKey", "alias"].map { name in "\(name)=\(try #require(answer[name] as? String))" }
            credentials = fields.joined(separator: "&")
        }

        func post(_ path: String, form: String) throws -> RawHTTPClient.Response {
            try client.send(Raw.post(path, body: form, headers: "Content-Type: application/x-www-form-urlencoded\r\n"))
            return try client.readResponse()
        }

        /// `file/limits`' userData: the limits as Chat Server names them.
        func limits() throws -> [String: String] {
            let answer = try post("/genesys/2/chat/customer-support/\(chatId)/file/limits", form: credentials)
            let messages = try #require(answer.json?["messages"] as? [[String: Any]], "\(answer.text)")
            return try #require(messages.first?["userData"] as? [String: String])
        }

        /// Uploads `size` bytes as `name` (multipart, the credentials as fields before the file).
        func upload(_ name: String, size: Int) throws -> RawHTTPClient.Response {
            let boundary = "process-test-boundary"
            var body = Array(
                credentials.split(separator: "&").map { field -> String in
                    let pair = field.split(separator: "=", maxSplits: 1)
                    return "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(pair[0])\"\r\n\r\n\(pair[1])\r\n"
                }.joined().utf8)
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(name)\"\r\nContent-Type: application/octet-stream\r\n\r\n".utf8)
            body += [UInt8](repeating: UInt8(ascii: "x"), count: size)
            body += Array("\r\n--\(boundary)--\r\n".utf8)
            let head =
                "POST /genesys/2/chat/customer-support/\(chatId)/file HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: multipart/form-data; boundary=\(boundary)\r\nContent-Length: \(body.count)\r\n\r\n"
            try client.send(Array(head.utf8) + body)
            return try client.readResponse()
        }
    }

    /// The advice of a GMS error answer.
    static func advice(_ response: RawHTTPClient.Response) -> String {
        ((response.json?["errors"] as? [[String: Any]])?.first?["advice"] as? String) ?? response.text
    }

    @Test func nonDefaultLimits_areReported_andEnforced() throws {
        let (server, data) = try EmulatorProcess.onNewData(
            "file-flags", ["--file-max-size", "100", "--file-max-count", "2", "--file-max-total", "150", "--file-types", "txt,CSV"])
        defer { server.stop(removing: data) }
        let customer = try Customer(port: server.port)
        let limits = try customer.limits()
        #expect(limits["upload-max-file-size"] == "100")
        #expect(limits["upload-max-files"] == "2")
        #expect(limits["upload-max-total-size"] == "150")
        #expect(limits["upload-file-types"] == "txt:csv")

        let tooBig = try customer.upload("big.txt", size: 101)
        #expect(tooBig.status == 400)
        #expect(Self.advice(tooBig) == "The file is 101 bytes; at most 100 are accepted.")
        let wrongType = try customer.upload("photo.png", size: 10)
        #expect(wrongType.status == 400)
        #expect(Self.advice(wrongType) == "Files of type 'png' are not accepted; allowed: txt, csv.")

        #expect(try customer.upload("a.txt", size: 100).status == 200)
        let overTotal = try customer.upload("b.csv", size: 51)
        #expect(overTotal.status == 403)
        #expect(Self.advice(overTotal) == "Uploads of this chat would total 151 bytes; at most 150 are accepted.")
        #expect(try customer.upload("b.CSV", size: 50).status == 200)
        let overCount = try customer.upload("c.txt", size: 1)
        #expect(overCount.status == 403)
        #expect(Self.advice(overCount) == "This chat has had its 2 uploads.")

        let used = try customer.limits()
        #expect(used["used-upload-max-files"] == "2", "only the accepted uploads count")
        #expect(used["used-upload-max-total-size"] == "150")
        let stored = try FileManager.default.contentsOfDirectory(atPath: data.appendingPathComponent("chats/\(customer.chatId).files").path)
        #expect(stored.count == 2, "\(stored)")
    }

    @Test func fileMaxCountZero_turnsFileTransferOff() throws {
        let (server, data) = try EmulatorProcess.onNewData("file-flags-off", ["--file-max-count", "0"])
        defer { server.stop(removing: data) }
        let customer = try Customer(port: server.port)
        #expect(try customer.limits()["upload-max-files"] == "0")
        let refused = try customer.upload("a.txt", size: 10)
        #expect(refused.status == 403)
        #expect(Self.advice(refused) == "File transfer is turned off on this server.")
    }
}
