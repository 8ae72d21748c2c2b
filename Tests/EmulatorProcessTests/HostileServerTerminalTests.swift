import Foundation
import HTTPTesting
import Testing

/// `gws-emulator chat --url` against a server that sends what no GWS server should: the
/// terminal client neither traps nor passes escape sequences to the terminal.
@Suite struct HostileServerTerminalTests {
    /// Answers every request of a chat, with `messages` as its transcript.
    static func server(messages: String) throws -> ScriptedHTTPServer {
        try ScriptedHTTPServer { head, send in
            let body: String
            if head.hasPrefix("POST /api/v2/chats ") {
                body = #"{"id":"c1","statusCode":0}"#
            } else if head.hasPrefix("GET /api/v2/chats/c1/messages") {
                body = #"{"messages":[\#(messages)],"statusCode":0}"#
            } else if head.hasPrefix("GET /api/v2/chats/c1 ") {
                body = #"{"chat":{"id":"c1","state":"Idle","participants":[],"capabilities":[]},"statusCode":0}"#
            } else {
                body = #"{"statusCode":0}"#
            }
            _ = send(Array("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)".utf8))
        }
    }

    static let agent = #""from":{"nickname":"Mallory","participantId":"3","type":"Agent"}"#

    /// An `index` of 2^63-1 (the next index would overflow) is a malformed answer: one line on
    /// standard error and exit status 1, not a trap (exit 132).
    @Test func aMessageIndexOfIntMax_isReported_notATrap() throws {
        let server = try Self.server(messages: #"{\#(Self.agent),"index":9223372036854775807,"type":"Text","text":"hi"}"#)
        defer { server.stop() }
        let run = try RuleCommandsProcessTests.run(["chat", "--url", "http://127.0.0.1:\(server.port)/api", "--answer-timeout", "1"], input: "Hello\n")
        #expect(run.status == 1, "exit \(run.status): \(run.standardError)")
        #expect(run.standardError.contains("9223372036854775807"), "\(run.standardError)")
        #expect(run.standardError.split(separator: "\n").count == 1, "\(run.standardError)")
    }

    /// Escape sequences in an agent's text and nickname reach the terminal as visible text.
    @Test func controlCharactersFromTheServer_arePrintedEscaped() throws {
        let text = #"Clear\u001b[2J\u001b]0;owned\u0007 bell\u0007 csi\u009b1m line\u2028end"#
        let server = try Self.server(messages: #"{"from":{"nickname":"Mal\u001b[31mlory","participantId":"3","type":"Agent"},"index":1,"type":"Text","text":"\#(text)"},{\#(Self.agent),"index":2,"type":"ParticipantLeft"}"#)
        defer { server.stop() }
        let run = try RuleCommandsProcessTests.run(["chat", "--url", "http://127.0.0.1:\(server.port)/api", "--answer-timeout", "1"], input: "")
        #expect(run.status == 0, "exit \(run.status): \(run.standardError)")
        let controls = run.standardOutput.unicodeScalars.filter { ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) || $0.value == 0x2028 }
        #expect(controls.isEmpty, "raw control characters reached the terminal: \(controls.map { String($0.value, radix: 16) })")
        #expect(run.standardOutput.contains(#"Mal\u{1B}[31mlory: Clear\u{1B}[2J\u{1B}]0;owned\u{7} bell\u{7} csi\u{9B}1m line\u{2028}end"#), "\(run.standardOutput)")
    }
}
