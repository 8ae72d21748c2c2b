import ChatCore
import Foundation
import LineFormat
import Logging
import Locking

/// A rule bot that reloads its file (and includes) when they change on disk.
///
/// A file with errors is reported and the last good version keeps serving. Checking is explicit
/// (``reloadIfChanged()``), so tests trigger it without sleeping; ``startWatching(every:)`` runs
/// the check on a background thread for servers.
public final class ReloadingRuleResponder: RuleBookResponder {
    /// What a reload check found.
    public enum ReloadResult: Sendable {
        /// No file changed since the last check.
        case unchanged
        /// The files changed and compiled: the new rules answer from now on.
        case reloaded(warnings: [SourceDiagnostic])
        /// The files changed but have errors: the previous rules keep answering.
        case failed(SourceDiagnostics)
    }

    private struct State {
        var responder: RuleResponder
        /// Modification date and size of every file read, to notice changes.
        var stamps: [String: FileStamp]
        /// The background check started by ``startWatching(every:)``, until ``stopWatching()``.
        var watch: Watch?
    }

    private struct FileStamp: Equatable {
        var modified: Date?
        var size: Int?

        init(path: String) {
            let attributes = try? FileManager.default.attributesOfItem(atPath: path)
            modified = attributes?[.modificationDate] as? Date
            size = (attributes?[.size] as? NSNumber)?.intValue
        }
    }

    public let path: String
    private let logger: Logger
    private let customers: any CustomerMemoryStore
    private let state: Locked<State>

    /// Loads `path`; throws when the first load fails (there is no good version to keep).
    /// - Parameter customers: where `customer.NAME` variables live across chats (and reloads).
    public init(path: String, logger: Logger = Logger(label: "rules", factory: { _ in SwiftLogNoOpLogHandler() }), customers: any CustomerMemoryStore = InMemoryCustomerMemory()) throws(SourceDiagnostics) {
        self.path = path
        self.logger = logger
        self.customers = customers
        let book = try RuleBookLoader.load(path: path)
        state = Locked(State(responder: RuleResponder(book: book, logger: logger, customers: customers), stamps: Self.stamps(of: book.files)))
    }

    /// The rules answering now.
    public var book: RuleBook { state.withLock { $0.responder.book } }

    public var agentNickname: String { book.agentNickname }

    public func wantsEvents(of kind: ChatEvent.Kind) -> Bool {
        state.withLock { $0.responder }.wantsEvents(of: kind)
    }

    public func respond(to event: ChatEvent, context: inout ResponderContext) -> AgentReply {
        let responder = state.withLock { $0.responder }
        return responder.respond(to: event, context: &context)
    }

    public func respond(to event: ChatEvent, context: inout ResponderContext, firedRules: inout Set<String>) -> AgentReply {
        let responder = state.withLock { $0.responder }
        return responder.respond(to: event, context: &context, firedRules: &firedRules)
    }

    /// Reloads the rules if any of their files changed since the last check.
    @discardableResult
    public func reloadIfChanged() -> ReloadResult {
        let (files, oldStamps) = state.withLock { ($0.responder.book.files, $0.stamps) }
        let current = Self.stamps(of: files)
        guard current != oldStamps else { return .unchanged }
        do {
            let book = try RuleBookLoader.load(path: path)
            state.withLock {
                $0.responder = RuleResponder(book: book, logger: logger, customers: customers)
                $0.stamps = Self.stamps(of: book.files)
            }
            logger.notice("reloaded rules", metadata: ["file": "\(path)", "rules": "\(book.ruleCount)", "warnings": "\(book.warnings.count)"])
            for warning in book.warnings { logger.warning("\(warning)") }
            return .reloaded(warnings: book.warnings)
        } catch {
            // Remember these stamps, so the same broken file is reported once, not every second.
            state.withLock { $0.stamps = current }
            logger.error("rules not reloaded: the file has errors; the previous version keeps serving", metadata: ["file": "\(path)"])
            for diagnostic in error.diagnostics { logger.error("\(diagnostic)") }
            return .failed(error)
        }
    }

    /// Checks for changes every `interval` on a background thread until ``stopWatching()``.
    ///
    /// The thread holds the responder only while it checks, never while it waits, so a responder
    /// its owner lets go of is freed (and its thread ends) even if nobody stops it.
    public func startWatching(every interval: Duration = .seconds(1)) {
        let watch: Watch? = state.withLock { state in
            guard state.watch == nil else { return nil }
            let watch = Watch()
            state.watch = watch
            return watch
        }
        guard let watch else { return }
        let thread = Thread { [weak self] in
            defer { watch.threadEnded() }
            while watch.sleep(for: interval) {
                guard let self else { return }
                self.reloadIfChanged()
            }
        }
        thread.name = "rules-reload"
        thread.start()
    }

    /// Starts watching the files when `options` asks for it (hot reload).
    public func startServing(_ options: ServingOptions) {
        if options.watchFiles { startWatching() }
    }

    /// Stops watching, if it was.
    public func stopServing() {
        stopWatching()
    }

    /// Stops the checks and returns once the thread has ended (a check under way finishes first).
    public func stopWatching() {
        state.withLock { state in
            defer { state.watch = nil }
            return state.watch
        }?.stop()
    }

    deinit {
        state.withLock { $0.watch }?.requestStop()
    }

    private static func stamps(of files: [String]) -> [String: FileStamp] {
        Dictionary(uniqueKeysWithValues: files.map { ($0, FileStamp(path: $0)) })
    }
}

/// The stop switch of a watcher thread: it sleeps here between checks, and a stop wakes it.
private final class Watch: @unchecked Sendable {
    // @unchecked: `stopRequested` and `ended` are only touched with `condition` locked.
    private let condition = NSCondition()
    private var stopRequested = false
    private var ended = false

    /// Waits `interval`; `false` as soon as a stop is requested.
    func sleep(for interval: Duration) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        let deadline = Date().addingTimeInterval(interval.timeInterval)
        while !stopRequested, condition.wait(until: deadline) {}
        return !stopRequested
    }

    func requestStop() {
        condition.lock()
        stopRequested = true
        condition.broadcast()
        condition.unlock()
    }

    /// Requests the stop and waits for the thread to end.
    func stop() {
        condition.lock()
        stopRequested = true
        condition.broadcast()
        while !ended { condition.wait() }
        condition.unlock()
    }

    func threadEnded() {
        condition.lock()
        ended = true
        condition.broadcast()
        condition.unlock()
    }
}
