import ChatCore
import Foundation
import Testing

/// Chat Server's inactivity control on the virtual clock: an idle customer is alerted after the
/// alert timeout, and the chat is closed after the close timeout; what the customer does in
/// between starts the clock again (typing does not count). Off by default.
@Suite struct IdleControlTests {
    private func host(idle: IdleControl?, clock: ManualClock) throws -> ChatHost {
        var configuration = ChatHostConfiguration.instant()
        configuration.idleControl = idle
        return try ChatHost(configuration: configuration, responder: ClosureResponder { _, _ in .none }, clock: clock)
    }

    private func systemKinds(_ host: ChatHost, _ id: ChatID) throws -> [ChatMessage.Kind] {
        try host.allMessages(id).filter { $0.from.kind == .external && $0.kind != .participantJoined }.map(\.kind)
    }

    @Test func anIdleCustomer_isAlerted_thenTheChatIsClosed() throws {
        let clock = ManualClock()
        let host = try host(idle: IdleControl(alertAfter: .seconds(255), closeAfter: .seconds(45)), clock: clock)
        let id = try host.requestChat(nickname: "Ann", subject: "s")
        clock.advance(by: .seconds(254))
        #expect(try systemKinds(host, id) == [])
        clock.advance(by: .seconds(1))
        #expect(try systemKinds(host, id) == [.idleAlert])
        #expect(try host.allMessages(id).last?.text == "Chat session will be closed soon due to inactivity of chat participants.")
        clock.advance(by: .seconds(44))
        #expect(try host.chat(id).state == .chatting)
        clock.advance(by: .seconds(1))
        #expect(try systemKinds(host, id) == [.idleAlert, .idleClose])
        #expect(try host.allMessages(id).last?.text == "Chat session closed due to inactivity of chat participants.")
        #expect(try host.chat(id).state == .idle)
        #expect(throws: ChatError.self) { try host.sendMessage("still there?", to: id) }
    }

    @Test func aMessage_startsTheClockAgain_typingDoesNot() throws {
        let clock = ManualClock()
        let host = try host(idle: IdleControl(alertAfter: .seconds(60), closeAfter: .seconds(30)), clock: clock)
        let id = try host.requestChat(nickname: "Ann", subject: "s")
        clock.advance(by: .seconds(50))
        try host.sendMessage("hi", to: id)
        clock.advance(by: .seconds(50))
        #expect(try systemKinds(host, id) == [], "the message restarted the 60 s")
        try host.startTyping(in: id)
        clock.advance(by: .seconds(10))
        #expect(try systemKinds(host, id) == [.idleAlert], "typing did not restart it")
        try host.pushURL("https://shop.example", in: id)
        clock.advance(by: .seconds(59))
        #expect(try host.chat(id).state == .chatting, "acting after the alert cancels the close")
        #expect(try systemKinds(host, id) == [.idleAlert])
    }

    @Test func offByDefault_aQuietChatStaysOpen() throws {
        let clock = ManualClock()
        let host = try host(idle: nil, clock: clock)
        let id = try host.requestChat(nickname: "Ann", subject: "s")
        clock.advance(by: .seconds(86_400))
        #expect(try systemKinds(host, id) == [])
        #expect(try host.chat(id).state == .chatting)
    }

    /// The test double's `idle` fault: the alert at once, the close Chat Server's 45 s later.
    @Test func theIdleFault_alertsNow_andClosesUnlessTheCustomerActs() throws {
        let clock = ManualClock()
        let host = try host(idle: nil, clock: clock)
        let id = try host.requestChat(nickname: "Ann", subject: "s")
        try host.inject(.customerIdle, into: id)
        #expect(try systemKinds(host, id) == [.idleAlert])
        clock.advance(by: .seconds(45))
        #expect(try host.chat(id).state == .idle)

        let other = try host.requestChat(nickname: "Bo", subject: "s")
        try host.inject(.customerIdle, into: other)
        try host.sendMessage("I'm here", to: other)
        clock.advance(by: .seconds(600))
        #expect(try host.chat(other).state == .chatting)
    }
}
