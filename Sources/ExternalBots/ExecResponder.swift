package import ChatCore
package import Foundation
import Locking
package import Logging

/// A bot that is a child process (`exec:COMMAND`): one JSON event per line on its standard input
/// (``BotWire``), one JSON answer per line on its standard output, in the same order. The process
/// serves every chat of the bot and is started with the first event; when it dies it is started
/// again with a growing back-off, and it is stopped with ``stop()`` (the emulator stops it on
/// shutdown). Its standard error goes to the log, line by line.
///
/// An answer that is not valid, a line over the limit, an answer that does not come within the
/// timeout (the process is then taken as stuck and restarted) or the process dying with answers
/// owed: each costs the events concerned their fallback, and the chats go on.
package final class ExecResponder: Responder {
    package let command: String
    package let settings: ExternalBotSettings
    private let process: BotProcess

    /// - Parameters:
    ///   - command: run with `/bin/sh -c`, so it may hold arguments (`python3 bot.py --fast`).
    ///   - workingDirectory: where it runs; the current directory by default (a `.bot` file's
    ///     command runs in the file's folder).
    package init(
        command: String, workingDirectory: URL? = nil, settings: ExternalBotSettings = ExternalBotSettings(),
        logger: Logger = Logger(label: "exec", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.command = command
        self.settings = settings
        process = BotProcess(command: command, workingDirectory: workingDirectory, maximumLine: settings.limits.maximumBytes, logger: logger)
    }

    deinit { process.stop() }

    package var agentNickname: String { settings.nickname }
    package var deferredAnswers: DeferredAnswers? { settings.deferredAnswers }
    package var parts: [ResponderPart] { settings.responderParts }
    package func wantsEvents(of kind: ChatEvent.Kind) -> Bool { settings.wants(kind) }

    /// Stops the process (its standard input is closed; it is killed if it does not exit within
    /// a second). A later event starts it again.
    package func stop() { process.stop() }

    /// The emulator stops serving the bot: its process is stopped (it starts with the first event,
    /// so nothing is started by `Responder.startServing(_:)`).
    package func stopServing() { process.stop() }

    /// The process id of the running child, if one runs (for tests of restarts).
    package var processIdentifier: Int32? { process.processIdentifier }

    package func respond(to event: ChatEvent, context: inout ResponderContext) -> AgentReply {
        respondWaiting(to: event, context: &context)
    }

    package func respond(to event: ChatEvent, context: ResponderContext, answer: ResponderAnswer) {
        var context = context
        let seed = context.random.next()
        let answered = context.withoutTranscript()
        let limits = settings.limits
        let command = self.command
        let sent = process.send({ sequence in BotWire.encode(event, context: context, sequence: sequence, seed: seed) }) { result in
            switch result {
            case .failure(let reason):
                answer.fail("exec \(command): \(reason)")
            case .success(let line):
                answer.deliver(line, context: answered, limits: limits, source: "exec \(command)")
            }
        }
        if let sent { answer.onAbandon { [weak process] in process?.abandon(sent) } }
    }
}
