import ChatCore
package import Foundation
package import LineFormat

/// A `NAME.bot` file in the bots folder: an external bot's kind, address and settings, one
/// `directive value` per line (`#` starts a comment):
///
/// ```
/// kind webhook                       # or exec
/// address http://127.0.0.1:5005/bot  # for exec: the command line (or `address-env NAME`: from
///                                    # that environment variable)
/// nickname Ava                       # the agent's nickname (default Agent)
/// timeout 3s                         # per event (default 5s)
/// fallback Sorry, one moment please. # said when a customer's text gets no answer (repeatable)
/// secret-env SUPPORT_BOT_SECRET      # X-GWS-Bot-Secret from this environment variable
/// events all                         # also typing and the end of each reply
/// part greet                         # a part the bot names in its actions' origin (coverage)
/// ```
package struct BotFile: Sendable, Hashable {
    /// `webhook` or `exec`.
    package var kind: String
    /// The URL of a webhook, the command line of an exec bot.
    package var address: String
    package var settings: ExternalBotSettings

    /// The kinds a `.bot` file can name.
    package static let kinds = ["webhook", "exec"]

    /// Reads a `.bot` file.
    /// - Parameter environment: where `secret-env` looks (the process's environment by default).
    /// - Throws: ``SourceDiagnostics`` with the file, line and column of each problem.
    package init(text: String, file: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(SourceDiagnostics) {
        var kind: (String, SourceLocation)?
        var address: String?
        var settings = ExternalBotSettings()
        var fallback: [AgentAction] = []
        var problems: [SourceDiagnostic] = []
        func invalid(_ line: DirectiveLine, _ message: String) {
            problems.append(.error(.invalidValue, at: line.argumentLocation, message))
        }
        for line in LineReader.directiveLines(in: text, file: file) {
            guard !line.isIndented else {
                problems.append(.error(.misplacedDirective, at: line.location, "a .bot file has no indented lines"))
                continue
            }
            if line.argument.isEmpty, line.directive != "events" {
                problems.append(.error(.missingValue, at: line.location, "'\(line.directive)' needs a value"))
                continue
            }
            switch line.directive {
            case "kind":
                guard Self.kinds.contains(line.argument) else {
                    invalid(line, "unknown kind '\(line.argument)'; a .bot file is \(Self.kinds.joined(separator: " or "))")
                    continue
                }
                kind = (line.argument, line.location)
            case "address": address = line.argument
            case "address-env":
                guard let value = environment[line.argument], !value.isEmpty else {
                    invalid(line, "the environment variable \(line.argument) is not set (it holds the address)")
                    continue
                }
                address = value
            case "nickname": settings.nickname = line.argument
            case "timeout":
                guard let duration = DurationGrammar.duration(line.argument), duration > .zero else {
                    invalid(line, "'\(line.argument)' is not a duration above zero, \(DurationGrammar.examples)")
                    continue
                }
                settings.timeout = duration
            case "fallback": fallback.append(.say(line.argument))
            case "secret-env":
                guard let secret = environment[line.argument], !secret.isEmpty else {
                    invalid(line, "the environment variable \(line.argument) is not set")
                    continue
                }
                settings.secret = secret
            case "events":
                guard line.argument == "all" else {
                    invalid(line, "'events' takes the value all (or leave the line out)")
                    continue
                }
                settings.allEvents = true
            case "part": settings.parts.append(line.argument)
            default:
                problems.append(
                    .error(
                        .unknownDirective, at: line.location,
                        "unknown directive '\(line.directive)'; a .bot file has kind, address, address-env, nickname, timeout, fallback, secret-env, events, part"))
            }
        }
        let start = SourceLocation(file: file, line: 1)
        if kind == nil, problems.isEmpty { problems.append(.error(.missingValue, at: start, "no 'kind' line (webhook or exec)")) }
        if address == nil, problems.isEmpty { problems.append(.error(.missingValue, at: start, "no 'address' line (a URL or a command)")) }
        if let (kind, location) = kind, kind == "webhook", let address, Self.webhookURL(address) == nil {
            problems.append(.error(.invalidValue, at: location, "the address of a webhook must be an http:// or https:// URL, not '\(address)'"))
        }
        guard problems.isEmpty, let kind, let address else { throw SourceDiagnostics(problems) }
        settings.fallback = AgentReply(fallback)
        self.kind = kind.0
        self.address = address
        self.settings = settings
    }

    /// `text` as a webhook's URL: http or https with a host; `nil` otherwise.
    package static func webhookURL(_ text: String) -> URL? {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme), url.host != nil else { return nil }
        return url
    }
}
