import ChatCore
import Foundation
import ChatHTTPAPI
import EmulatorKit
import GMSWire
import HTTPServer
import HTTPTesting
import Testing

/// GMS file transfer as Genesys Widgets drive it: `file/limits`, a multipart upload, the
/// `FileUploaded` message, download and delete; and every hostile upload refused with a clear
/// error and nothing stored.
@Suite struct GMSFileTests {
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 13, 10, 26, 10, 0, 255, 1, 2]

    private func gms(_ server: APITestServer) throws -> GMSTestClient { GMSTestClient(api: try server.client()) }

    /// Posts a multipart body (the session's credentials as fields, then `parts`).
    private func upload(_ client: GMSTestClient, _ session: GMSTestClient.Session, path: String = "file", parts: [MultipartForm.Part]) throws -> GMSTestClient.Reply {
        let form = MultipartForm(parts: session.fields.map { MultipartForm.Part(name: $0.0, value: $0.1) } + parts)
        let boundary = MultipartForm.makeBoundary()
        return try client.postBytes(
            "/genesys/2/chat/\(client.service)/\(session.chatId)/\(path)", body: form.encoded(boundary: boundary),
            contentType: MultipartForm.contentType(boundary: boundary))
    }

    private static func file(_ name: String, _ bytes: [UInt8] = png, type: String = "image/png") -> MultipartForm.Part {
        MultipartForm.Part(name: "file", filename: name, contentType: type, body: bytes)
    }

    @Test func limits_upload_refresh_download_delete_asWidgetsDo() throws {
        let server = try APITestServer()
        let client = try gms(server)
        let session = try client.start()
        let limits = try client.operation("file/limits", session)
        #expect(limits.status == 200)
        let notice = try #require(limits.answer?.messages.first)
        #expect(notice.type == "Notice" && notice.text == "file-client-cfg-get")
        #expect(notice.userData["upload-max-file-size"] == "2097152")
        #expect(notice.userData["upload-max-files"] == "3")
        #expect(notice.userData["upload-max-total-size"] == "5242880")
        #expect(notice.userData["upload-file-types"] == "bmp:gif:jpeg:jpg:pdf:png:txt")
        #expect(notice.userData["used-upload-max-files"] == "0")

        let start = try #require(try client.refresh(session, from: 1).answer?.nextPosition)
        let uploaded = try upload(client, session, parts: [Self.file("cat.png")])
        #expect(uploaded.status == 200, "\(uploaded.raw.response.text)")
        let fileID = try #require(uploaded.raw.json["userData"] as? [String: String])["file-id"] ?? ""
        #expect(ChatFileID(validating: fileID) != nil)

        let message = try #require(try client.refresh(session, from: start).answer?.messages.first { $0.type == "FileUploaded" })
        #expect(message.text == fileID)
        #expect(message.from.type == "Client")
        #expect(message.userData["file-name"] == "cat.png")
        #expect(message.userData["file-size"] == String(Self.png.count))
        #expect(message.userData["file-id"] == fileID)
        #expect(try client.operation("file/limits", session).answer?.messages.first?.userData["used-upload-max-files"] == "1")

        let download = try client.api.send("GET", "/genesys/2/chat/\(client.service)/\(session.chatId)/file/\(fileID)/download?" + GMSTestClient.form(session.fields))
        #expect(download.status == 200)
        #expect(download.response.body == Self.png)
        #expect(download.response.header("Content-Type") == "image/png")
        #expect(download.response.header("X-Content-Type-Options") == "nosniff")
        #expect(download.response.header("Content-Disposition")?.hasPrefix("attachment;") == true)

        // Upload and delete change the chat: POST only, as the rest of GMS.
        let getDelete = try client.api.send("GET", "/genesys/2/chat/\(client.service)/\(session.chatId)/file/\(fileID)/delete?" + GMSTestClient.form(session.fields))
        #expect(getDelete.status == 405)
        #expect(getDelete.response.header("Allow") == "POST, OPTIONS")

        let deleted = try client.operation("file/\(fileID)/delete", session)
        #expect(deleted.status == 200)
        let after = try client.refresh(session, from: start).answer?.messages ?? []
        #expect(after.last?.type == "FileDeleted" && after.last?.userData["file-id"] == fileID)
        #expect(try client.operation("file/\(fileID)/download", session).status == 404)
    }

    /// Each hostile or refused upload: the status, the GMS code, words of the advice, and nothing stored.
    @Test(arguments: [
        ("over the size limit", [Self.file("big.png", Array(repeating: 7, count: 101))], 400, 400, "at most 100"),
        ("a type not allowed", [Self.file("run.exe", [1], type: "application/octet-stream")], 400, 400, "'exe'"),
        ("an html page", [Self.file("page.html", Array("<script>".utf8), type: "text/html")], 400, 400, "'html'"),
        ("traversal to nothing", [Self.file("../../", [1])], 400, 400, "no name"),
        ("no file part", [MultipartForm.Part(name: "message", value: "hi")], 400, 400, "part 'file'"),
        ("a field, not a file", [MultipartForm.Part(name: "file", value: "not a file")], 400, 400, "part 'file'"),
        ("an empty file", [Self.file("empty.png", [])], 400, 400, "empty"),
    ])
    func hostileUploads_areRefused_andNothingIsStored(name: String, parts: [MultipartForm.Part], status: Int, code: Int, says: String) throws {
        let server = try APITestServer(configure: { $0.chatHost.fileLimits.maxFileBytes = 100 })
        let client = try gms(server)
        let session = try client.start()
        let chat = try #require(ChatID(validating: session.chatId))
        let before = try server.host.transcript(of: chat, from: 0, markingReceived: false)
        let reply = try upload(client, session, parts: parts)
        #expect(reply.status == status, "\(name): \(reply.raw.response.text)")
        #expect(reply.code == code)
        #expect(reply.advice.contains(says), "\(name): \(reply.advice)")
        #expect(try server.host.transcript(of: chat, from: 0, markingReceived: false) == before)
        #expect(try server.host.fileUsage(of: chat).uploads == 0)
    }

    @Test func theFourthUpload_isRefused_asUsedUp() throws {
        let server = try APITestServer()
        let client = try gms(server)
        let session = try client.start()
        for number in 1...3 { #expect(try upload(client, session, parts: [Self.file("\(number).png")]).status == 200) }
        let fourth = try upload(client, session, parts: [Self.file("4.png")])
        #expect(fourth.status == 403)
        #expect(fourth.advice.contains("3 uploads"))
    }

    @Test func aWrongSecureKey_orAnotherChatsKey_neitherUploadsNorDownloads() throws {
        let server = try APITestServer()
        let client = try gms(server)
        let session = try client.start()
        let other = try client.start()
        let uploaded = try upload(client, session, parts: [Self.file("cat.png")])
        let fileID = (uploaded.raw.json["userData"] as? [String: String])?["file-id"] ?? ""
        var wrong = session
        wrong.secureKey = other.secureKey
        #expect(try upload(client, wrong, parts: [Self.file("dog.png")]).status == 401)
        #expect(try client.operation("file/\(fileID)/download", wrong).status == 401)
        #expect(try client.operation("file/\(fileID)/delete", wrong).status == 401)
        // The other chat's own credentials do not reach this chat's file.
        #expect(try client.operation("file/\(fileID)/download", other).status == 404)
        #expect(try server.host.fileUsage(of: try #require(ChatID(validating: session.chatId))).uploads == 1)
    }

    @Test(arguments: ["file/0000000000000000/download", "file/..%2F..%2Fetc%2Fpasswd/download", "file/abc/delete", "file/x/y/z", "file/limits/extra"])
    func unknownFilesAndPaths_are404(_ path: String) throws {
        let server = try APITestServer()
        let client = try gms(server)
        let session = try client.start()
        let reply = try client.operation(path, session)
        #expect(reply.status == 404, "\(path): \(reply.raw.response.text)")
        #expect(reply.code == 404)
    }

    @Test func multipartBombs_areRefusedWithTheCodecsWords() throws {
        let server = try APITestServer()
        let client = try gms(server)
        let session = try client.start()
        let path = "/genesys/2/chat/\(client.service)/\(session.chatId)/file"
        let fields = session.fields.map { "--b\r\nContent-Disposition: form-data; name=\"\($0.0)\"\r\n\r\n\($0.1)\r\n" }.joined()
        let manyParts = fields + String(repeating: "--b\r\nContent-Disposition: form-data; name=x\r\n\r\n\r\n", count: 5_000) + "--b--\r\n"
        let nested = fields + "--b\r\nContent-Disposition: form-data; name=file\r\nContent-Type: multipart/mixed; boundary=c\r\n\r\n--c\r\n\r\nx\r\n--c--\r\n--b--\r\n"
        let cut = fields + "--b\r\nContent-Disposition: form-data; name=file; filename=a.png\r\n\r\nxyz"
        let nul = fields + "--b\r\nContent-Disposition: form-data; name=file; filename=\"a\u{0}.png\"\r\n\r\nx\r\n--b--\r\n"
        for (body, says) in [(manyParts, "more than 32 parts"), (nested, "nested"), (cut, "never ends"), (nul, "control character")] {
            let reply = try client.postBytes(path, body: Array(body.utf8), contentType: "multipart/form-data; boundary=b")
            #expect(reply.status == 400)
            #expect(reply.advice.contains(says), "\(reply.advice)")
        }
        #expect(try server.host.fileUsage(of: try #require(ChatID(validating: session.chatId))).uploads == 0)
    }

    @Test func filesSurviveARestart_andGoWithTheChat() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gms-files-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = try APITestServer(dataDirectory: folder)
        let session = try gms(first).start()
        let uploaded = try upload(try gms(first), session, parts: [Self.file("cat.png")])
        let fileID = (uploaded.raw.json["userData"] as? [String: String])?["file-id"] ?? ""
        first.stop()
        let second = try APITestServer(dataDirectory: folder)
        let client = try gms(second)
        let download = try client.operation("file/\(fileID)/download", session)
        #expect(download.raw.response.body == Self.png)
        let chat = try #require(ChatID(validating: session.chatId))
        try second.host.complete(chat)
        try second.host.reset()
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("chats").path).isEmpty)
    }
}

extension GMSTestClient {
    func postBytes(_ path: String, body: [UInt8], contentType: String) throws -> Reply {
        let head = "POST \(path) HTTP/1.1\r\nHost: localhost\r\nContent-Type: \(contentType)\r\nContent-Length: \(body.count)\r\n\r\n"
        try api.raw.send(Array(head.utf8) + body)
        return Reply(raw: try api.readReply())
    }
}
