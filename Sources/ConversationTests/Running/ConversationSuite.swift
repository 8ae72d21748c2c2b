package import BotCatalog
package import ChatCore
public import Foundation
public import LineFormat
import Locking
import RuleBot
import Synchronization
import BotTesting

/// Finds `.convo` files, loads their bots, and runs every test, in parallel.
public struct ConversationSuite: Sendable {
    /// Where the tests' chats happen.
    public enum Target: Sendable {
        /// In process, on a virtual clock (the default): fast and deterministic.
        case offline
        /// A live server over HTTP, in real time, through the GWS or GMS front its URL names.
        case live(LiveServer)
    }

    public var target: Target
    /// How many tests run at once; the machine's core count by default.
    public var parallelism: Int

    public init(target: Target = .offline, parallelism: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.target = target
        self.parallelism = max(1, parallelism)
    }

    /// The `.convo` files named by `paths`: files as given, folders searched recursively, in
    /// path order.
    /// - Throws: `SourceDiagnostic` for a path that does not exist.
    public static func findFiles(_ paths: [String]) throws -> [String] {
        var files: [String] = []
        let manager = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw SourceDiagnostic(.unreadable, at: ConversationLocation(file: path, line: 1), "no such file or folder; give .convo files or folders that contain them")
            }
            guard isDirectory.boolValue else {
                files.append(path)
                continue
            }
            var found: [String] = []
            for case let relative as String in manager.enumerator(atPath: path) ?? FileManager.DirectoryEnumerator() where relative.hasSuffix(".convo") {
                found.append((path as NSString).appendingPathComponent(relative))
            }
            files += found.sorted()
        }
        return files
    }

    /// Parses the files, loads each file's bot once, and runs every test.
    public func run(files: [String]) -> SuiteResult {
        var result = SuiteResult()
        var jobs: [(file: ConversationFile, bot: BotCatalog.LoadedBot, test: ConversationTest)] = []
        for path in files {
            switch ConversationParser.parse(contentsOf: path) {
            case .failure(let errors):
                result.fileErrors.append(errors)
            case .success(let file):
                do {
                    let bot = try Self.loadBot(of: file)
                    result.bots.append(SuiteResult.ExercisedBot(name: file.bot, loaded: bot))
                    jobs += file.tests.map { (file, bot, $0) }
                } catch {
                    result.fileErrors.append(SourceDiagnostics([error]))
                }
            }
        }
        let outcomes = Outcomes(count: jobs.count)
        let nextJob = JobCounter()
        let workers = min(parallelism, max(jobs.count, 1))
        let allJobs = jobs
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let index = nextJob.take(below: allJobs.count) {
                let job = allJobs[index]
                outcomes.set(index, runTest(job.test, in: job.file, with: job.bot.responder))
            }
        }
        result.outcomes = outcomes.all
        return result
    }

    /// Runs one test in a fresh chat.
    package func runTest(_ test: ConversationTest, in file: ConversationFile, with responder: any Responder) -> TestOutcome {
        let wallStart = Date()
        var outcome = TestOutcome(file: file.path, test: test, failure: nil, rows: [], transcript: [], startTime: 0, wallSeconds: 0)
        do {
            let responder = try Self.isolated(responder, for: test.settings, target: target)
            let recorder = FiredRuleRecorder(wrapping: responder)
            let target = target
            let makeDriver = { (settings: ConversationSettings) throws -> any ChatDriver in
                switch target {
                case .offline: try VirtualChatDriver(responder: recorder ?? responder, settings: settings)
                case .live(let server): try server.driver(settings)
                }
            }
            let driver = try makeDriver(test.settings)
            var runner = ConversationRunner(test: test, driver: driver, newDriver: makeDriver)
            (outcome.failure, outcome.rows, outcome.transcript) = runner.run()
            let chats = (runner.earlierDrivers + [runner.driver]).compactMap { $0 as? VirtualChatDriver }
            if !chats.isEmpty {
                outcome.responderTrace = chats.flatMap { $0.chat.responderTrace.flatMap(\.lines) }
                outcome.firedRules = recorder?.firedRules ?? []
            }
            outcome.startTime = driver.startTime.timeIntervalSince1970
        } catch {
            outcome.failure = TestFailure(location: test.location, message: "the chat could not be started: \(ConversationRunner.describe(error))")
        }
        outcome.wallSeconds = Date().timeIntervalSince(wallStart)
        return outcome
    }

    /// The bot as one test meets it: a rules bot with a customer memory of its own, empty but
    /// for the test's `set customer.NAME = VALUE` lines, so no other test (run before or beside
    /// it) leaves a returning customer behind. Other bots keep no customer memory.
    static func isolated(_ responder: any Responder, for settings: ConversationSettings, target: Target) throws -> any Responder {
        if case .live = target {
            guard settings.customerVariables.isEmpty else { throw TestSetupError(message: "`set customer.NAME` needs the bot in process; a live server keeps its own customer memory (run without --url)") }
            return responder
        }
        guard let rules = responder as? any RuleBookResponder else {
            guard settings.customerVariables.isEmpty else { throw TestSetupError(message: "`set customer.NAME` presets a rules bot's customer memory; this bot keeps none") }
            return responder
        }
        let customers = InMemoryCustomerMemory()
        let fresh = rules.withCustomerMemory(customers)
        if !settings.customerVariables.isEmpty {
            guard let customer = fresh.customerKey(nickname: settings.nickname, userData: settings.userData) else {
                throw TestSetupError(message: "`set customer.NAME` needs a customer, but this test's chat has none: its nickname, or the userData the bot's `option customer-key` names, is empty")
            }
            try customers.update(settings.customerVariables.mapValues { Optional($0) }, for: customer)
        }
        return fresh
    }

    /// Loads the bot a file names; paths in `bot` lines are relative to the file's folder.
    package static func loadBot(of file: ConversationFile) throws(SourceDiagnostic) -> BotCatalog.LoadedBot {
        let folder = (file.path as NSString).deletingLastPathComponent
        let catalog = BotCatalog(botsDirectory: URL(fileURLWithPath: folder.isEmpty ? "." : folder, isDirectory: true))
        var name = file.bot
        if let path = name.hasPrefix("replay:") ? String(name.dropFirst("replay:".count)) : (name.contains("/") || name.hasSuffix(".rules") ? name : nil),
            !path.hasPrefix("/"), !folder.isEmpty
        {
            let resolved = (folder as NSString).appendingPathComponent(path)
            name = name.hasPrefix("replay:") ? "replay:" + resolved : resolved
        }
        do {
            return try catalog.load(name)
        } catch {
            throw SourceDiagnostic(.unknownBot, at: file.botLocation, "cannot load bot `\(file.bot)`: \(error)")
        }
    }
}

/// A test whose chat cannot be set up as it asks.
struct TestSetupError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// What a suite run found.
public struct SuiteResult: Sendable {
    /// Every test's outcome, in file order then test order.
    public var outcomes: [TestOutcome] = []
    /// Files that could not be parsed or whose bot could not be loaded (each counts as a failure).
    public var fileErrors: [SourceDiagnostics] = []
    /// The bots the files named, as loaded (for coverage).
    package var bots: [ExercisedBot] = []

    package struct ExercisedBot: Sendable {
        package var name: String
        package var loaded: BotCatalog.LoadedBot
    }

    public var passedCount: Int { outcomes.filter(\.passed).count }
    public var failedCount: Int { outcomes.count - passedCount + fileErrors.count }
    /// Exactly `N passed, M failed`.
    public var summary: String { "\(passedCount) passed, \(failedCount) failed" }
}

/// Results written by the worker threads, each into its own slot.
private final class Outcomes: Sendable {
    private let slots: Locked<[TestOutcome?]>
    init(count: Int) { slots = Locked(Array(repeating: nil, count: count)) }
    func set(_ index: Int, _ outcome: TestOutcome) { slots.withLock { $0[index] = outcome } }
    var all: [TestOutcome] { slots.withLock { $0.compactMap { $0 } } }
}

/// Hands out job numbers to the worker threads.
private final class JobCounter: Sendable {
    private let next = Atomic<Int>(0)
    func take(below count: Int) -> Int? {
        let index = next.add(1, ordering: .relaxed).oldValue
        return index < count ? index : nil
    }
}
