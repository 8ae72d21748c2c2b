import Foundation
import Logging
import Locking

#if canImport(Glibc)
import Glibc
#endif

/// Where log lines go: standard error and `logs/emulator.log`, the same line to both.
///
/// Every line is formatted once and written with one `write` per destination, unbuffered, so the
/// log is complete up to a crash. The access log is on the request path, so formatting avoids
/// Foundation's date formatters (see ``LogTimestamp``).
final class LogSink: Sendable {
    let fileURL: URL
    private let file: Locked<Int32>

    /// Opens (creating) `fileURL` for appending.
    init(fileURL: URL) throws {
        try FileManager.default.createDirectory(at: fileURL.deletingLastPathComponent(), withIntermediateDirectories: true)
        let fd = open(fileURL.path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: fileURL.path])
        }
        self.fileURL = fileURL
        file = Locked(fd)
    }

    func write(_ line: String) {
        var line = line
        line.withUTF8 { bytes in
            _ = Glibc.write(STDERR_FILENO, bytes.baseAddress, bytes.count)
            file.withLock { _ = Glibc.write($0, bytes.baseAddress, bytes.count) }
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

enum LogSetup {
    /// Sends every logger's records to standard error and to `logs/emulator.log` under `dataDirectory`.
    static func bootstrap(dataDirectory: URL, level: Logger.Level) throws -> URL {
        let sink = try LogSink(fileURL: dataDirectory.appendingPathComponent("logs/emulator.log"))
        LoggingSystem.bootstrap { label in LineLogHandler(label: label, sink: sink, level: level) }
        return sink.fileURL
    }
}
