import BotTesting
import ChatCore
import ExternalBots
import Foundation
import Logging
import Testing

/// An `exec:` bot: a child process (here a small shell script, so the tests need nothing but
/// `/bin/sh`) that reads events line by line and answers line by line.
@Suite struct ExecResponderTests {
    /// A script in a fresh temporary folder, removed by `remove()`.
    struct Script {
        let folder: URL
        let path: String

        init(_ body: String) throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("exec-bot-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            path = folder.appendingPathComponent("bot.sh").path
            try ("#!/bin/sh\n" + body).write(toFile: path, atomically: true, encoding: .utf8)
        }

        func remove() { try? FileManager.default.removeItem(at: folder) }
    }

    /// Answers each customer text by its word: `die` exits, `garbage` writes garbage, `long` a
    /// line over the limit, `slow` nothing; anything else is echoed. Other events: `[]`.
    static let script = #"""
        echo "bot starting" >&2
        while IFS= read -r line; do
          case "$line" in
            *'"event":"customerText"'*'"text":"die"'*) exit 3 ;;
            *'"event":"customerText"'*'"text":"garbage"'*) echo 'this is not json' ;;
            *'"event":"customerText"'*'"text":"long"'*) head -c 3000 /dev/zero | tr '\0' 'x'; echo ;;
            *'"event":"customerText"'*'"text":"slow"'*) : ;;
            *'"event":"customerText"'*)
              text=$(printf '%s' "$line" | sed 's/.*"text":"\([^"]*\)".*/\1/')
              printf '[{"type":"say","text":"echo %s"}]\n' "$text" ;;
            *) echo '[]' ;;
          esac
        done
        """#

    private func responder(_ script: Script, timeout: Duration = .seconds(5)) -> ExecResponder {
        var settings = ExternalBotSettings()
        settings.timeout = timeout
        settings.fallback = AgentReply([.say("Sorry?")])
        settings.limits.maximumBytes = 1024
        return ExecResponder(command: "sh \(script.path)", settings: settings)
    }

    private func chat(_ responder: any Responder, seed: UInt64 = 1) throws -> TestChat {
        var configuration = ChatHostConfiguration()
        configuration.agentJoinDelay = .zero
        configuration.replyDelay = .zero
        return try TestChat(responder: responder, seed: seed, configuration: configuration)
    }

    @Test func oneProcess_servesEveryChat_inOrder() throws {
        let script = try Script(Self.script)
        defer { script.remove() }
        let bot = responder(script)
        defer { bot.stop() }
        let first = try chat(bot, seed: 1)
        let second = try chat(bot, seed: 2)
        try first.say("a")
        try second.say("b")
        try first.say("c")
        first.runUntilIdle()
        second.runUntilIdle()
        #expect(first.allAgentReplies == ["echo a", "echo c"])
        #expect(second.allAgentReplies == ["echo b"])
        let pid = try #require(bot.processIdentifier)
        try second.say("d")
        second.runUntilIdle()
        #expect(bot.processIdentifier == pid)
    }

    @Test(arguments: ["garbage", "long", "die"])
    func aBadAnswer_costsOneEvent_andTheBotGoesOn(_ word: String) throws {
        let script = try Script(Self.script)
        defer { script.remove() }
        let bot = responder(script)
        defer { bot.stop() }
        let chat = try chat(bot)
        try chat.say(word)
        try chat.say("after")
        chat.runUntilIdle()
        #expect(chat.allAgentReplies == ["Sorry?", "echo after"])
    }

    @Test func aStuckProcess_timesOut_andIsRestarted() throws {
        let script = try Script(Self.script)
        defer { script.remove() }
        let bot = responder(script, timeout: .milliseconds(300))
        defer { bot.stop() }
        let chat = try chat(bot)
        try chat.say("hello")
        chat.runUntilIdle()
        let pid = try #require(bot.processIdentifier)
        try chat.say("slow")
        try chat.say("after")
        chat.runUntilIdle()
        #expect(chat.allAgentReplies == ["echo hello", "Sorry?", "echo after"])
        #expect(bot.processIdentifier != pid)
    }

    @Test func aCommandThatDoesNotRun_givesTheFallback() throws {
        var settings = ExternalBotSettings()
        settings.fallback = AgentReply([.say("Sorry?")])
        let bot = ExecResponder(command: "/nonexistent/bot-\(UUID().uuidString)", settings: settings)
        defer { bot.stop() }
        let chat = try chat(bot)
        try chat.say("hello")
        chat.runUntilIdle()
        #expect(chat.allAgentReplies == ["Sorry?"])
    }
}
