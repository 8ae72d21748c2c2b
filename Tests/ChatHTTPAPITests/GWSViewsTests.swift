import ChatCore
import ChatHTTPAPI
import Foundation
import GWSChatClient
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

    /// The client's vocabulary is its own (no ChatCore in its product) but names what the core
    /// names: a type, role, state or operation added to one and not the other fails here.
    @Test func theClientsVocabulary_namesWhatTheCoreNames() {
        #expect(GWSMessage.Kind.known.map(\.name) == ChatMessage.Kind.known.map(\.name))
        #expect(GWSParticipant.Kind.known.map(\.name) == Participant.Kind.known.map(\.name))
        #expect(GWSChat.State.known.map(\.name) == ChatState.allCases.map(\.rawValue))
        #expect(GWSOperation.known.map(\.name) == ChatOperation.gws.map(\.name))
    }
}
