package import ChatCore
import Foundation
package import LineFormat
package import Logging
import Locking

/// A rule bot that reloads its file (and includes) when they change on disk.
///
/// A file with errors is reported and the last good version keeps serving. Checking is explicit
/// (``reloadIfChanged()``), so tests trigger it without sleeping; ``startWatching(every:)`` runs
/// the check on a background thread for servers.
///
/// A change is loaded once the files hold still: when one check sees the same changed stamps
/// (modification time, size, file number) as the check before, and no file is empty. So a save
/// that truncates the file and then writes it is never loaded half way (with the 1 s watch, an
/// edit is served 1–2 s after the save). Stamps are taken before the files are read, so an edit
/// that lands while a large bot compiles is loaded at a later check, never missed.
package final class ReloadingRuleResponder: RuleBookResponder {
    /// What a reload check found.
    package enum ReloadResult: Sendable {
        /// No file changed since the last check.
        case unchanged
        /// The files changed and compiled: the new rules answer from now on.
        case reloaded(warnings: [SourceDiagnostic])
        /// The files changed but have errors: the previous rules keep answering.
        case failed(SourceDiagnostics)
        /// The files changed since the check before (or one is empty): still being written, so
        /// the previous rules keep answering until a check finds them unchanged since this one.
        case settling
    }

    private struct State {
        var responder: RuleResponder
        /// The stamps of every file read, taken before reading them, to notice changes.
        var stamps: [String: FileStamp]
        /// Changed stamps the last check saw, not loaded yet: loaded when the next check sees them again.
        var settling: [String: FileStamp]?
        /// The background check started by ``startWatching(every:)``, until ``stopWatching()``.
        var watch: Watch?
    }

    private struct FileStamp: Equatable {
        var modified: Date?
        var size: Int?
        /// Changes when a save replaces the file (write to a new file, rename over).
        var fileNumber: UInt64?

        init(path: String) {
            let attributes = try? FileManager.default.attributesOfItem(atPath: path)
            modified = attributes?[.modificationDate] as? Date
            size = (attributes?[.size] as? NSNumber)?.intValue
            fileNumber = (attributes?[.systemFileNumber] as? NSNumber)?.uint64Value
        }
    }

    package let path: String
    private let logger: Logger
    private let customers: any CustomerMemoryStore
    private let state: Locked<State>
    /// Runs after the files are read and compiled, before the new rules are installed: tests edit
    /// a file here to land an edit "while the bot compiles".
    let afterLoading = Locked<(@Sendable () -> Void)?>(nil)

    /// Loads `path`; throws when the first load fails (there is no good version to keep).
    /// - Parameter customers: where `customer.NAME` variables live across chats (and reloads).
    /// - Parameter functions: makes the bots of the file's `function` lines (name → `exec:…` or
    ///   `webhook:…`), once, at this first load: a reload keeps them (change them with a restart).
    package init(
        path: String, logger: Logger = Logger(label: "rules", factory: { _ in SwiftLogNoOpLogHandler() }),
        customers: any CustomerMemoryStore = InMemoryCustomerMemory(),
        functions makeFunctions: ([String: String]) throws -> [String: any Responder] = { _ in [:] }
    ) throws {
        self.path = path
        self.logger = logger
        self.customers = customers
        let before = Self.stamps(of: [path])
        let book = try RuleBookLoader.load(path: path)
        functions = try makeFunctions(book.functions)
        state = Locked(State(responder: RuleResponder(book: book, logger: logger, customers: customers, functions: functions), stamps: Self.stamps(of: book.files, takenBefore: before)))
    }

    /// The bots of the `function` lines, by function name.
    package let functions: [String: any Responder]

    package var deferredAnswers: DeferredAnswers? { state.withLock { $0.responder }.deferredAnswers }

    package func respond(to event: ChatEvent, context: ResponderContext, answer: ResponderAnswer) {
        state.withLock { $0.responder }.respond(to: event, context: context, answer: answer)
    }

    /// The rules answering now.
    package var book: RuleBook { state.withLock { $0.responder.book } }

    package var agentNickname: String { book.agentNickname }

    package func forgetCustomers() throws { try customers.removeAll() }

    package func wantsEvents(of kind: ChatEvent.Kind) -> Bool {
        state.withLock { $0.responder }.wantsEvents(of: kind)
    }

    package func respond(to event: ChatEvent, context: inout ResponderContext) -> AgentReply {
        let responder = state.withLock { $0.responder }
        return responder.respond(to: event, context: &context)
    }

    package func respond(to event: ChatEvent, context: inout ResponderContext, firedRules: inout Set<String>) -> AgentReply {
        let responder = state.withLock { $0.responder }
        return responder.respond(to: event, context: &context, firedRules: &firedRules)
    }

    /// Reloads the rules if any of their files changed and held still since the check before.
    @discardableResult
    package func reloadIfChanged() -> ReloadResult {
        let (files, oldStamps, seen) = state.withLock { ($0.responder.book.files, $0.stamps, $0.settling) }
        let current = Self.stamps(of: files)
        guard current != oldStamps else {
            state.withLock { $0.settling = nil }
            return .unchanged
        }
        let empty = current.filter { $0.value.size == 0 }.keys.sorted()
        guard current == seen, empty.isEmpty else {
            if !empty.isEmpty, current != seen {
                logger.notice("rules not reloaded yet: a file is empty (being saved?); the previous version keeps serving", metadata: ["file": "\(empty.joined(separator: ", "))"])
            }
            state.withLock { $0.settling = current }
            return .settling
        }
        do {
            let book = try RuleBookLoader.load(path: path)
            afterLoading.withLock { $0 }?()
            state.withLock {
                $0.responder = RuleResponder(book: book, logger: logger, customers: customers, functions: functions)
                $0.stamps = Self.stamps(of: book.files, takenBefore: current)
                $0.settling = nil
            }
            logger.notice("reloaded rules", metadata: ["file": "\(path)", "rules": "\(book.ruleCount)", "warnings": "\(book.warnings.count)"])
            for warning in book.warnings { logger.warning("\(warning)") }
            return .reloaded(warnings: book.warnings)
        } catch {
            // Remember these stamps, so the same broken file is reported once, not every second.
            state.withLock {
                $0.stamps = current
                $0.settling = nil
            }
            logger.error("rules not reloaded: the file has errors; the previous version keeps serving", metadata: ["file": "\(path)"])
            for diagnostic in error.diagnostics { logger.error("\(diagnostic)") }
            return .failed(error)
        }
    }

    /// Checks for changes every `interval` on a background thread until ``stopWatching()``.
    ///
    /// The thread holds the responder only while it checks, never while it waits, so a responder
    /// its owner lets go of is freed (and its thread ends) even if nobody stops it.
    package func startWatching(every interval: Duration = .seconds(1)) {
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
    package func startServing(_ options: ServingOptions) {
        if options.watchFiles { startWatching() }
    }

    /// Stops watching, if it was.
    package func stopServing() {
        stopWatching()
        for function in functions.values { function.stopServing() }
    }

    /// Stops the checks and returns once the thread has ended (a check under way finishes first).
    package func stopWatching() {
        state.withLock { state in
            defer { state.watch = nil }
            return state.watch
        }?.stop()
    }

    deinit {
        state.withLock { $0.watch }?.requestStop()
    }

    private static func stamps(of files: [String]) -> [String: FileStamp] {
        Dictionary(files.map { ($0, FileStamp(path: $0)) }, uniquingKeysWith: { first, _ in first })
    }

    /// The stamps of `files`, keeping those taken before they were read (`before`): a file edited
    /// while it was read and compiled then differs at the next check. A file read for the first
    /// time (a new include) is stamped now.
    private static func stamps(of files: [String], takenBefore before: [String: FileStamp]) -> [String: FileStamp] {
        var stamps = stamps(of: files)
        for (file, stamp) in before where stamps[file] != nil { stamps[file] = stamp }
        return stamps
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
