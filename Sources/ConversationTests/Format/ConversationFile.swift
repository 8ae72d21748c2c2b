package import ChatCore
public import LineFormat

/// A place in a conversation file: 1-based line and column (in characters), printed
/// `file:line:column`. The line formats' shared type, so `.convo`, `.rules` and `.replay` report alike.
public typealias ConversationLocation = SourceLocation

/// A parsed `.convo` file: the bot and chat settings, and the named tests.
package struct ConversationFile: Sendable {
    /// The path as it was given.
    package var path: String
    /// The `bot` line: which bot every test of the file talks to.
    package var bot: String
    package var botLocation: ConversationLocation
    package var tests: [ConversationTest]
}

/// How one test's chat is requested and timed. File settings, overridden per test.
package struct ConversationSettings: Hashable, Sendable {
    /// Seeds the chat's every random choice; the same seed gives the same transcript.
    package var seed: UInt64 = 1
    package var nickname = "Customer"
    package var subject = "Conversation test"
    package var userData: [String: String] = [:]
    /// How long an expectation waits for the agent (and a customer line waits for the agent to
    /// join) before it fails; also how long `no reply` listens.
    package var timeout: Duration = .seconds(10)
    /// Timings of the emulated chat (offline runs only; a live server has its own). `nil` keeps
    /// the emulator's defaults: join after 1–3 s, reply after 0–2 s, system message every 20 s.
    package var joinDelay: DelayRange?
    package var replyDelay: DelayRange?
    package var systemMessageInterval: Duration?
    /// Whether `contains` and `matches` compare letter case (`flags case-sensitive`); by default
    /// they ignore it, as `.rules` patterns and `.replay` guards do. `says` and `one of` are exact.
    package var caseSensitive = false
    /// Bot variables set before the test starts (`set NAME = VALUE`), as a rules bot's `set` would.
    package var variables: [String: String] = [:]
    /// The customer's `customer.NAME` variables when the test starts (`set customer.NAME = VALUE`),
    /// as a returning customer's earlier chats would have left them. Every test starts from an
    /// empty customer memory, whatever runs beside it; these are all it holds.
    package var customerVariables: [String: String] = [:]

    package init() {}

    /// The host configuration for an offline run.
    var hostConfiguration: ChatHostConfiguration {
        var configuration = ChatHostConfiguration()
        if let joinDelay { configuration.agentJoinDelay = joinDelay }
        if let replyDelay { configuration.replyDelay = replyDelay }
        if let systemMessageInterval { configuration.systemMessageInterval = systemMessageInterval }
        configuration.seed = seed
        // So that `transcript saved` can be checked offline (a live server needs
        // `--transcript-save-done`); nothing else looks at it unasked.
        configuration.announcesTranscriptSave = true
        return configuration
    }
}

/// One named test: a fresh chat and the steps played in it.
public struct ConversationTest: Sendable {
    public var name: String
    public var location: ConversationLocation
    package var settings: ConversationSettings
    package var steps: [ConversationStep]
}
