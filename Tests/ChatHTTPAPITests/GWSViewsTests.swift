import ChatCore
import ChatHTTPAPI
import Foundation
import GWSChatClient
import HTTPTesting
import Testing

/// The GWS front's view of the core's chats: the core's vocabulary mapped onto the wire's
/// (GWSChatClient's, which knows nothing of ChatCore).
@Suite struct GWSViewsTests {
    static let agent = Participant(id: "3", nickname: "Sam", kind: .agent)

    /// GWS shows the message types only GMS has as a `Notice` with their text, keeps its own new
    /// types (`ParticipantRejoined`, `Notice`), and carries an agent's typing preview.
    @Test func gmsOnlyTypes_areNoticesOnTheGWSWire_withTheirText() {
        let time = Date(timeIntervalSince1970: 0)
        let cases: [(ChatMessage.Kind, String?, String, String?)] = [
            (.pushURL, "https://shop.example/cart", "Notice", "https://shop.example/cart"),
            (.customNotice, "card declined", "Notice", "card declined"),
            (.nicknameUpdated, "Annie", "Notice", "Annie"),
            (.idleAlert, "soon", "Notice", "soon"),
            (.idleClose, "closed", "Notice", "closed"),
            (.notice, "shipped", "Notice", "shipped"),
            (.participantRejoined, nil, "ParticipantRejoined", nil),
            (.typingStarted, "Let me look", "TypingStarted", "Let me look"),
            (.participantJoined, nil, "ParticipantJoined", nil),
            (.text, nil, "Text", ""),
        ]
        for (kind, text, wireType, wireText) in cases {
            let message = GWSMessage(ChatMessage(index: 4, kind: kind, from: Self.agent, text: text, time: time))
            #expect(message.kind.name == wireType, "\(kind)")
            #expect(message.text == wireText, "\(kind)")
            #expect(message.from == GWSParticipant(id: "3", nickname: "Sam", kind: .agent))
        }
    }

    /// GetChat writes a snapshot without building the wire's arrays first: its answer is what the
    /// plain mapping encodes, in every state, with an invited participant too.
    @Test func getChat_answersWhatThePlainMappingEncodes_inEveryState() throws {
        let server = try APITestServer(joinDelay: .seconds(2, 2))
        defer { server.stop() }
        let client = try server.client()
        let id = try client.requestChat()
        let chatID = try #require(server.host.chatIDs.first { $0.description == id })
        func check(_ state: ChatState) throws {
            let snapshot = try server.host.chat(chatID)
            try #require(snapshot.state == state, "\(snapshot)")
            let expected = String(decoding: GWSWire.encode(GWSChat(snapshot)), as: UTF8.self)
            #expect(String(decoding: GWSChat.answer(snapshot), as: UTF8.self) == expected)
            #expect(String(decoding: try client.send("GET", "/api/v2/chats/\(id)").response.body, as: UTF8.self) == expected)
        }
        try check(.waitingForAgent)
        server.clock.advance(by: .seconds(2))
        try check(.chatting)
        try server.host.invite("Dana", as: .supervisor, into: chatID)
        #expect(try server.host.chat(chatID).participants.contains { $0.kind == .supervisor })
        try check(.chatting)
        _ = try client.operation("Complete", on: id)
        try check(.idle)
    }

    /// The client's vocabulary is its own (no ChatCore in its product) but names what the core
    /// names: a type, role, state or operation added to one and not the other fails here.
    @Test func theClientsVocabulary_namesWhatTheCoreNames() {
        #expect(GWSMessage.Kind.known.map(\.name) == ChatMessage.Kind.known.map(\.name))
        #expect(GWSParticipant.Kind.known.map(\.name) == Participant.Kind.known.map(\.name))
        #expect(GWSChat.State.known.map(\.name) == ChatState.allCases.map(\.rawValue))
        #expect(GWSOperation.known.map(\.name) == ChatOperation.gws.map(\.name))
    }
}
