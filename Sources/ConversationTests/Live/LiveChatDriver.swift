import ChatCore
import Foundation

/// Plays a test against a live server, in real time: requests go over HTTP and the transcript
/// is polled while a step waits. Message times are when the poll saw them.
///
/// The file's timing settings (`join-delay`, `reply-delay`, `system-messages`) and seed do not
/// apply: the server has its own.
final class LiveChatDriver: ChatDriver {
    private let client: GWSClient
    private let chatPath: String
    let startTime: Date
    private var received: [ChatMessage] = []
    private var isOver = false

    init(server: LiveServer, settings: ConversationSettings) throws {
        client = GWSClient(server: server)
        startTime = Date()
        var body: [String: Any] = ["operationName": "RequestChat", "nickname": settings.nickname, "subject": settings.subject]
        if !settings.userData.isEmpty { body["userData"] = settings.userData }
        let answer = try client.post("v2/chats", body)
        guard let id = answer["id"] as? String, !id.isEmpty,
              id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw LiveServerError(description: "RequestChat answered without a usable chat id")
        }
        chatPath = "v2/chats/\(id)"
    }

    var elapsed: Duration {
        .milliseconds(Int64((Date().timeIntervalSince(startTime) * 1000).rounded()))
    }

    func messages() throws -> [ChatMessage] {
        let answer = try client.get("\(chatPath)/messages?index=\(received.count + 1)")
        let now = Date()
        for case let object as [String: Any] in answer["messages"] as? [Any] ?? [] {
            guard let index = (object["index"] as? NSNumber)?.intValue, index > received.count,
                  let message = Self.message(object, index: index, time: now) else { continue }
            received.append(message)
        }
        return received
    }

    func perform(_ action: CustomerAction) throws {
        var body: [String: Any]
        switch action {
        case .say(let text): body = ["operationName": "SendMessage", "text": text]
        case .startTyping: body = ["operationName": "SendStartTypingNotification"]
        case .stopTyping: body = ["operationName": "SendStopTypingNotification"]
        case .complete: body = ["operationName": "Complete"]
        }
        _ = try client.post(chatPath, body)
        if case .complete = action { isOver = true }
    }

    func pass(_ duration: Duration) throws {
        Thread.sleep(forTimeInterval: duration.timeInterval)
    }

    func wait(until limit: Duration, for condition: () throws -> Bool) throws -> Bool {
        while true {
            if try condition() { return true }
            let remaining = limit - elapsed
            if remaining <= .zero { return false }
            Thread.sleep(forTimeInterval: min(remaining, client.server.pollInterval).timeInterval)
        }
    }

    func state() throws -> (ChatState, Set<ChatOperation>) {
        let answer = try client.get(chatPath)
        guard let chat = answer["chat"] as? [String: Any], let name = chat["state"] as? String,
              let state = ChatState(rawValue: name) else {
            throw LiveServerError(description: "GetChat answered without a known chat state")
        }
        let capabilities = (chat["capabilities"] as? [String] ?? []).compactMap(ChatOperation.init(rawValue:))
        if state == .idle { isOver = true }
        return (state, Set(capabilities))
    }

    /// Completes the chat unless it is over, so that a test run leaves no open chats.
    func finish() {
        guard !isOver, (try? state().0) != .idle else { return }
        _ = try? client.post(chatPath, ["operationName": "Complete"])
    }

    /// A transcript entry of the GWS JSON.
    private static func message(_ object: [String: Any], index: Int, time: Date) -> ChatMessage? {
        guard let kind = (object["type"] as? String).flatMap(ChatMessage.Kind.init(rawValue:)),
              let from = object["from"] as? [String: Any] else { return nil }
        let role = (from["type"] as? String).flatMap(Participant.Kind.init(rawValue:)) ?? .external
        let id = (from["participantId"] as? String) ?? (from["participantId"] as? NSNumber)?.stringValue ?? ""
        let participant = Participant(id: id, nickname: from["nickname"] as? String ?? "", kind: role)
        return ChatMessage(index: index, kind: kind, from: participant, text: object["text"] as? String, time: time)
    }
}
