import ChatCore
import EmulatorKit
import Foundation
import GMSWire
import HTTPTesting
import Testing

/// A transfer back and the transcript's save, as each front shows them: GWS under their own
/// names, GMS (which lists no rejoin) as the same participant id joining again.
@Suite struct RejoinAndSaveOnBothFrontsTests {
    @Test func aTransferBack_andTheSave_onGWS_andGMS() throws {
        let server = try APITestServer { $0.chatHost.announcesTranscriptSave = true }
        let gms = GMSTestClient(api: try server.client())
        let session = try gms.start()
        let id = try #require(ChatID(validating: session.chatId))
        try server.host.transfer(id, to: "Pat")
        try server.host.transfer(id, to: "Roboto")
        server.runAgent()
        #expect(try gms.operation("disconnect", session).status == 200)
        server.runAgent()

        let gws = try server.client().messages(session.chatId, index: 0)
        let gwsStaff = gws.compactMap { message -> String? in
            guard let from = message["from"] as? [String: Any], from["type"] as? String != "Customer" else { return nil }
            return "\(message["type"] ?? "") \(from["nickname"] ?? "") \(from["participantId"] ?? "")"
        }
        #expect(
            gwsStaff == [
                "ParticipantJoined system 2", "ParticipantJoined Roboto 3", "ParticipantLeft Roboto 3", "ParticipantJoined Pat 4", "ParticipantLeft Pat 4",
                "ParticipantRejoined Roboto 3", "TranscriptSaveDone system 2",
            ])

        let refreshed = try #require(try gms.refresh(session, from: 1).answer)
        let gmsStaff = refreshed.messages.filter { $0.from.type != "Client" }.map { "\($0.type) \($0.from.nickname) \($0.from.participantId)" }
        #expect(
            gmsStaff == [
                "ParticipantJoined system 2", "ParticipantJoined Roboto 3", "ParticipantLeft Roboto 3", "ParticipantJoined Pat 4", "ParticipantLeft Pat 4",
                "ParticipantJoined Roboto 3", "TranscriptSaveDone system 2",
            ])
        #expect(refreshed.chatEnded == true)
    }
}
