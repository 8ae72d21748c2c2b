import GMSWire
import GWSChatClient
import Testing

/// The GMS codec as a client reads answers: lenient where servers differ, strict where meaning
/// would be lost, and what it writes reads back the same.
@Suite struct GMSWireTests {
    @Test func anAnswer_readsBackAsWritten() throws {
        var answer = GMSAnswer(chatId: "c1", userId: "007555677B20000A", secureKey: "4ee15d7e1c343c8e", alias: "117", nextPosition: 3, chatEnded: false)
        answer.messages = [
            GMSMessage(index: 1, type: "ParticipantJoined", from: GMSParty(nickname: "James", participantId: 1, type: "Client"), utcTime: 1_700_000_000_000),
            GMSMessage(
                index: 2, type: "FileUploaded", from: GMSParty(nickname: "James", participantId: 1, type: "Client"), text: "00000000000000ab",
                utcTime: 1_700_000_000_500, userData: ["file-name": "cat.png"]),
        ]
        #expect(try GMSWire.decodeAnswer(GMSWire.encode(answer).bytes) == answer)
        let error = GMSErrorAnswer(chatEnded: true, errors: [GMSError(code: 400, advice: "The chat has ended.")])
        let bytes = GMSWire.encode(error)
        #expect(GMSWire.isError(bytes) && !GMSWire.isError(GMSWire.encode(answer).bytes))
        #expect(try GMSWire.decodeError(bytes) == error)
    }

    @Test func numbersWrittenAsStrings_andUnknownMembers_areRead() throws {
        let json = #"{"statusCode":"0","extra":[1],"messages":[{"from":{"nickname":"A","participantId":"2","type":"Agent"},"index":"1","type":"Message","text":"hi","utcTime":5}]}"#
        let answer = try GMSWire.decodeAnswer(Array(json.utf8))
        #expect(answer.statusCode == 0)
        #expect(answer.messages.first?.from.participantId == 2 && answer.messages.first?.index == 1 && answer.messages.first?.utcTime == 5)
    }

    @Test func aMessageWithoutIndex_orAnIdThatIsNoNumber_isAnErrorNamingTheMember() {
        let noIndex = #"{"statusCode":0,"messages":[{"from":{"nickname":"A","participantId":1,"type":"Agent"},"type":"Message"}]}"#
        do {
            _ = try GMSWire.decodeAnswer(Array(noIndex.utf8))
            Issue.record("a message without index was read")
        } catch {
            #expect(error.path == "messages[0].index" && error.reason == "is missing")
        }
        let badID = #"{"statusCode":0,"messages":[{"from":{"nickname":"A","participantId":"x1","type":"Agent"},"index":1,"type":"Message"}]}"#
        do {
            _ = try GMSWire.decodeAnswer(Array(badID.utf8))
            Issue.record("a participantId of 'x1' was read")
        } catch {
            #expect(error.path == "messages[0].from.participantId")
        }
    }
}
