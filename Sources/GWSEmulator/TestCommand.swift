import ArgumentParser
import ConversationTests
import Foundation

/// `gws-emulator test`: runs conversation tests (`.convo` files) against their bots.
struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run conversation tests (.convo files) against their bots.",
        discussion: """
            Offline (the default) every test runs in process on a virtual clock: delays cost no time and \
            the same seed gives the same transcript. With --url the same files run against a live \
            server in real time, through its GWS API (--url http://127.0.0.1:8888/api) or, when the \
            URL names a GMS service (--url http://127.0.0.1:8888/genesys/2/chat/customer-support), \
            through its GMS Chat API v2 front, as Genesys Widgets talk to it. Steps a front cannot \
            play fail and say so: the customer's notices, pushed pages and new nicknames need GMS; \
            `needs`, `answered by`, `variable`, `topic` and `set` need the bot in process. Prints one \
            line per test and `N passed, M failed`; exits 0 only when every test passes.
            """
    )

    @Argument(help: "The .convo files, or folders to search for them.")
    var paths: [String] = ["Bots"]

    @Option(name: .customLong("junit"), help: "Also write the results as JUnit XML to this file.")
    var junitPath: String?

    @Flag(help: "List, for every rules bot the tests exercised, the rules that no test made fire.")
    var coverage = false

    @Option(name: .customLong("url"), help: "Run against a live server instead of in process: its GWS base URL (http://127.0.0.1:8888/api), or a GMS service's URL (http://127.0.0.1:8888/genesys/2/chat/SERVICE) to test through the GMS front.")
    var baseURL: String?

    @Option(name: .customLong("api-key"), help: "The apikey header to send with --url.")
    var apiKey: String?

    @Option(help: "How many tests run at once (default: the number of cores; with --url, 4).")
    var jobs: Int?

    @Option(name: .customLong("transcripts"), help: "Write every test's transcript, with virtual times, into this folder.")
    var transcriptsDirectory: String?

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be 1 or more, not \(jobs).") }
        if apiKey != nil, baseURL == nil { throw ValidationError("--api-key is only used with --url.") }
        if let baseURL, URL(string: baseURL)?.scheme?.hasPrefix("http") != true {
            throw ValidationError("--url must be an http:// or https:// URL, such as http://127.0.0.1:8888/api (GWS) or http://127.0.0.1:8888/genesys/2/chat/customer-support (GMS), not '\(baseURL)'.")
        }
    }

    func run() throws {
        var suite = ConversationSuite()
        if let baseURL, let url = URL(string: baseURL) {
            suite.target = .live(LiveServer(baseURL: url, apiKey: apiKey))
            suite.parallelism = jobs ?? 4
        } else if let jobs {
            suite.parallelism = jobs
        }
        let files: [String]
        do {
            files = try ConversationSuite.findFiles(paths)
        } catch {
            throw ValidationError("\(error)")
        }
        if files.isEmpty {
            FileHandle.standardError.write(Data("no .convo files in \(paths.joined(separator: ", "))\n".utf8))
        }
        let result = suite.run(files: files)
        print(SuiteReport.render(result), terminator: "")
        if coverage {
            print(baseURL == nil ? CoverageReport.render(result) : "coverage: not available with --url (a live server does not say which rule answered)\n", terminator: "")
        }
        if let junitPath {
            try JUnitReport.render(result).write(toFile: junitPath, atomically: true, encoding: .utf8)
        }
        if let transcriptsDirectory {
            try FileManager.default.createDirectory(atPath: transcriptsDirectory, withIntermediateDirectories: true)
            for outcome in result.outcomes {
                let path = (transcriptsDirectory as NSString).appendingPathComponent(TranscriptFile.fileName(for: outcome))
                try TranscriptFile.render(outcome).write(toFile: path, atomically: true, encoding: .utf8)
            }
        }
        if result.failedCount > 0 || files.isEmpty {
            throw ExitCode.failure
        }
    }
}
