import ArgumentParser
import ChatCore
import EmulatorKit

/// `serve`'s flags for GMS file transfer (``ChatFileLimits``): what a customer may attach to a
/// chat. Each default is the library's (``Defaults``), Chat Server's where it has one.
struct FileOptions: ParsableArguments {
    @Option(name: .customLong("file-max-size"), help: "The largest file a customer may attach, in bytes (GMS upload-max-file-size).")
    var fileMaxSize = Defaults.emulator.chatHost.fileLimits.maxFileBytes

    @Option(name: .customLong("file-max-count"), help: "How many files a customer may attach to one chat (deleting one does not give it back); 0 turns file transfer off (GMS upload-max-files).")
    var fileMaxCount = Defaults.emulator.chatHost.fileLimits.maxFilesPerChat

    @Option(name: .customLong("file-max-total"), help: "How many bytes all files of one chat may total (GMS upload-max-total-size).")
    var fileMaxTotal = Defaults.emulator.chatHost.fileLimits.maxTotalBytes

    @Option(name: .customLong("file-types"), help: "The file name extensions a customer may attach, separated by ':' or ',' (GMS upload-file-types).")
    var fileTypes = Defaults.emulator.chatHost.fileLimits.allowedTypes.joined(separator: ":")

    /// 64 MiB: files travel in one request body, held in memory while it is read.
    static let largestFile = 64 * 1024 * 1024

    func validate() throws {
        _ = try limits()
    }

    func limits() throws -> ChatFileLimits {
        guard (1...Self.largestFile).contains(fileMaxSize) else {
            throw ValidationError("--file-max-size must be from 1 to \(Self.largestFile) bytes, not \(fileMaxSize).")
        }
        guard (0...1_000).contains(fileMaxCount) else {
            throw ValidationError("--file-max-count must be from 0 (no file transfer) to 1000, not \(fileMaxCount).")
        }
        guard (1...(1 << 40)).contains(fileMaxTotal) else {
            throw ValidationError("--file-max-total must be from 1 to 1099511627776 bytes, not \(fileMaxTotal).")
        }
        let types = fileTypes.split(whereSeparator: { $0 == ":" || $0 == "," }).map { $0.lowercased() }
        guard !types.isEmpty, types.allSatisfy({ $0.count <= 16 && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } }) else {
            throw ValidationError("--file-types must be extensions of letters and digits separated by ':' (such as png:jpg:pdf), not '\(fileTypes)'.")
        }
        return ChatFileLimits(maxFileBytes: fileMaxSize, maxFilesPerChat: fileMaxCount, maxTotalBytes: fileMaxTotal, allowedTypes: types)
    }

    /// Sets these flags' place in the configuration tree.
    func apply(to configuration: inout ChatHostConfiguration) throws {
        configuration.fileLimits = try limits()
    }
}
