import Foundation
/// Why an emulator could not start, in one line a user can act on.
public struct EmulatorError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What failed; a struct so that kinds can be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let name: String
        /// The bot could not be found or its files have errors.
        public static let badBot = Code(name: "badBot")
        /// The data folder is a file, cannot be created, or is not writable; or its journals
        /// cannot be read.
        public static let dataFolder = Code(name: "dataFolder")
        /// The address cannot be listened on (port taken, no such address, no permission).
        public static let listen = Code(name: "listen")
        /// `start()` after `stop()`: an emulator runs once.
        public static let stopped = Code(name: "stopped")
        public var description: String { name }
    }

    public var code: Code
    /// One line: what failed, where, and what to do.
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        // Several problems (a rule file with three errors) become one line.
        self.message = message.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.joined(separator: "; ")
    }

    public var description: String { message }
}
