import Foundation
import HTTPServer
import JournalStore
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
///
/// The file is capped: once writing a batch would take it past `maxFileBytes`, it is renamed to
/// `emulator.log.1` (replacing the previous one) and a new file is started, so the log folder
/// never holds more than about twice `maxFileBytes`.
final class LogSink: Sendable {
    /// The log file; `nil` writes to standard error only.
    let fileURL: URL?
    private let queue: Queue
    private let file: Locked<RotatingFile?>

    /// Default ``init(fileURL:maxFileBytes:)`` cap: 16 MiB per file, so at most 32 MiB of logs
    /// (about 80,000 SendMessages at the default level per file).
    static let defaultMaxFileBytes = 16 * 1024 * 1024

    /// Opens (creating) `fileURL` for appending, if given, and starts the writer thread.
    /// - Throws: the `errno` of `open` when the file cannot be opened.
    /// - Parameter echoToStandardError: also write every line to standard error (the server does;
    ///   tests of the file do not).
    init(fileURL: URL?, maxFileBytes: Int = LogSink.defaultMaxFileBytes, echoToStandardError: Bool = true) throws(POSIXError) {
        let file = try fileURL.map { (url) throws(POSIXError) in try RotatingFile(url: url, maxBytes: maxFileBytes) }
        self.fileURL = fileURL
        self.file = Locked(file)
        queue = Queue()
        let thread = Thread { [queue, self] in
            while let batch = queue.takeAll() {
                if echoToStandardError { Self.writeAll(batch.text, to: STDERR_FILENO) }
                self.file.withLock { $0?.write(batch.text) }
                queue.markWritten(batch.lines)
                // Let lines gather for a moment: under load, one wake-up and two writes per
                // few milliseconds instead of per line. A log line is at most this much late.
                usleep(Self.batchInterval)
            }
            self.file.withLock { file in
                file?.close()
                file = nil
            }
        }
        thread.name = "log-writer"
        thread.start()
    }

    /// How long the writer waits after each batch, in microseconds.
    static let batchInterval: UInt32 = 5_000

    func write(_ line: String) { queue.append(Array(line.utf8)) }

    func write(_ line: [UInt8]) { queue.append(line) }

    /// Queues one line formatted in place: the current time, a space, what `body` appends, and a
    /// newline. `body` runs under the queue's lock, so it must only format (no logging, no I/O);
    /// in return no line buffer is allocated and copied per log record.
    func writeLine(_ body: (inout [UInt8]) -> Void) {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        queue.appendLine(seconds: Int(time.tv_sec), milliseconds: Int(time.tv_nsec) / 1_000_000, body)
    }

    /// Writes `line` to the file only, for what the caller reports on standard error itself.
    func writeToFileOnly(_ line: String) {
        flush()
        file.withLock { $0?.write(Array(line.utf8)) }
    }

    /// Waits until every line queued so far is written.
    func flush() { queue.waitUntilWritten() }

    /// Writes what is queued, then ends the writer thread, which closes the file. Lines written
    /// later are dropped. Calling it again does nothing.
    func close() {
        flush()
        queue.close()
    }

    fileprivate static func writeAll(_ text: [UInt8], to fd: Int32) {
        text.withUnsafeBytes { bytes in
            guard let base = bytes.baseAddress else { return }
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.write(fd, base + offset, bytes.count - offset)
                if written < 0 && errno == EINTR { continue }
                if written <= 0 { return }  // nowhere to log a failure to log; drop the rest
                offset += written
            }
        }
    }

    /// The log file and its size, renamed to `NAME.1` and started again when it would pass `maxBytes`.
    private struct RotatingFile {
        let url: URL
        let maxBytes: Int
        private var fd: Int32
        private var size: Int

        init(url: URL, maxBytes: Int) throws(POSIXError) {
            self.url = url
            self.maxBytes = max(1, maxBytes)
            fd = -1
            size = 0
            try open()
        }

        /// Never through a symbolic link (`O_NOFOLLOW`), and only a regular file: a link planted
        /// as the log file cannot make the server write outside the data folder.
        private mutating func open() throws(POSIXError) {
            do {
                fd = try JournalFile.openForAppending(url.path)
                size = try JournalFile.size(fd, path: url.path)
            } catch {
                if fd >= 0 { JournalFile.close(fd) }
                fd = -1
                throw POSIXError(POSIXErrorCode(rawValue: error.errno) ?? .EIO)
            }
        }

        mutating func write(_ text: [UInt8]) {
            guard fd >= 0 else { return }
            if size > 0, size + text.count > maxBytes { rotate() }
            LogSink.writeAll(text, to: fd)
            size += text.count
        }

        /// `NAME` becomes `NAME.1` (replacing it); a fresh `NAME` follows. If that fails, logging
        /// to the file stops rather than growing it past the cap.
        private mutating func rotate() {
            Glibc.close(fd)
            fd = -1
            _ = rename(url.path, url.path + ".1")
            try? open()
        }

        mutating func close() {
            if fd >= 0 { Glibc.close(fd) }
            fd = -1
        }
    }

    /// Lines waiting for the writer thread, counted so that ``LogSink/flush()`` can wait for them.
    private final class Queue: @unchecked Sendable {
        // @unchecked: every stored property is only touched with `condition` locked.
        private let condition = NSCondition()
        private var pending: [UInt8] = []
        private var pendingLines = 0
        private var queuedLines = 0
        private var writtenLines = 0
        private var closed = false
        private var timestamps = LogTimestamp.Cache()

        func appendLine(seconds: Int, milliseconds: Int, _ body: (inout [UInt8]) -> Void) {
            condition.lock()
            guard !closed else { return condition.unlock() }
            timestamps.append(seconds: seconds, milliseconds: milliseconds, to: &pending)
            pending.append(UInt8(ascii: " "))
            body(&pending)
            pending.append(UInt8(ascii: "\n"))
            pendingLines += 1
            queuedLines += 1
            condition.broadcast()
            condition.unlock()
        }

        func append(_ line: [UInt8]) {
            condition.lock()
            guard !closed else { return condition.unlock() }
            pending.append(contentsOf: line)
            pendingLines += 1
            queuedLines += 1
            condition.broadcast()
            condition.unlock()
        }

        /// Blocks until lines are queued, then takes them all; `nil` once closed.
        func takeAll() -> (text: [UInt8], lines: Int)? {
            condition.lock()
            defer { condition.unlock() }
            while pendingLines == 0 && !closed { condition.wait() }
            if pendingLines == 0 { return nil }
            defer {
                pending = []
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

/// Formats log records as one line: time, level, label, message, metadata, every field escaped
/// and capped by ``LogField`` (a client's nickname can neither start a line nor be a megabyte).
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

    /// Built as bytes straight into the sink's queue (no buffer per line): the access log and the
    /// chat events write a line per request, and `String` appends, `String(describing:)` of the
    /// level and a formatted timestamp were a third of a GetChat's instructions.
    func log(event: LogEvent) {
        // Merged before the sink's lock is taken: the closure below only copies bytes.
        let merged = metadata.isEmpty ? event.metadata : event.metadata.map { metadata.merging($0) { $1 } } ?? metadata
        let message = event.message.description
        let sorted = merged.map(Self.sorted)
        sink.writeLine { pending in
            ByteGatherer.append(to: &pending) { line in
                line.append(event.level.rawValue)
                line.append(UInt8(ascii: " "))
                line.append(label)
                line.append(UInt8(ascii: ":"))
                line.append(UInt8(ascii: " "))
                LogField.append(message, maxBytes: LogField.maxMessageBytes, quoted: false, to: &line)
                for (key, value) in sorted ?? [] {
                    line.append(UInt8(ascii: " "))
                    LogField.append(key, maxBytes: LogField.maxValueBytes, quoted: false, to: &line)
                    line.append(UInt8(ascii: "="))
                    LogField.append(value, maxBytes: LogField.maxValueBytes, quoted: true, to: &line)
                }
            }
        }
    }

    /// `key=value` pairs of the metadata, keys sorted (as pairs: no second lookup per key).
    private static func sorted(_ metadata: Logger.Metadata) -> [(String, String)] {
        var pairs: [(String, String)] = []
        pairs.reserveCapacity(metadata.count)
        for (key, value) in metadata {
            if case .string(let text) = value { pairs.append((key, text)) } else { pairs.append((key, value.description)) }
        }
        pairs.sort { $0.0 < $1.0 }
        return pairs
    }
}

/// UTC timestamps such as `2026-11-25T15:14:53.123Z`, from `clock_gettime`, with the calendar
/// date computed arithmetically (days from the civil calendar, H. Hinnant's algorithm) instead of
/// through `gmtime_r` and string interpolation.
enum LogTimestamp {
    static func now() -> String {
        var bytes: [UInt8] = []
        append(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    static func append(to line: inout [UInt8]) {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        append(seconds: Int(time.tv_sec), milliseconds: Int(time.tv_nsec) / 1_000_000, to: &line)
    }

    static func append(seconds: Int, milliseconds: Int, to line: inout [UInt8]) {
        var text = format(seconds: seconds, milliseconds: milliseconds)
        withUnsafeBytes(of: &text) { line.append(contentsOf: $0.assumingMemoryBound(to: UInt8.self)) }
    }

    /// The last second formatted, reused while it lasts: only the milliseconds are written anew
    /// (a log line per request made the date and time arithmetic a cost of every request).
    struct Cache {
        private var second = Int.min
        private var text: Text = (0, 0, 0)

        mutating func append(seconds: Int, milliseconds: Int, to line: inout [UInt8]) {
            if seconds != second {
                second = seconds
                text = LogTimestamp.format(seconds: seconds, milliseconds: 0)
            }
            var stamp = text
            withUnsafeMutableBytes(of: &stamp) { out in
                LogTimestamp.put(milliseconds, at: 20, width: 3, in: out)
                line.append(contentsOf: UnsafeRawBufferPointer(rebasing: out[0..<24]).assumingMemoryBound(to: UInt8.self))
            }
        }
    }

    /// The 24 bytes of a timestamp, in place.
    typealias Text = (UInt64, UInt64, UInt64)

    /// Writes the 24 bytes in place, to be appended in one piece (a digit-by-digit append cost
    /// about 1,500 instructions a line).
    static func format(seconds: Int, milliseconds: Int) -> Text {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = civilDate(daysSince1970: days)
        var text: Text = (0, 0, 0)
        withUnsafeMutableBytes(of: &text) { out in
            func put(_ value: Int, at offset: Int, width: Int) { LogTimestamp.put(value, at: offset, width: width, in: out) }
            put(year, at: 0, width: 4)
            out[4] = UInt8(ascii: "-")
            put(month, at: 5, width: 2)
            out[7] = UInt8(ascii: "-")
            put(day, at: 8, width: 2)
            out[10] = UInt8(ascii: "T")
            put(secondOfDay / 3600, at: 11, width: 2)
            out[13] = UInt8(ascii: ":")
            put(secondOfDay / 60 % 60, at: 14, width: 2)
            out[16] = UInt8(ascii: ":")
            put(secondOfDay % 60, at: 17, width: 2)
            out[19] = UInt8(ascii: ".")
            put(milliseconds, at: 20, width: 3)
            out[23] = UInt8(ascii: "Z")
        }
        return text
    }

    /// The last `width` decimal digits of `value` at `offset`.
    static func put(_ value: Int, at offset: Int, width: Int, in out: UnsafeMutableRawBufferPointer) {
        var rest = value
        for position in (offset..<(offset + width)).reversed() {
            out[position] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: rest % 10)
            rest /= 10
        }
    }

    /// Year, month (1-12) and day (1-31) of a day counted from 1970-01-01.
    static func civilDate(daysSince1970: Int) -> (year: Int, month: Int, day: Int) {
        let shifted = daysSince1970 + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
