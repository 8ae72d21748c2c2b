import ChatCore
import ChatHTTPAPI
import EmulatorKit
import Foundation
import HTTPTesting
import Testing

/// Files the customer attached, as the agent console sees them: in /emulator/'s messages with
/// their id, name and size, and downloadable from /emulator/chats/{id}/files/{fileId}.
@Suite struct EmulatorFileTests {
    static let bytes: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0, 255, 13, 10]

    @Test func anAttachedFile_isInTheConsolesMessages_andDownloadsAsAnAttachment() throws {
        let server = try APITestServer()
        let client = try server.client()
        let id = try client.requestChat(nickname: "Ann", subject: "photo")
        let chat = try #require(ChatID(validating: id))
        let file = try server.host.uploadFile(named: "my \"cat\".png", bytes: Self.bytes, to: chat)
        let messages = try client.send("GET", "/emulator/chats/\(id)/messages").json["messages"] as? [[String: Any]] ?? []
        let uploaded = try #require(messages.last)
        #expect(uploaded["type"] as? String == "FileUploaded")
        #expect(uploaded["text"] as? String == "my \"cat\".png")
        let described = uploaded["file"] as? [String: Any]
        #expect(described?["id"] as? String == file.id.description)
        #expect(described?["size"] as? Int == Self.bytes.count)
        #expect(described?["contentType"] as? String == "image/png")

        let download = try client.send("GET", "/emulator/chats/\(id)/files/\(file.id)")
        #expect(download.status == 200)
        #expect(download.response.body == Self.bytes)
        #expect(download.response.header("Content-Type") == "image/png")
        #expect(download.response.header("X-Content-Type-Options") == "nosniff")
        #expect(download.response.header("Content-Disposition") == #"attachment; filename="my _cat_.png"; filename*=UTF-8''my%20%22cat%22.png"#)
    }

    @Test(arguments: ["0000000000000000", "not-a-file-id", "..%2F..%2Fetc%2Fpasswd"])
    func anUnknownOrInvalidFile_is404(_ fileText: String) throws {
        let server = try APITestServer()
        let client = try server.client()
        let id = try client.requestChat()
        let reply = try client.send("GET", "/emulator/chats/\(id)/files/\(fileText)")
        #expect(reply.status == 404)
        #expect(reply.statusCode == 6)
        #expect(reply.statusMessage.contains("file"))
    }

    @Test func aDeletedFile_isNoLongerServed() throws {
        let server = try APITestServer()
        let client = try server.client()
        let id = try client.requestChat()
        let chat = try #require(ChatID(validating: id))
        let file = try server.host.uploadFile(named: "a.txt", bytes: [65], to: chat)
        try server.host.deleteFile(file.id, of: chat)
        #expect(try client.send("GET", "/emulator/chats/\(id)/files/\(file.id)").status == 404)
    }
}
