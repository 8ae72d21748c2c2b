import ChatCore
import Foundation
import GMSChatClient
import GMSWire
import Testing

/// The package's GMS customer client (the `.convo` live runner's GMS front) against the emulator.
@Suite struct GMSChatClientTests {
    private func client(_ server: APITestServer, service: String = "customer-support") -> GMSClient {
        GMSClient(serviceURL: URL(string: "http://127.0.0.1:\(server.port)/genesys/2/chat/\(service)")!, timeout: .seconds(5))
    }

    @Test func aWholeChat_requestSendRefreshOperationsDisconnect() throws {
        let server = try APITestServer()
        let client = client(server)
        let (session, started) = try client.requestChat(nickname: "Ann & Bo", subject: "a=b", userData: ["TimeZone": "-480", "bot": "last-character"])
        let id = try #require(ChatID(validating: session.chatId))
        #expect(try server.host.chat(id).customerNickname == "Ann & Bo", "form-encoded: & and = survive")
        #expect(try server.host.chat(id).userData == ["TimeZone": "-480", "bot": "last-character"])
        #expect(started.messages.first?.type == "ParticipantJoined")
        _ = try client.send("Hello!", in: session)
        server.runAgent()
        _ = try client.startTyping(in: session, preview: "so")
        _ = try client.stopTyping(in: session)
        _ = try client.customNotice("card declined", in: session)
        _ = try client.pushURL("https://shop.example/cart", in: session)
        _ = try client.updateNickname("Annie", in: session)
        _ = try client.updateData(["tier": "gold"], in: session)
        let refreshed = try client.refresh(session, from: started.nextPosition ?? 1)
        #expect(
            refreshed.messages.map(\.type) == ["Message", "Message", "TypingStarted", "TypingStopped", "CustomNotice", "PushUrl", "NicknameUpdated"])
        #expect(refreshed.messages.first { $0.type == "TypingStarted" }?.text == "so")
        #expect(refreshed.nextPosition == (refreshed.messages.last?.index ?? 0) + 1)
        #expect(try server.host.chat(id).userData["tier"] == "gold")
        let ended = try client.disconnect(session)
        #expect(ended.chatEnded == true)
    }

    @Test func aRefusal_carriesGMSsCodeAndAdvice_andStoresNothing() throws {
        let server = try APITestServer()
        let client = client(server)
        let (session, _) = try client.requestChat(nickname: "Ann", subject: "s")
        var forged = session
        forged.secureKey = "0000000000000000"
        let error = try #require(throws: GMSClientError.self) { try client.send("hi", in: forged) }
        #expect(error.code == .refused && error.httpStatus == 401 && error.errorCode == 401)
        #expect(error.message.contains("secureKey"), "\(error)")
        let id = try #require(ChatID(validating: session.chatId))
        #expect(try server.host.transcript(of: id, from: 0, markingReceived: false).allSatisfy { $0.kind != .text })
        var strange = session
        strange.chatId = "../x"
        #expect(throws: GMSClientError.self) { try client.send("hi", in: strange) }
    }

    @Test func anUnreachableServer_isNoAnswer() throws {
        let client = GMSClient(serviceURL: URL(string: "http://127.0.0.1:1/genesys/2/chat/s")!, timeout: .seconds(2))
        let error = try #require(throws: GMSClientError.self) { try client.requestChat(nickname: "Ann", subject: "s") }
        #expect(error.code == .noAnswer)
        #expect(error.description.hasPrefix("POST http://127.0.0.1:1/genesys/2/chat/s failed: "))
    }

    @Test(arguments: [
        ("http://h/genesys/2/chat/customer-support", true), ("http://h/genesys/2/chat/s/", true), ("https://h:9/gms/genesys/2/chat/s", true),
        ("http://h/api", false), ("http://h/genesys/2/chat", false), ("http://h/genesys/2/chat/s/123/send", false), ("http://h/genesys/1/chat/s", false),
    ])
    func serviceURLs_areTheOnesEndingInGenesys2ChatService(url: String, isService: Bool) {
        #expect(GMSClient.isServiceURL(URL(string: url)!) == isService)
    }
}
