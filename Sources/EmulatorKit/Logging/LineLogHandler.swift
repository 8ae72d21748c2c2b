import Foundation
import Logging
import Locking

#if canImport(Glibc)
import Glibc
#endif

/// Where log lines go: standard error and `logs/emulator.log`, the same line to both.
///
/// Request threads only format a line and queue it; one writer thread takes whatever has queued
/// and writes it with one `write` per destination. Under load that turns three lines per request
/// into a few large writes instead of six small ones, so logging every request and chat event
/// costs little throughput. The price: lines still queued when the process is killed are lost
/// (the chat journals, not the log, are the record that survives a crash); ``flush()`` empties
/// the queue on a graceful stop, and ``close()`` ends the writer thread and closes the file.
final class LogSink: Sendable {
    /// The log file; `nil` writes to standard error only.
    let fileURL: URL?
    private let queue: Queue
    private let fd: Int32

    /// Opens (creating) `fileURL` for appending, if given, and starts the writer thread.
    /// - Throws: the `errno` of `open` when the file cannot be opened.
    init(fileURL: URL?) throws(POSIXError) {
        let fd = fileURL.map { open($0.path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644) } ?? -1
        if fileURL != nil, fd < 0 { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        self.fileURL = fileURL
        self.fd = fd
        queue = Queue()
        let thread = Thread { [queue] in
            while let batch = queue.takeAll() {
                Self.writeAll(batch.text, to: STDERR_FILENO)
                if fd >= 0 { Self.writeAll(batch.text, to: fd) }
                queue.markWritten(batch.lines)
                // Let lines gather for a moment: under load, one wake-up and two writes per
                // few milliseconds instead of per line. A log line is at most this much late.
                usleep(Self.batchInterval)
            }
            if fd >= 0 { Glibc.close(fd) }
        }
        thread.name = "log-writer"
        thread.start()
    }

    /// How long the writer waits after each batch, in microseconds.
    static let batchInterval: UInt32 = 5_000

    func write(_ line: String) { queue.append(line) }

    /// Writes `line` to the file only, for what the caller reports on standard error itself.
    func writeToFileOnly(_ line: String) {
        flush()
        if fd >= 0 { Self.writeAll(line, to: fd) }
    }

    /// Waits until every line queued so far is written.
    func flush() { queue.waitUntilWritten() }

    /// Writes what is queued, then ends the writer thread, which closes the file. Lines written
    /// later are dropped. Calling it again does nothing.
    func close() {
        flush()
        queue.close()
    }

    private static func writeAll(_ text: String, to fd: Int32) {
        var text = text
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 && errno == EINTR { continue }
                if written <= 0 { return }  // nowhere to log a failure to log; drop the rest
                offset += written
            }
        }
    }

    /// Lines waiting for the writer thread, counted so that ``LogSink/flush()`` can wait for them.
    private final class Queue: @unchecked Sendable {
        // @unchecked: every stored property is only touched with `condition` locked.
        private let condition = NSCondition()
        private var pending = ""
        private var pendingLines = 0
        private var queuedLines = 0
        private var writtenLines = 0
        private var closed = false

        func append(_ line: String) {
            condition.lock()
            guard !closed else { return condition.unlock() }
            pending += line
            pendingLines += 1
            queuedLines += 1
            condition.broadcast()
            condition.unlock()
        }

        /// Blocks until lines are queued, then takes them all; `nil` once closed.
        func takeAll() -> (text: String, lines: Int)? {
            condition.lock()
            defer { condition.unlock() }
            while pendingLines == 0 && !closed { condition.wait() }
            if pendingLines == 0 { return nil }
            defer {
                pending = ""
                pendingLines = 0
            }
            return (pending, pendingLines)
        }

        func markWritten(_ lines: Int) {
            condition.lock()
            writtenLines += lines
            condition.broadcast()
            condition.unlock()
        }

        func close() {
            condition.lock()
            closed = true
            condition.broadcast()
            condition.unlock()
        }

        func waitUntilWritten() {
            condition.lock()
            let target = queuedLines
            while writtenLines < target { condition.wait() }
            condition.unlock()
        }
    }
}

/// Formats log records as one line: time, level, label, message, metadata.
struct LineLogHandler: LogHandler {
    let label: String
    let sink: LogSink
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?

    init(label: String, sink: LogSink, level: Logger.Level) {
        self.label = label
        self.sink = sink
        self.logLevel = level
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var line = LogTimestamp.now()
        line += " \(event.level) \(label): \(event.message)"
        let merged = event.metadata.map { metadata.merging($0) { $1 } } ?? metadata
        for key in merged.keys.sorted() {
            line += " \(key)=\(merged[key].map { "\($0)" } ?? "")"
        }
        line += "\n"
        sink.write(line)
    }
}

/// UTC timestamps such as `2026-11-25T15:14:53.123Z`, from `clock_gettime` and `gmtime_r`.
enum LogTimestamp {
    static func now() -> String {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        var parts = tm()
        var seconds = time.tv_sec
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(parts.tm_year + 1900)-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(pad(Int32(time.tv_nsec / 1_000_000), 3))Z"
    }
}
