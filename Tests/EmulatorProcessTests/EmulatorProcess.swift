import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The built `gws-emulator` binary, run as a child process on an ephemeral port.
final class EmulatorProcess {
    let process = Process()
    let port: Int
    /// What it printed when ready: the `listening on` line and the lines that came with it.
    let banner: String
    private let output = Pipe()

    /// The binary `swift build` made: `$GWS_EMULATOR_BINARY`, else `.build/debug/gws-emulator` of this package.
    static var binary: URL {
        if let path = ProcessInfo.processInfo.environment["GWS_EMULATOR_BINARY"] { return URL(fileURLWithPath: path) }
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return packageRoot.appendingPathComponent(".build/debug/gws-emulator")
    }

    /// Starts `gws-emulator serve --port 0 ARGS` and waits for its `listening on` line.
    /// - Parameter openFileLimit: runs the server under `ulimit -n` of this many descriptors.
    init(arguments: [String], openFileLimit: Int? = nil) throws {
        let serve = ["serve", "--host", "127.0.0.1", "--port", "0"] + arguments
        if let openFileLimit {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "ulimit -n \(openFileLimit) && exec \"$0\" \"$@\"", Self.binary.path] + serve
        } else {
            process.executableURL = Self.binary
            process.arguments = serve
        }
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let banner = try Self.readLine(from: output.fileHandleForReading, deadline: Date().addingTimeInterval(30))
        let line = String(banner.prefix { $0 != "\n" })
        guard let range = line.range(of: "listening on http://127.0.0.1:"), let port = Int(line[range.upperBound...]) else {
            process.terminate()
            throw EmulatorProcessError(message: "unexpected first line from gws-emulator: \(line)")
        }
        self.port = port
        self.banner = banner
    }

    /// SIGKILL: no chance to flush or close anything.
    func kill() {
        Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// SIGTERM: the graceful stop.
    func terminate() -> Int32 {
        process.terminate()
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// A server on a new data folder under the temporary directory (`NAME-UUID`), quiet
    /// (`--system-interval 0 --log-level error`), with `arguments`; ``stop(removing:)`` ends both.
    static func onNewData(_ name: String, _ arguments: [String]) throws -> (EmulatorProcess, URL) {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString)", isDirectory: true)
        let server = try EmulatorProcess(arguments: ["--data", data.path, "--system-interval", "0", "--log-level", "error"] + arguments)
        return (server, data)
    }

    /// Stops the server (SIGTERM) and removes its data folder.
    func stop(removing data: URL) {
        _ = terminate()
        try? FileManager.default.removeItem(at: data)
    }

    /// What was read up to the first line break, and whatever came with it in the same reads.
    private static func readLine(from handle: FileHandle, deadline: Date) throws -> String {
        var bytes: [UInt8] = []
        while Date() < deadline {
            let data = handle.availableData
            if data.isEmpty { throw EmulatorProcessError(message: "gws-emulator exited before it was ready") }
            bytes.append(contentsOf: data)
            if bytes.contains(UInt8(ascii: "\n")) {
                return String(decoding: bytes, as: UTF8.self)
            }
        }
        throw EmulatorProcessError(message: "gws-emulator was not ready in time")
    }

    deinit {
        if process.isRunning { kill() }
    }
}

struct EmulatorProcessError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
