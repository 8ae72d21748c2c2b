import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `gws-emulator chat --url`: the terminal client against a spawned emulator, with piped input
/// and on a pseudo-terminal, as a person or a script uses it.
@Suite(.serialized) struct TerminalClientProcessTests {
    static func serve(_ extra: [String] = []) throws -> (EmulatorProcess, URL) {
        try EmulatorProcess.onNewData("terminal", ["--agent-join-delay", "0.2", "--reply-delay", "0.1"] + extra)
    }

    @Test func pipedInput_sendsEachLine_andWaitsForTheAnswer() throws {
        let (server, data) = try Self.serve()
        defer { server.stop(removing: data) }
        let transcript = data.appendingPathComponent("saved.json")
        let run = try RuleCommandsProcessTests.run(
            ["chat", "--url", "http://127.0.0.1:\(server.port)/api", "--nickname", "Pat", "--subject", "Piped", "--transcript", transcript.path],
            input: "Are you there?\nThanks.\nWow!\n")
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardError.isEmpty)
        let lines = run.standardOutput.split(separator: "\n").map(String.init)
        let said = lines.compactMap { line -> String? in
            // "HH:mm:ss NAME: text"
            let parts = line.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].count == 8, parts[0].filter({ $0 == ":" }).count == 2, !parts[1].hasPrefix("(") else { return nil }
            return String(parts[1])
        }
        #expect(said == ["Pat: Are you there?", "Roboto: Good question...", "Pat: Thanks.", "Roboto: Ok.", "Pat: Wow!", "Roboto: Neat."])
        #expect(lines.contains { $0.hasSuffix("(Roboto joined the chat)") })
        #expect(lines.last?.hasSuffix("(Pat left the chat)") == true)

        // The saved transcript is the GetTranscript JSON, and a replay: bot plays it back.
        let saved = try String(contentsOf: transcript, encoding: .utf8)
        #expect(saved.hasPrefix(#"{"messages":[{"from":{"nickname":"Pat","participantId":"1","type":"Customer"},"index":1,"type":"ParticipantJoined"}"#))
        let replay = try RuleCommandsProcessTests.run(["chat", "--bot", "replay:\(transcript.path)", "--plain"], input: "Are you there?\n")
        #expect(replay.status == 0, "\(replay.standardError)")
        #expect(replay.standardOutput.contains("Good question..."))
    }

    @Test func refusedConnection_isOneLine_andExitStatus1() throws {
        // A port that was free a moment ago: nothing listens there.
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socketFD, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socketFD, $0, &length) } }
        let port = Int(UInt16(bigEndian: address.sin_port))
        close(socketFD)

        let run = try RuleCommandsProcessTests.run(["chat", "--url", "http://127.0.0.1:\(port)/api"], input: "Hello\n")
        #expect(run.status == 1)
        #expect(run.standardError.hasPrefix("gws-emulator chat: cannot reach http://127.0.0.1:\(port)/api"))
        #expect(run.standardError.split(separator: "\n").count == 1)
    }

    @Test func wrongAPIKey_andWrongPath_areOneLineEach() throws {
        let (server, data) = try Self.serve(["--api-key", "s3cret"])
        defer { server.stop(removing: data) }
        let unauthorized = try RuleCommandsProcessTests.run(["chat", "--url", "http://127.0.0.1:\(server.port)/api", "--api-key", "wrong"], input: "Hi\n")
        #expect(unauthorized.status == 1)
        #expect(unauthorized.standardError.contains("refused the API key (HTTP 401)"))
        #expect(unauthorized.standardError.split(separator: "\n").count == 1)

        let notFound = try RuleCommandsProcessTests.run(["chat", "--url", "http://127.0.0.1:\(server.port)/nothing-here", "--api-key", "s3cret"], input: "Hi\n")
        #expect(notFound.status == 1)
        #expect(notFound.standardError.contains("no GWS chat API at http://127.0.0.1:\(server.port)/nothing-here (HTTP 404"))
        #expect(notFound.standardError.split(separator: "\n").count == 1)

        let allowed = try RuleCommandsProcessTests.run(["chat", "--url", "http://127.0.0.1:\(server.port)/api", "--api-key", "s3cret"], input: "Hi!\n")
        #expect(allowed.status == 0, "\(allowed.standardError)")
        #expect(allowed.standardOutput.contains("Roboto: Neat."))
    }

    @Test func onAPseudoTerminal_showsAPrompt_theAnswer_andQuits() throws {
        let (server, data) = try Self.serve()
        defer { server.stop(removing: data) }
        let terminal = try PseudoTerminal()
        let process = Process()
        process.executableURL = EmulatorProcess.binary
        process.arguments = ["chat", "--url", "http://127.0.0.1:\(server.port)/api", "--nickname", "Tess"]
        let secondary = FileHandle(fileDescriptor: terminal.secondary, closeOnDealloc: false)
        process.standardInput = secondary
        process.standardOutput = secondary
        process.standardError = secondary
        try process.run()
        defer { if process.isRunning { process.terminate() } }

        _ = try terminal.read(until: "> ")  // the prompt: the client knows it is on a terminal
        terminal.write("Are you there?\r")
        let shown = try terminal.read(until: "Roboto: Good question...")
        #expect(shown.contains("Tess: Are you there?"))
        terminal.write("/quit\r")
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning, Date() < deadline { usleep(20_000) }
        #expect(!process.isRunning)
        #expect(process.terminationStatus == 0)
    }
}

/// A pseudo-terminal pair: the test holds the primary side, the child runs on the secondary.
final class PseudoTerminal {
    let primary: Int32
    let secondary: Int32

    init() throws {
        // The C library's pseudo-terminal calls, looked up at run time: Swift's Glibc module does
        // not declare them (they need _XOPEN_SOURCE).
        typealias IntCall = @convention(c) (Int32) -> Int32
        typealias NameCall = @convention(c) (Int32) -> UnsafeMutablePointer<CChar>?
        func lookup<T>(_ name: String, as: T.Type) throws -> T {
            guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else {
                throw EmulatorProcessError(message: "no \(name) in the C library")
            }
            return unsafeBitCast(symbol, to: T.self)
        }
        let openPrimary = try lookup("posix_openpt", as: IntCall.self)
        let grant = try lookup("grantpt", as: IntCall.self)
        let unlock = try lookup("unlockpt", as: IntCall.self)
        let secondaryName = try lookup("ptsname", as: NameCall.self)
        primary = openPrimary(O_RDWR | O_NOCTTY)
        guard primary >= 0, grant(primary) == 0, unlock(primary) == 0, let name = secondaryName(primary) else {
            throw EmulatorProcessError(message: "no pseudo-terminal: \(String(cString: strerror(errno)))")
        }
        secondary = open(name, O_RDWR | O_NOCTTY)
        guard secondary >= 0 else { throw EmulatorProcessError(message: "cannot open \(String(cString: name))") }
    }

    deinit {
        close(secondary)
        close(primary)
    }

    func write(_ text: String) {
        _ = text.utf8CString.withUnsafeBufferPointer { Glibc.write(primary, $0.baseAddress, $0.count - 1) }
    }

    private var received = ""

    /// Reads until `marker` has appeared (within 15 s); returns everything read so far.
    func read(until marker: String) throws -> String {
        let deadline = Date().addingTimeInterval(15)
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !received.contains(marker) {
            guard Date() < deadline else { throw EmulatorProcessError(message: "no '\(marker)' on the terminal; it shows: \(received)") }
            var descriptor = pollfd(fd: primary, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, 100) > 0 else { continue }
            let count = Glibc.read(primary, &buffer, buffer.count)
            if count > 0 { received += String(decoding: buffer[..<count], as: UTF8.self) }
        }
        return received
    }
}
