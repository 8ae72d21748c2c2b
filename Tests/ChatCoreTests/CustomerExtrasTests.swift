import ChatCore
import Foundation
import Testing

/// The customer operations Genesys's GMS API adds (a notice, a pushed page, a new nickname, new
/// user data, typing with a preview): each lands in the transcript (user data excepted), reaches
/// the bot as an event, survives a restart, and is refused once the chat is over.
@Suite struct CustomerExtrasTests {
    /// Answers each of the new events with what it got, so the transcript shows what reached it.
    static let bot = ClosureResponder(agentNickname: "Eve") { event, context in
        switch event.kind {
        case .customerNotice: AgentReply([.say("notice: \(event.text ?? "")")])
        case .customerPushedURL: AgentReply([.say("page: \(event.text ?? "")")])
        case .customerNicknameChanged: AgentReply([.say("hello \(context.chat.customerNickname), was told \(event.text ?? "")")])
        case .customerDataUpdated: AgentReply([.say("plan: \(context.chat.userData["plan"] ?? "-"), region: \(context.chat.userData["region"] ?? "-")")])
        case .customerTypingStarted: event.text.map { AgentReply([.say("preview: \($0)")]) } ?? .none
        default: .none
        }
    }

    private func host(store: (any ChatStore)? = nil, clock: ManualClock) throws -> ChatHost {
        try ChatHost(configuration: .instant(seed: 5), responder: Self.bot, clock: clock, store: store)
    }

    @Test func eachOperation_isInTheTranscript_andReachesTheBot() throws {
        let clock = ManualClock()
        let host = try host(clock: clock)
        let id = try host.requestChat(nickname: "Ann", subject: "s", userData: ["plan": "basic"])
        try host.customNotice("card declined", in: id)
        try host.pushURL("https://shop.example/cart", in: id)
        try host.updateNickname("Annie", in: id)
        try host.updateData(["plan": "gold", "region": "EU"], in: id)
        try host.startTyping(in: id, preview: "where is my ord")
        clock.advance(by: .seconds(10))
        let customer = try host.allMessages(id).filter { $0.from.kind == .customer && $0.kind != .participantJoined }
        #expect(customer.map(\.kind) == [.customNotice, .pushURL, .nicknameUpdated, .typingStarted])
        #expect(customer.map(\.text) == ["card declined", "https://shop.example/cart", "Annie", "where is my ord"])
        #expect(customer[2].from.nickname == "Annie", "NicknameUpdated comes from the customer under the new nickname")
        #expect(
            try host.texts(id, from: .agent) == [
                "notice: card declined", "page: https://shop.example/cart", "hello Annie, was told Annie", "plan: gold, region: EU",
                "preview: where is my ord",
            ])
        let chat = try host.chat(id)
        #expect(chat.customerNickname == "Annie")
        #expect(chat.participants.first { $0.kind == .customer }?.nickname == "Annie")
        #expect(chat.userData == ["plan": "gold", "region": "EU"])
        try host.sendMessage("hi", to: id)
        #expect(try host.allMessages(id).last?.from.nickname == "Annie", "later messages carry the new nickname")
    }

    @Test func theNewNickname_andUserData_surviveARestart() throws {
        let store = InMemoryChatStore()
        let clock = ManualClock()
        let id: ChatID
        do {
            let first = try host(store: store, clock: clock)
            id = try first.requestChat(nickname: "Ann", subject: "s")
            try first.updateNickname("Annie", in: id)
            try first.updateData(["plan": "gold"], in: id)
            clock.advance(by: .seconds(1))
            first.shutdown()
        }
        let restarted = try host(store: store, clock: ManualClock(start: clock.now()))
        let chat = try restarted.chat(id)
        #expect(chat.customerNickname == "Annie")
        #expect(chat.participants.first { $0.kind == .customer }?.nickname == "Annie")
        #expect(chat.userData == ["plan": "gold"])
    }

    @Test func afterTheChatEnds_everyOperationIsRefused() throws {
        let clock = ManualClock()
        let host = try host(clock: clock)
        let id = try host.requestChat(nickname: "Ann", subject: "s")
        try host.complete(id)
        let operations: [(String, () throws(ChatError) -> Void)] = [
            ("CustomNotice", { () throws(ChatError) in try host.customNotice("x", in: id) }),
            ("PushUrl", { () throws(ChatError) in try host.pushURL("https://x.example", in: id) }),
            ("UpdateNickname", { () throws(ChatError) in try host.updateNickname("B", in: id) }),
            ("UpdateData", { () throws(ChatError) in try host.updateData(["a": "b"], in: id) }),
        ]
        for (name, operation) in operations {
            #expect(throws: ChatError(.invalidState, "\(name) is not valid in state Idle.")) { try operation() }
        }
    }

    @Test func badValues_areRefused_withTheParameterNamed() throws {
        let host = try host(clock: ManualClock())
        let id = try host.requestChat(nickname: "Ann", subject: "s")
        #expect(throws: ChatError(.invalidParameter, "Parameter 'nickname' must not be empty.")) { try host.updateNickname("", in: id) }
        #expect(throws: ChatError(.invalidParameter, "Parameter 'pushUrl' must not be empty.")) { try host.pushURL("", in: id) }
        let long = String(repeating: "n", count: 5_000)
        #expect(throws: ChatError(.invalidParameter, "Parameter 'message' is 5000 bytes long; at most 4096 are allowed.")) { try host.customNotice(long, in: id) }
        let tooMany = Dictionary(uniqueKeysWithValues: (0..<65).map { ("k\($0)", "v") })
        #expect(throws: ChatError(.invalidParameter, "userData has 65 entries; at most 64 are allowed.")) { try host.updateData(tooMany, in: id) }
        #expect(try host.allMessages(id).count == 3, "nothing was added: the customer and system joined, the agent joined")
    }

    /// A bot's notice, pushed page and typing preview are messages of their own types with text.
    @Test func theAgent_postsNotices_pages_andTypingPreviews() throws {
        let bot = ClosureResponder(agentNickname: "Eve") { event, _ in
            guard event.kind == .customerText else { return .none }
            return AgentReply([
                AgentAction(.startTyping(preview: "Let me look")), AgentAction(.notice("Your order shipped")),
                AgentAction(.pushURL("https://shop.example/track"), delay: .seconds(1)), .say("Done."),
            ])
        }
        let clock = ManualClock()
        let host = try ChatHost(configuration: .instant(), responder: bot, clock: clock)
        let id = try host.requestChat(nickname: "Ann", subject: "s")
        try host.sendMessage("order?", to: id)
        clock.advance(by: .zero)
        #expect(try host.pendingAgentSteps(of: id).map(\.description) == ["post PushUrl https://shop.example/track", "say Done."])
        clock.advance(by: .seconds(1))
        let agent = try host.allMessages(id).filter { $0.from.kind == .agent && $0.kind != .participantJoined }
        #expect(agent.map(\.kind) == [.typingStarted, .notice, .pushURL, .text])
        #expect(agent.map(\.text) == ["Let me look", "Your order shipped", "https://shop.example/track", "Done."])
    }
}
