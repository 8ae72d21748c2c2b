import ArgumentParser
import ChatCore
import EmulatorKit
import LineFormat

/// `serve`'s flags for what bounds a long-running server's memory and disk (issue 19): how long
/// ended chats are kept, how many system messages a quiet chat collects, how large a chat's
/// transcript and RequestChat's parameters may be. Each default is the library's (``Defaults``).
struct BoundsOptions: ParsableArguments {
    @Option(
        name: .customLong("completed-chat-retention"),
        help: "How long an ended chat is kept (memory and journal) before it is removed: a duration such as 30m, 24h or 7d, or off to keep ended chats for ever.")
    var completedChatRetention = Defaults.retentionText(Defaults.emulator.chatHost.completedChatRetention)

    @Option(
        name: .customLong("max-quiet-system-messages"),
        help: "How many \"Current Time\" system messages a chat collects in a row without customer activity before they pause (the customer's next activity resumes them).")
    var maxQuietSystemMessages = Defaults.emulator.chatHost.maxQuietSystemMessages

    @Option(
        name: .customLong("max-transcript-bytes"),
        help: "How large one chat's transcript may grow (each message counts its text's bytes plus \(ChatMessage.fixedTranscriptBytes)); the message that would cross it ends the chat and is refused (400, code 2). 0 for no limit.")
    var maxTranscriptBytes = Defaults.emulator.chatHost.maxTranscriptBytes ?? 0

    @Option(
        name: .customLong("request-chat-limit"),
        help: ArgumentHelp(
            "A RequestChat size limit, NAME=N; repeat for more. Names and defaults: \(RequestChatLimitName.allCases.map { "\($0.rawValue)=\($0.value(in: Defaults.emulator.chatHost.requestChatLimits))" }.joined(separator: ", ")) (bytes of UTF-8, or entries).",
            valueName: "NAME=N"))
    var requestChatLimits: [String] = []

    func validate() throws {
        if retention() == nil {
            throw ValidationError("--completed-chat-retention must be a duration above zero such as 30m, 24h or 7d (at most 3650d), or off, not '\(completedChatRetention)'.")
        }
        if maxQuietSystemMessages < 1 { throw ValidationError("--max-quiet-system-messages must be 1 or more, not \(maxQuietSystemMessages).") }
        if maxTranscriptBytes != 0, maxTranscriptBytes < Self.minimumTranscriptBytes {
            throw ValidationError("--max-transcript-bytes must be 0 (no limit) or at least \(Self.minimumTranscriptBytes), not \(maxTranscriptBytes).")
        }
        _ = try limits()
    }

    /// Below this a chat could not hold its joins and a few messages.
    static let minimumTranscriptBytes = 1_024

    /// `--completed-chat-retention`: `.some(nil)` for `off`, `nil` when it is not valid.
    func retention() -> Duration?? {
        if completedChatRetention == "off" { return .some(nil) }
        if completedChatRetention.hasSuffix("d"), let days = Int(completedChatRetention.dropLast()), (1...3_650).contains(days),
            completedChatRetention.dropLast().allSatisfy(\.isNumber)
        {
            return .seconds(days * 86_400)
        }
        guard let duration = DurationGrammar.duration(completedChatRetention), duration > .zero else { return nil }
        return duration
    }

    /// RequestChat's limits: the library's defaults with each `--request-chat-limit` applied.
    func limits() throws -> RequestChatLimits {
        var limits = Defaults.emulator.chatHost.requestChatLimits
        for text in requestChatLimits {
            let parts = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, let name = RequestChatLimitName(rawValue: String(parts[0])) else {
                throw ValidationError("--request-chat-limit must be NAME=N with NAME one of \(RequestChatLimitName.allCases.map(\.rawValue).joined(separator: ", ")), not '\(text)'.")
            }
            guard parts[1].allSatisfy(\.isNumber), let value = Int(parts[1]), (1...(64 * 1_024 * 1_024)).contains(value) else {
                throw ValidationError("--request-chat-limit \(name.rawValue) must be a number from 1 to 67108864, not '\(parts[1])'.")
            }
            name.set(value, in: &limits)
        }
        return limits
    }

    /// Sets these flags' places in the configuration tree.
    func apply(to configuration: inout ChatHostConfiguration) throws {
        if let retention = retention() { configuration.completedChatRetention = retention }
        configuration.maxQuietSystemMessages = maxQuietSystemMessages
        configuration.maxTranscriptBytes = maxTranscriptBytes == 0 ? nil : maxTranscriptBytes
        configuration.requestChatLimits = try limits()
    }
}

/// The names `--request-chat-limit` takes, each one field of ``RequestChatLimits``.
enum RequestChatLimitName: String, CaseIterable {
    case nickname, subject
    case userDataEntries = "userdata-entries"
    case userDataKey = "userdata-key"
    case userDataValue = "userdata-value"
    case userData = "userdata"

    private var keyPath: WritableKeyPath<RequestChatLimits, Int> {
        switch self {
        case .nickname: \.nicknameBytes
        case .subject: \.subjectBytes
        case .userDataEntries: \.userDataEntries
        case .userDataKey: \.userDataKeyBytes
        case .userDataValue: \.userDataValueBytes
        case .userData: \.userDataBytes
        }
    }

    func value(in limits: RequestChatLimits) -> Int { limits[keyPath: keyPath] }
    func set(_ value: Int, in limits: inout RequestChatLimits) { limits[keyPath: keyPath] = value }
}
