import ChatCore
import Foundation

/// The customer's side of one chat, as the runner plays it: in process on a virtual clock
/// (``VirtualChatDriver``), or against a live server over HTTP (``LiveChatDriver`` through GWS,
/// ``GMSLiveChatDriver`` through GMS).
protocol ChatDriver: AnyObject {
    /// When the chat was requested; message times are measured from here.
    var startTime: Date { get }
    /// Time since the chat was requested (virtual offline, real live).
    var elapsed: Duration { get }
    /// Every message so far, fetching the new ones.
    func messages() throws -> [ChatMessage]
    func perform(_ action: CustomerAction) throws
    /// Lets `duration` pass.
    func pass(_ duration: Duration) throws
    /// Lets time pass until `condition` holds or `elapsed` reaches `limit`.
    /// - Returns: whether the condition holds.
    func wait(until limit: Duration, for condition: () throws -> Bool) throws -> Bool
    /// The chat's state and capabilities now.
    func state() throws -> (ChatState, Set<ChatOperation>)
    /// Whether the chat waits for a person (the bot handed it over); `nil` when it cannot be seen
    /// (a live server's APIs do not say).
    func needsPerson() -> Bool?
    /// Ends the chat if it is still open (live runs leave no chats behind).
    func finish()
    /// The bot's memory for the chat now; `nil` when it cannot be seen (a live server).
    func responderMemory() -> ResponderMemory?
    /// The bot's parts (rules), to find a rule by name; empty when unknown.
    var parts: [ResponderPart] { get }
}

/// What the customer can do.
enum CustomerAction {
    case say(String)
    case startTyping
    case stopTyping
    case complete
    /// GMS `customNotice`, `pushUrl`, `updateNickname`: offline, or live through GMS (the GWS API has none).
    case notice(String)
    case pushURL(String)
    case changeNickname(String)
}
