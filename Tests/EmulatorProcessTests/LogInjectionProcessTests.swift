import Foundation
import HTTPTesting
import Testing

/// What a client's words can do to `logs/emulator.log` (and the terminal, which gets the same
/// bytes): the built binary, its real log, hostile nicknames and subjects sent over HTTP.
@Suite struct LogInjectionProcessTests {
    private func dataFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("log-injection-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    private func requestChat(nickname: String, subject: String, _ client: RawHTTPClient) throws -> Int {
        let body = #"{"operationName":"RequestChat","nickname":\#(Self.jsonString(nickname)),"subject":\#(Self.jsonString(subject))}"#
        return try client.request("POST", "/api/v2/chats", json: body).status
    }

    /// A JSON string literal that escapes every control character and the line separators.
    static func jsonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029:
                out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    @Test func aNickname_cannotForgeALogLine_norSendControlCharactersToTheTerminal() throws {
        let data = try dataFolder()
        defer { try? FileManager.default.removeItem(at: data) }
        let server = try EmulatorProcess(arguments: ["--data", data.path, "--agent-join-delay", "0", "--system-interval", "0"])
        let client = try RawHTTPClient(port: server.port)
        let forged = "2001-01-01T00:00:00.000Z info http: 127.0.0.1:1 \"GET /api/v2/chats/forged HTTP/1.1\" 200 0 1us"
        let nickname = "Ann\n\(forged)\r\u{1B}[2J\u{1B}]0;owned\u{07}\u{0}\u{2028}\u{202E}\u{85}\\n"
        #expect(try requestChat(nickname: nickname, subject: "s\nubject", client) == 200)
        #expect(server.terminate() == 0)

        let bytes = try [UInt8](Data(contentsOf: data.appendingPathComponent("logs/emulator.log")))
        let log = String(decoding: bytes, as: UTF8.self)
        // Every line is the server's own: none starts with the forged time stamp.
        let lines = log.split(separator: "\n")
        #expect(!lines.isEmpty)
        #expect(!lines.contains { $0.hasPrefix("2001-01-01") })
        #expect(lines.allSatisfy { $0.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z [a-z]+ [a-z-]+: .*/) != nil })
        // No control character but the line ends reaches the file, nor U+2028, U+202E, U+0085.
        #expect(!bytes.contains { ($0 < 0x20 && $0 != 0x0A) || $0 == 0x7F })
        #expect(!log.unicodeScalars.contains { [0x2028, 0x202E, 0x85].contains($0.value) })
        // The nickname is still there, readable, with its escapes.
        let requested = try #require(lines.first { $0.contains("chat requested") })
        #expect(requested.contains(#"nickname="Ann\n2001-01-01T00:00:00.000Z info http: 127.0.0.1:1 \"GET /api/v2/chats/forged HTTP/1.1\" 200 0 1us\r\x1B[2J\x1B]0;owned\x07\x00\u{2028}\u{202E}\x85\\n""#))
        #expect(requested.contains(#"subject=s\nubject"#))
    }

    @Test func longFields_areCutInTheLog_soAFewRequestsCannotRotateItsHistoryAway() throws {
        let data = try dataFolder()
        defer { try? FileManager.default.removeItem(at: data) }
        let server = try EmulatorProcess(arguments: ["--data", data.path, "--agent-join-delay", "0", "--system-interval", "0"])
        let client = try RawHTTPClient(port: server.port)
        // The longest nickname and subject RequestChat takes, and request targets of 7 KB: each
        // request logged about 5 KB (targets 7 KB) before fields were cut.
        let nickname = String(repeating: "n", count: 1_000)
        let subject = String(repeating: "s", count: 4_000)
        for _ in 0..<20 { #expect(try requestChat(nickname: nickname, subject: subject, client) == 200) }
        let query = String(repeating: "q", count: 7_000)
        for _ in 0..<20 { #expect(try client.request("GET", "/health?\(query)").status == 200) }
        #expect(server.terminate() == 0)

        let logs = data.appendingPathComponent("logs")
        #expect(try FileManager.default.contentsOfDirectory(atPath: logs.path) == ["emulator.log"])
        let log = try String(contentsOf: logs.appendingPathComponent("emulator.log"), encoding: .utf8)
        let longest = log.split(separator: "\n").map(\.utf8.count).max() ?? 0
        #expect(longest < 2_000)
        #expect(log.utf8.count < 80_000)
        // A cut field says how much was left out. (Booleans first: a failure shows no log.)
        let saysWhatWasCut = log.contains("...[+3744 bytes]") && log.contains("...[+744 bytes]")
        let keepsTheStart = log.contains("listening on")  // the history from the start is still there
        #expect(saysWhatWasCut)
        #expect(keepsTheStart)
    }
}
