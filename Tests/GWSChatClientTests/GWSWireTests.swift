import Foundation
import GWSChatClient
import Testing

@Suite struct GWSWireTests {
    static let customer = GWSParticipant(id: "1", nickname: "Chris", kind: .customer)
    static let agent = GWSParticipant(id: "3", nickname: "Sam", kind: .agent)

    @Test func transcript_writesTheDocumentedShape_andReadsItBack() throws {
        let transcript = GWSTranscript(messages: [
            GWSMessage(index: 1, kind: .participantJoined, from: Self.customer),
            GWSMessage(index: 2, kind: .text, from: Self.agent, text: "Hi \"Chris\"\n"),
        ])
        let bytes = GWSWire.encode(transcript)
        #expect(String(decoding: bytes, as: UTF8.self) == #"{"messages":[{"from":{"nickname":"Chris","participantId":"1","type":"Customer"},"index":1,"type":"ParticipantJoined"},{"from":{"nickname":"Sam","participantId":"3","type":"Agent"},"index":2,"text":"Hi \"Chris\"\n","type":"Text"}],"statusCode":0}"#)
        #expect(try GWSWire.decodeTranscript(bytes) == transcript)
    }

    @Test func chat_roundTrips_inTheDocumentedKeyOrder() throws {
        let chat = GWSChat(id: "abc", state: .chatting, participants: [Self.customer, Self.agent], capabilities: GWSOperation.known)
        let bytes = GWSWire.encode(chat)
        #expect(String(decoding: bytes, as: UTF8.self).hasPrefix(#"{"chat":{"capabilities":["SendMessage","#))
        #expect(try GWSWire.decodeChat(bytes) == chat)
    }

    @Test func created_andError_roundTrip() throws {
        let created = GWSChatCreated(id: "652492d9-c2d9-44c9-b9ad-0ab7984114bb", path: "/api/v2/chats/652492d9-c2d9-44c9-b9ad-0ab7984114bb")
        #expect(String(decoding: GWSWire.encode(created), as: UTF8.self) == #"{"id":"652492d9-c2d9-44c9-b9ad-0ab7984114bb","statusCode":0,"path":"/api/v2/chats/652492d9-c2d9-44c9-b9ad-0ab7984114bb"}"#)
        #expect(try GWSWire.decodeCreated(GWSWire.encode(created)) == created)
        let refusal = GWSErrorBody(statusCode: 2, statusMessage: "SendMessage is not valid in state Idle.")
        #expect(GWSWire.decodeError(GWSWire.encode(refusal)) == refusal)
        #expect(GWSWire.decodeError(Array("<html>".utf8)) == nil)
    }

    /// The original Node emulator sends `participantId` as a number and GWS adds members we do
    /// not know; neither must stop a client.
    @Test func decoding_acceptsNumericParticipantIDs_unknownMembers_andUTCTime() throws {
        let body = #"{"messages":[{"from":{"nickname":"Roboto","participantId":3,"type":"Agent","visibility":"ALL"},"index":4,"text":"Neat.","type":"Text","utcTime":1767225600500}],"chatEnded":false,"statusCode":0}"#
        let message = try #require(try GWSWire.decodeTranscript(Array(body.utf8)).messages.first)
        #expect(message.from == GWSParticipant(id: "3", nickname: "Roboto", kind: .agent))
        #expect(message.utcTime == Date(timeIntervalSince1970: 1_767_225_600.5))
    }

    /// The vocabularies grow: a transcript with a message type and a role this build has never
    /// heard of is read, kept as it is, and written back the same, never refused.
    @Test func decoding_keepsMessageTypesAndRolesItDoesNotKnow() throws {
        let body = #"{"messages":[{"from":{"nickname":"Ops","participantId":"9","type":"Overseer"},"index":1,"text":"Lights out at six","type":"Shout"},{"from":{"nickname":"Chris","participantId":"1","type":"Customer"},"index":2,"type":"ParticipantRejoined"}],"statusCode":0}"#
        let messages = try GWSWire.decodeTranscript(Array(body.utf8)).messages
        #expect(messages.map(\.kind.name) == ["Shout", "ParticipantRejoined"])
        #expect(messages[0].kind.isKnown == false)
        #expect(messages[0].from == GWSParticipant(id: "9", nickname: "Ops", kind: GWSParticipant.Kind("Overseer")))
        #expect(messages[0].text == "Lights out at six")
        #expect(String(decoding: GWSWire.encode(GWSTranscript(messages: messages)), as: UTF8.self) == body)
    }

    /// A state or an operation this build does not know, in a GetChat answer, is kept by name too.
    @Test func decoding_keepsStatesAndOperationsItDoesNotKnow() throws {
        let body = #"{"chat":{"capabilities":["SendMessage","Transfer"],"id":"abc","participants":[],"state":"OnHold"},"statusCode":0}"#
        let chat = try GWSWire.decodeChat(Array(body.utf8))
        #expect(chat.state == GWSChat.State("OnHold"))
        #expect(chat.state.isKnown == false)
        #expect(chat.capabilities == [.sendMessage, GWSOperation("Transfer")])
        #expect(String(decoding: GWSWire.encode(chat), as: UTF8.self) == body)
    }

    @Test(arguments: [
        (#"{"messages":[{"from":{"participantId":"1","type":"Customer"},"type":"Text"}]}"#, "GetTranscript answer: messages[0].index: is missing"),
        (#"{"messages":[{"from":{"participantId":"1","type":"Customer"},"index":1,"type":""}]}"#, "GetTranscript answer: messages[0].type: is empty; a message type was expected"),
        (#"{"messages":[{"from":{"participantId":"1","type":7},"index":1,"type":"Text"}]}"#, "GetTranscript answer: messages[0].from.type: must be a string, not a number"),
        (#"{"messages":{}}"#, "GetTranscript answer: messages: must be an array, not an object"),
        (#"{"messages":[}"#, "GetTranscript answer: Malformed JSON at byte 13 (line 1, column 14): unexpected character '}', a value was expected."),
    ])
    func decoding_namesTheMemberThatIsWrong(body: String, expected: String) {
        #expect(throws: GWSWireError.self) { try GWSWire.decodeTranscript(Array(body.utf8)) }
        do {
            _ = try GWSWire.decodeTranscript(Array(body.utf8))
        } catch {
            #expect(error.description == expected)
        }
    }

    @Test func requestBodies_areJSONTheServerReads() {
        #expect(
            String(decoding: GWSWire.requestChatBody(nickname: "Zoë", subject: "Hi", userData: ["b": "2", "a": "1"]), as: UTF8.self)
                == #"{"operationName":"RequestChat","nickname":"Zoë","subject":"Hi","userData":{"a":"1","b":"2"}}"#)
        #expect(String(decoding: GWSWire.operationBody(.sendMessage, text: "a\"b"), as: UTF8.self) == #"{"operationName":"SendMessage","text":"a\"b"}"#)
        #expect(String(decoding: GWSWire.operationBody(.complete), as: UTF8.self) == #"{"operationName":"Complete"}"#)
    }
}
