import ChatCore
import Foundation
import Locking
import Testing

/// The chunked transcript: the same messages in the same order across chunk boundaries, and a
/// responder's view of it unchanged by messages added after it was taken.
@Suite struct ChatTranscriptTests {
    @Test func arrayLiteralAndSequence_keepOrderAcrossChunks() {
        let messages = (1...700).map { ChatMessage(index: $0, kind: .text, from: Participant(id: "2", nickname: "system", kind: .external), text: "m\($0)", time: Date(timeIntervalSince1970: 0)) }
        let transcript = ChatTranscript(messages)
        #expect(transcript.count == 700)
        #expect(Array(transcript) == messages)
        #expect(transcript[255].index == 256 && transcript[256].index == 257 && transcript.last?.index == 700)
        #expect(ChatTranscript().isEmpty)
        let literal: ChatTranscript = [messages[0]]
        #expect(Array(literal) == [messages[0]])
    }

    @Test func longChat_transcriptAndResponderViews_matchWhatWasPosted() throws {
        // Each call records what its view held; views taken long before keep their length.
        let seen = Locked<[(count: Int, last: String?)]>([])
        let views = Locked<[ChatView]>([])
        let responder = ClosureResponder { event, context in
            views.withLock { $0.append(context.chat) }
            seen.withLock { $0.append((context.chat.messages.count, context.chat.messages.last?.text)) }
            return event.kind == .customerText ? AgentReply([.say("re \(event.text ?? "")")]) : .none
        }
        let (host, clock) = try makeHost(responder: responder, joinDelay: .zero, replyDelay: .zero, systemInterval: .zero)
        let id = try host.requestChat(nickname: "Kim", subject: "s", userData: [:])
        clock.advance(by: .zero)
        for number in 1...400 {
            try host.sendMessage("m\(number)", to: id)
            clock.advance(by: .zero)
        }
        let all = try host.allMessages(id)
        #expect(all.map(\.index) == Array(1...all.count))
        #expect(try host.texts(id, from: .agent) == (1...400).map { "re m\($0)" })
        let customerCalls = seen.withLock { $0 }.filter { $0.last?.hasPrefix("m") == true }
        #expect(customerCalls.count == 400)
        #expect(customerCalls.map(\.last) == (1...400).map { "m\($0)" })
        let kept = views.withLock { $0 }
        for (view, recorded) in zip(kept, seen.withLock { $0 }) {
            #expect(view.messages.count == recorded.count)
            #expect(Array(view.messages) == Array(all.prefix(recorded.count)))
        }
    }
}
