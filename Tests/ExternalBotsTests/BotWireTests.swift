import ChatCore
import ExternalBots
import Foundation
import Testing

/// The JSON an external bot reads and writes: every member of an event, every action of an
/// answer, and errors that name the member at fault.
@Suite struct BotWireTests {
    private func context(memory: ResponderMemory = ["step": "2"]) -> ResponderContext {
        let view = ChatView(
            id: ChatID(UUID(uuidString: "00000000-0000-4000-8000-000000000001")!), state: .chatting, customerNickname: "Ann",
            subject: "Help", userData: ["plan": "gold"], agentNickname: "Bot", messages: [])
        return ResponderContext(chat: view, memory: memory, random: ChatRandom(seed: 1), now: ManualClock.defaultStart)
    }

    private func decode(_ json: String, memory: ResponderMemory = [:]) throws(BotAnswerError) -> (AgentReply, ResponderMemory) {
        try BotWire.decode(Array(json.utf8), memory: memory)
    }

    @Test func event_carriesWhatTheBotNeeds_onOneLine() throws {
        let bytes = BotWire.encode(.customerText("hi\nthere"), context: context(), sequence: 7, seed: 99)
        #expect(!bytes.contains(UInt8(ascii: "\n")))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        #expect(object["version"] as? Int == 1)
        #expect(object["sequence"] as? Int == 7)
        #expect(object["seed"] as? Int == 99)
        #expect(object["chatId"] as? String == "00000000-0000-4000-8000-000000000001")
        #expect(object["event"] as? String == "customerText")
        #expect(object["text"] as? String == "hi\nthere")
        #expect(object["nickname"] as? String == "Ann")
        #expect(object["subject"] as? String == "Help")
        #expect(object["state"] as? String == "Chatting")
        #expect(object["userData"] as? [String: String] == ["plan": "gold"])
        #expect(object["memory"] as? [String: String] == ["step": "2"])
    }

    @Test func answer_everyAction() throws {
        let json = """
            [{"type":"say","text":"Hello","origin":"greet"},
             {"type":"say","text":"Typed","typing":1.5},
             {"type":"memory","values":{"name":"Ann","old":null}},
             {"type":"startTimer","name":"nudge","seconds":30,"cancelledByCustomer":true},
             {"type":"cancelTimer","name":"other","delay":0.5},
             {"type":"handover","text":"A person will help you."},
             {"type":"notice","text":"Your order is on its way."},
             {"type":"pushUrl","url":"https://shop.example/orders/42"},
             {"type":"invite","name":"Dana","supervisor":true},
             {"type":"invite","name":"Lee"},
             {"type":"transfer","to":"billing"},
             {"type":"leave"}]
            """
        let (reply, memory) = try decode(json, memory: ["old": "x", "kept": "y"])
        #expect(
            reply.actions == [
                AgentAction(.say("Hello"), origin: "greet"),
                AgentAction(.startTyping),
                AgentAction(.say("Typed"), delay: .milliseconds(1500)),
                AgentAction(.startTimer(name: "nudge", after: .seconds(30), cancelledByCustomer: true)),
                AgentAction(.cancelTimer(name: "other"), delay: .milliseconds(500)),
                AgentAction(.handover("A person will help you.")),
                AgentAction(.notice("Your order is on its way.")),
                AgentAction(.pushURL("https://shop.example/orders/42")),
                AgentAction(.invite("Dana", supervisor: true)),
                AgentAction(.invite("Lee", supervisor: false)),
                AgentAction(.transfer(to: "billing")),
                AgentAction(.leave),
            ])
        #expect(reply.fired == ["greet"])
        #expect(memory == ["name": "Ann", "kept": "y"])
    }

    @Test func emptyBody_isAnEmptyAnswer() throws {
        #expect(try decode("").0 == .none)
        #expect(try decode(" \n").0 == .none)
        #expect(try decode("[]").0 == .none)
    }

    @Test(arguments: [
        (#"{"type":"say"}"#, "", "must be a JSON array"),
        (#"[{"type":"say"}]"#, "[0].text", "is required"),
        (#"[{"type":"say","text":"a"},{"type":"sing"}]"#, "[1].type", "unknown action type \"sing\""),
        (#"[{"type":"startTimer","name":"t","seconds":"10"}]"#, "[0].seconds", "must be a number of seconds"),
        (#"[{"type":"startTimer","name":"t","seconds":-1}]"#, "[0].seconds", "from 0 to 86400"),
        (#"[{"type":"say","text":"a","colour":"red"}]"#, "[0].colour", "not a member"),
        (#"[{"type":"memory","values":{"a":1}}]"#, "[0].values.a", "a string or null"),
        (#"["say"]"#, "[0]", "must be an object"),
        (#"[{"type":"say","text":"a"}"#, "", "not JSON"),
        (#"[{"type":"transfer"}]"#, "[0].to", "is required"),
        (#"[{"type":"transfer","to":"  "}]"#, "[0].to", "must be a name"),
        (#"[{"type":"invite","name":"Dana\nEvil"}]"#, "[0].name", "must be a name"),
        (#"[{"type":"invite","name":"Dana","supervisor":"yes"}]"#, "[0].supervisor", "true or false"),
        (#"[{"type":"notice"}]"#, "[0].text", "is required"),
        (#"[{"type":"pushUrl","url":"javascript:alert(1)"}]"#, "[0].url", "absolute http or https URL"),
        (#"[{"type":"pushUrl","url":"/relative"}]"#, "[0].url", "absolute http or https URL"),
        (#"[{"type":"transfer","to":"Lee","text":"bye"}]"#, "[0].text", "not a member"),
    ])
    func badAnswer_namesTheMember(json: String, member: String, reason: String) {
        do {
            _ = try decode(json)
            Issue.record("accepted \(json)")
        } catch {
            #expect(error.member == member)
            #expect(error.reason.contains(reason), "\(error)")
        }
    }

    @Test func tooMuch_isRefused() {
        var limits = BotWire.Limits()
        limits.maximumActions = 2
        let three = #"[{"type":"leave"},{"type":"leave"},{"type":"leave"}]"#
        #expect(throws: BotAnswerError.self) { try BotWire.decode(Array(three.utf8), memory: [:], limits: limits) }
        limits.maximumBytes = 10
        #expect(throws: BotAnswerError.self) { try BotWire.decode(Array(#"[{"type":"leave"}]"#.utf8), memory: [:], limits: limits) }
    }
}
