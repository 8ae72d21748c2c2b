import Foundation
import Glibc
import HTTPTesting
import Testing

/// The built `gws-emulator` under a real `ulimit -n`, with more clients than it has descriptors
/// for: what it does with the excess, the connections it keeps, and when descriptors come back.
@Suite struct DescriptorExhaustionProcessTests {
    private let fastBot = ["--agent-join-delay", "0", "--reply-delay", "0", "--system-interval", "0"]
    private let openFileLimit = 64

    private func dataDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("gws-fd-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Whether the server has sent something (or closed): data to read, without waiting.
    private func hasAnswered(_ client: RawHTTPClient) -> Bool {
        var watched = pollfd(fd: client.descriptor, events: Int16(POLLIN), revents: 0)
        return poll(&watched, 1, 0) > 0
    }

    /// `serve ARGUMENTS` under the descriptor limit, and a connection it has answered once.
    private func serverWithAKeptConnection(_ arguments: [String]) throws -> (EmulatorProcess, RawHTTPClient) {
        let server = try EmulatorProcess(arguments: arguments + ["--log-level", "warning"] + fastBot, openFileLimit: openFileLimit)
        let kept = try RawHTTPClient(port: server.port)
        #expect(try kept.request("GET", "/health").status == 200)
        return (server, kept)
    }

    /// `count` clients connected at once, each having sent `GET /health`, none reading yet.
    private func clientsAskingForHealth(_ count: Int, port: Int) throws -> [RawHTTPClient] {
        try (0..<count).map { _ in
            let client = try RawHTTPClient(port: port, timeout: .seconds(10))
            try client.send("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n")
            return client
        }
    }

    @Test func outOfDescriptors_theExcessWaitsQueued_keptConnectionsAreServed_andTheWaitingAreServedAfter() throws {
        let data = try dataDirectory()
        defer { try? FileManager.default.removeItem(at: data) }
        let (server, kept) = try serverWithAKeptConnection(["--data", data.path])

        // More clients than the server has descriptors left; each sends a request and stays open.
        let flood = try clientsAskingForHealth(2 * openFileLimit, port: server.port)
        // accept() met EMFILE: the server says so once and backs off.
        let log = data.appendingPathComponent("logs/emulator.log")
        let backingOff = { ((try? String(contentsOf: log, encoding: .utf8)) ?? "").components(separatedBy: "backing off").count - 1 }
        #expect(eventually { backingOff() >= 1 }, "no back-off line in \(log.path)")

        // The connection it already had is served throughout.
        for _ in 0..<3 { #expect(try kept.request("GET", "/health").status == 200) }

        // Those it accepted were answered; the rest wait in the kernel's queue, none was refused.
        let answered = flood.filter(hasAnswered)
        for client in answered { #expect(try client.readResponse().status == 200) }
        let waiting = flood.filter { client in !answered.contains { $0 === client } }
        #expect(!waiting.isEmpty, "all \(flood.count) were accepted under ulimit -n \(openFileLimit)")

        // Descriptors come back as clients leave: every waiting client is then accepted and served,
        // in the order they connected, each closing after its answer.
        for client in answered { client.abort() }
        for client in waiting {
            #expect(try client.readResponse().status == 200)
            client.abort()
        }
        #expect(try RawHTTPClient(port: server.port).request("GET", "/health").status == 200)
        #expect(try kept.request("GET", "/health").status == 200)
        #expect(server.terminate() == 0)
    }

    @Test func underTheConnectionCap_theExcessIsAnswered503_andTheKeptAreServed() throws {
        let data = try dataDirectory()
        defer { try? FileManager.default.removeItem(at: data) }
        let cap = 20
        let (server, kept) = try serverWithAKeptConnection(["--data", data.path, "--max-connections", "\(cap)"])
        let flood = try clientsAskingForHealth(2 * cap, port: server.port)
        var statuses: [Int: Int] = [:]
        for client in flood { statuses[try client.readResponse().status, default: 0] += 1 }
        #expect(statuses == [200: cap - 1, 503: cap + 1])
        #expect(try kept.request("GET", "/health").status == 200)
        #expect(server.terminate() == 0)
    }
}
