import Foundation
import HTTPTesting
import Testing

@Suite struct StaticFilesTests {
    /// A client folder with an index, a script, a hidden file, a subfolder, and links pointing out.
    private func makeClientFolder() throws -> (client: URL, outside: URL) {
        let base = try makeTemporaryDirectory()
        let client = base.appendingPathComponent("client")
        let manager = FileManager.default
        try manager.createDirectory(at: client.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try "<h1>client</h1>".write(to: client.appendingPathComponent("index.html"), atomically: true, encoding: .utf8)
        try "console.log(1)".write(to: client.appendingPathComponent("app.js"), atomically: true, encoding: .utf8)
        try "SECRET-CONTENT".write(to: client.appendingPathComponent(".env"), atomically: true, encoding: .utf8)
        try "<p>sub</p>".write(to: client.appendingPathComponent("sub/index.html"), atomically: true, encoding: .utf8)
        let outside = base.appendingPathComponent("outside.txt")
        try "OUTSIDE-CONTENT".write(to: outside, atomically: true, encoding: .utf8)
        try manager.createSymbolicLink(atPath: client.appendingPathComponent("escape.txt").path, withDestinationPath: outside.path)
        try manager.createSymbolicLink(atPath: client.appendingPathComponent("up").path, withDestinationPath: base.path)
        return (client, outside)
    }

    @Test func client_servesFilesWithContentTypes_andIndexForFolders() throws {
        let (folder, _) = try makeClientFolder()
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        let server = try APITestServer(clientDirectory: folder)
        let client = try server.client()
        let index = try client.send("GET", "/client/")
        #expect(index.status == 200)
        #expect(index.response.text == "<h1>client</h1>")
        #expect(index.response.header("Content-Type") == "text/html; charset=utf-8")
        let script = try client.send("GET", "/client/app.js")
        #expect(script.response.text == "console.log(1)")
        #expect(script.response.header("Content-Type") == "text/javascript; charset=utf-8")
        #expect(try client.send("GET", "/client/sub/").response.text == "<p>sub</p>")
        #expect(try client.send("GET", "/client/sub").response.text == "<p>sub</p>")
    }

    @Test func client_redirectsBarePath() throws {
        let server = try APITestServer()
        let reply = try server.client().send("GET", "/client")
        #expect(reply.status == 301)
        #expect(reply.response.header("Location") == "/client/")
    }

    @Test(arguments: [
        "/client/../outside.txt", "/client/%2e%2e/outside.txt", "/client/..%2Foutside.txt", "/client/sub/..%2F..%2Foutside.txt",
        "/client/escape.txt", "/client/up/outside.txt", "/client/.env", "/client/missing.html", "/client//app.js", "/client/app.js%00.html",
    ])
    func client_neverServesOutsideFolderOrHiddenFiles(_ path: String) throws {
        let (folder, _) = try makeClientFolder()
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        let server = try APITestServer(clientDirectory: folder)
        let reply = try server.client().send("GET", path)
        #expect(reply.status == 404, "\(path) gave \(reply.status)")
        #expect(!reply.response.text.contains("OUTSIDE-CONTENT"))
        #expect(!reply.response.text.contains("SECRET-CONTENT"))
    }

    @Test func pages_withoutFolder_comeFromTheBinary() throws {
        let server = try APITestServer()
        let client = try server.client()
        let page = try client.send("GET", "/client/")
        #expect(page.status == 200)
        #expect(page.response.text.contains("Start chat"))
        let script = try client.send("GET", "/client/chat.js")
        #expect(script.status == 200)
        #expect(script.response.header("Content-Type") == "text/javascript; charset=utf-8")
        let console = try client.send("GET", "/agent/")
        #expect(console.status == 200)
        #expect(console.response.text.contains("Take over"))
        #expect(try client.send("GET", "/agent/console.js").status == 200)
        #expect(try client.send("GET", "/client/missing.js").status == 404)
        #expect(try client.send("GET", "/agent/../client/index.html").status == 404)
    }

    @Test func builtInPages_areTheRepositorysFiles() throws {
        // The binary's copy is built from client/ and agent/ at build time: it must match them.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let server = try APITestServer()
        let client = try server.client()
        for path in ["client/index.html", "client/chat.js", "client/gws.js", "client/style.css", "agent/index.html", "agent/console.js"] {
            let onDisk = try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
            #expect(try client.send("GET", "/" + path).response.text == onDisk, "\(path)")
        }
    }

    @Test func rootAndBareSitePaths_redirectToThePages() throws {
        let server = try APITestServer()
        let client = try server.client()
        for (path, location) in [("/", "/client/"), ("/agent", "/agent/"), ("/client", "/client/")] {
            let reply = try client.send("GET", path)
            #expect(reply.status == 301)
            #expect(reply.response.header("Location") == location)
        }
    }
}
