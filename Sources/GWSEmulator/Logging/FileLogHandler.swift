import Foundation
import Logging
import Synchronization

/// An append-only log file shared by every logger of the process.
final class LogFile: Sendable {
    let url: URL
    private let handle: Mutex<FileHandle>

    /// Opens (creating) `url` for appending.
    init(url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        if !FileManager.default.fileExists(atPath: url.path),
           !FileManager.default.createFile(atPath: url.path, contents: nil) {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
        }
        let handle = try FileHandle(forWritingTo: url)
        try handle.seekToEnd()
        self.url = url
        self.handle = Mutex(handle)
    }

    func write(_ line: String) {
        handle.withLock { try? $0.write(contentsOf: Data(line.utf8)) }
    }
}

/// Writes log records as lines: time, level, label, message, metadata. The same format goes to the
/// log file and to standard error.
struct LineLogHandler: LogHandler {
    enum Destination: Sendable {
        case file(LogFile)
        case standardError
    }

    let label: String
    let destination: Destination
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?

    init(label: String, destination: Destination, level: Logger.Level) {
        self.label = label
        self.destination = destination
        self.logLevel = level
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        let fields = merged.keys.sorted().map { "\($0)=\(merged[$0].map { "\($0)" } ?? "")" }.joined(separator: " ")
        let line = "\(Date().formatted(.iso8601)) \(event.level) \(label): \(event.message)\(fields.isEmpty ? "" : " " + fields)\n"
        switch destination {
        case .file(let file): file.write(line)
        case .standardError: FileHandle.standardError.write(Data(line.utf8))
        }
    }
}

enum LogSetup {
    /// Sends every logger's records to standard error and to `logs/emulator.log` under `dataDirectory`.
    static func bootstrap(dataDirectory: URL, level: Logger.Level) throws -> URL {
        let file = try LogFile(url: dataDirectory.appendingPathComponent("logs/emulator.log"))
        LoggingSystem.bootstrap { label in
            MultiplexLogHandler([
                LineLogHandler(label: label, destination: .standardError, level: level),
                LineLogHandler(label: label, destination: .file(file), level: level),
            ])
        }
        return file.url
    }
}
