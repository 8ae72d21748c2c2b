import Foundation
import HTTPTesting
import Testing

/// `gws-emulator chat --url` against a server that sends message types and roles this build does
/// not know (GWS documents more than the five the seed lists): each is shown plainly, by name,
/// and the client goes on, never exiting with "unknown message type".
@Suite struct UnknownMessageTypeTerminalTests {
    @Test func chatUrl_showsTypesItDoesNotKnow_byName_andGoesOn() throws {
        let overseer = #""from":{"nickname":"Ops","participantId":"9","type":"Overseer"}"#
        let server = try HostileServerTerminalTests.server(
            messages: [
                #"{\#(HostileServerTerminalTests.agent),"index":1,"type":"ParticipantRejoined"}"#,
                #"{\#(overseer),"index":2,"type":"Shout","text":"Lights out at six"}"#,
                #"{\#(HostileServerTerminalTests.agent),"index":3,"type":"Text","text":"Still here."}"#,
            ].joined(separator: ","))
        defer { server.stop() }
        let run = try RuleCommandsProcessTests.run(["chat", "--url", "http://127.0.0.1:\(server.port)/api", "--answer-timeout", "1"], input: "")
        #expect(run.status == 0, "exit \(run.status): \(run.standardError)")
        #expect(!run.standardError.contains("unknown"), "\(run.standardError)")
        #expect(run.standardOutput.contains("(Ops: Shout: Lights out at six)"), "\(run.standardOutput)")
        #expect(run.standardOutput.contains("Mallory: Still here."), "\(run.standardOutput)")
    }
}
