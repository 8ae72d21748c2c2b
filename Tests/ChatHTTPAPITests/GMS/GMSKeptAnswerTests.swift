import ChatCore
import Foundation
import GMSWire
import HTTPTesting
import Testing

/// A GMS answer is copied from what the front keeps of each chat (its head, each message's JSON);
/// it must stay byte for byte what a fresh encoding of the transcript gives, as messages arrive,
/// across chats, and when the kept bytes are dropped by the bound.
@Suite struct GMSKeptAnswerTests {
    @Test(arguments: [64 * 1024 * 1024, 300])
    func keptJSON_givesTheAnswersOfAFreshEncoding(cacheBytes: Int) throws {
        let server = try APITestServer(transcriptCacheBytes: cacheBytes)
        let gms = GMSTestClient(api: try server.client())
        let first = try gms.start([("nickname", "First"), ("subject", "S")])
        let second = try gms.start([("nickname", #"Second "quoted" \ "#), ("subject", "S")])
        for round in 0..<5 {
            for session in [first, second] {
                _ = try gms.operation("send", session, [("message", "Round \(round)\n\u{1} \"q\" é")])
                server.runAgent()
                let id = try #require(ChatID(validating: session.chatId))
                for position in [1, 3] {
                    let transcript = try server.host.transcript(of: id, from: position, markingReceived: false)
                    let last = try server.host.transcript(of: id, from: 0, markingReceived: false).last?.index ?? 0
                    let expected = GMSWire.encode(
                        GMSAnswer(
                            chatId: session.chatId, userId: session.userId, secureKey: session.secureKey, alias: session.alias,
                            nextPosition: last + 1, chatEnded: false, messages: transcript.map(GMSVocabulary.message))
                    ).bytes
                    let answer = try gms.refresh(session, from: position).raw.response.body
                    #expect(answer == expected, "cache \(cacheBytes), round \(round), from \(position): \(String(decoding: answer, as: UTF8.self))")
                }
            }
        }
    }
}
