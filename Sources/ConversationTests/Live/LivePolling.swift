import ChatCore
import Foundation
import GMSChatClient

/// What the live drivers share: real time, and a chat polled while a step waits.
protocol LivePolling: ChatDriver {
    var server: LiveServer { get }
}

extension LivePolling {
    var elapsed: Duration {
        .milliseconds(Int64((Date().timeIntervalSince(startTime) * 1000).rounded()))
    }

    func pass(_ duration: Duration) throws {
        Thread.sleep(forTimeInterval: duration.timeInterval)
    }

    func wait(until limit: Duration, for condition: () throws -> Bool) throws -> Bool {
        while true {
            if try condition() { return true }
            let remaining = limit - elapsed
            if remaining <= .zero { return false }
            Thread.sleep(forTimeInterval: min(remaining, server.pollInterval).timeInterval)
        }
    }

    /// A live server does not show the bot's memory.
    func responderMemory() -> ResponderMemory? { nil }
    var parts: [ResponderPart] { [] }
}

extension LiveServer {
    /// Whether ``baseURL`` names a GMS service (`…/genesys/2/chat/SERVICE`) rather than a GWS API.
    var isGMS: Bool { GMSClient.isServiceURL(baseURL) }

    /// A chat on this server, through the front its URL names.
    func driver(_ settings: ConversationSettings) throws -> any ChatDriver {
        guard settings.variables.isEmpty else {
            throw LiveDriverLimit(message: "`set` needs the bot in process; a live server's bot variables cannot be set (run without --url)")
        }
        return isGMS ? try GMSLiveChatDriver(server: self, settings: settings) : try LiveChatDriver(server: self, settings: settings)
    }
}

/// What a live run cannot do, said as the test's failure.
struct LiveDriverLimit: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
