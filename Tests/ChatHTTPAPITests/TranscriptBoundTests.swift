import Foundation
import GWSChatClient
import Testing
import HTTPTesting
import ChatCore
import ChatHTTPAPI

/// One GetTranscript answer is bounded in bytes; the client gets the rest by reading on.
@Suite struct TranscriptBoundTests {
    static let bound = 2_000

    /// A chat whose transcript is several times the bound.
    private func longChat(_ server: APITestServer) throws -> (APIClient, String) {
        let client = try server.client()
        let id = try client.requestChat()
        for number in 0..<30 {
            #expect(try client.operation("SendMessage", on: id, text: "Message \(number) " + String(repeating: "x", count: 80)).status == 200)
        }
        return (client, id)
    }

    private func indices(_ messages: [[String: Any]]) -> [Int] { messages.compactMap { $0["index"] as? Int } }

    @Test func readWithIndex_stopsAtTheBound_andContinuesFromLastIndexPlusOne() throws {
        let server = try APITestServer(maxTranscriptBytes: Self.bound)
        let (client, id) = try longChat(server)
        let all = try server.host.transcript(of: try #require(server.host.chatIDs.first), from: 0, markingReceived: false).map(\.index)
        var read: [Int] = []
        var next = 0
        var answers = 0
        while true {
            let reply = try client.send("GET", "/api/v2/chats/\(id)/messages?index=\(next)")
            #expect(reply.status == 200)
            #expect(reply.response.body.count <= Self.bound)
            let got = indices(reply.json["messages"] as? [[String: Any]] ?? [])
            if got.isEmpty { break }
            read += got
            next = (got.last ?? 0) + 1
            answers += 1
        }
        #expect(read == all)
        #expect(answers >= 3)
    }

    @Test func pollWithoutIndex_stopsAtTheBound_andTheNextPollContinues() throws {
        let server = try APITestServer(maxTranscriptBytes: Self.bound)
        let (client, id) = try longChat(server)
        let all = try server.host.transcript(of: try #require(server.host.chatIDs.first), from: 0, markingReceived: false).map(\.index)
        var read: [Int] = []
        for _ in 0..<all.count {
            let reply = try client.send("GET", "/api/v2/chats/\(id)/messages")
            #expect(reply.response.body.count <= Self.bound)
            let got = indices(reply.json["messages"] as? [[String: Any]] ?? [])
            if got.isEmpty { break }
            read += got
        }
        #expect(read == all)
        #expect(try client.messages(id).isEmpty)
    }

    @Test func aMessageLargerThanTheBound_isStillAnsweredAlone() throws {
        let server = try APITestServer(maxTranscriptBytes: 500)
        let client = try server.client()
        let id = try client.requestChat()
        let long = String(repeating: "y", count: 1_000)
        _ = try client.operation("SendMessage", on: id, text: long)
        var texts: [String] = []
        for _ in 0..<10 {
            let messages = try client.messages(id)
            if messages.isEmpty { break }
            texts += messages.compactMap { $0["text"] as? String }
        }
        #expect(texts.contains(long))
    }

    /// Answers come from each message's JSON kept from earlier reads; they must stay what a fresh
    /// encoding gives as messages arrive, across chats, and after the cache was emptied.
    @Test func keptMessageJSON_givesTheSameAnswers_asMessagesArrive_andAfterTheCacheEmpties() throws {
        for cacheBytes in [64 * 1024 * 1024, 300] {
            let server = try APITestServer(transcriptCacheBytes: cacheBytes)
            let client = try server.client()
            let first = try client.requestChat(nickname: "First")
            let second = try client.requestChat(nickname: #"Second \"quoted\""#)
            for round in 0..<6 {
                for id in [first, second] {
                    _ = try client.operation("SendMessage", on: id, text: "Round \(round) of \(id.prefix(4))" + #"\n\u0001 \"q\""#)
                    let chatID = try #require(server.host.chatIDs.first { $0.description == id })
                    let expected = GWSWire.encode(GWSTranscript(messages: try server.host.transcript(of: chatID, from: 0).map(GWSMessage.init)))
                    #expect(try client.send("GET", "/api/v2/chats/\(id)/messages?index=0").response.body == expected, "cache \(cacheBytes), round \(round)")
                    let fromTwo = GWSWire.encode(GWSTranscript(messages: try server.host.transcript(of: chatID, from: 2).map(GWSMessage.init)))
                    #expect(try client.send("GET", "/api/v2/chats/\(id)/messages?index=2").response.body == fromTwo)
                }
            }
        }
    }
}
