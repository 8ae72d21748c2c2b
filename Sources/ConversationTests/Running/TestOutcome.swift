public import ChatCore

/// The result of one conversation test: passed or failed, and the conversation side by side.
public struct TestOutcome: Sendable {
    public var file: String
    public var test: ConversationTest
    /// Why the test failed; `nil` when it passed.
    public var failure: TestFailure?
    /// Expected and actual, step by step, for the failure report.
    package var rows: [TranscriptRow]
    /// The whole transcript of the test's chat.
    public var transcript: [ChatMessage]
    /// What the bot said about how it decided (offline runs only).
    public var responderTrace: [String] = []
    /// The `file:line` of every rule of a rules bot that fired (offline runs only), for coverage.
    package var firedRules: Set<String> = []
    /// When the chat was requested (message times are measured from here).
    package var startTime: Double
    /// Wall-clock time the test took, in seconds.
    public var wallSeconds: Double

    public var passed: Bool { failure == nil }
}

/// The first difference between the expected and the actual conversation.
public struct TestFailure: Sendable, Hashable {
    /// The step that failed (or the test's header when the chat could not start).
    public var location: ConversationLocation
    public var message: String
}

/// One line of the side-by-side report.
package struct TranscriptRow: Sendable, Hashable {
    package enum Mark: Sendable, Hashable {
        /// Expected and actual agree.
        case same
        /// The first difference.
        case different
        /// Happened after the first difference (context).
        case after
        /// A step the test did not reach.
        case notRun
    }

    /// Virtual (offline) or real (live) time since the chat was requested.
    package var time: Duration?
    /// The step as written in the file; empty when the row only shows what happened.
    package var expected: String
    /// What happened, written as the step that would expect it.
    package var actual: String
    /// For agent messages: where the bot got the reply (a rule's `file:line`).
    package var origin: String?
    package var mark: Mark
}
