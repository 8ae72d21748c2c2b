/// A replay source that cannot be used: a malformed script, an unreadable recording.
///
/// Printed as `file:line:column: message`.
public struct ReplayError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let name: String
        public init(_ name: String) { self.name = name }
        public var description: String { name }

        public static let unknownDirective = Code("unknown-directive")
        public static let misplacedDirective = Code("misplaced-directive")
        public static let invalidValue = Code("invalid-value")
        public static let pattern = Code("pattern")
        public static let unreadable = Code("unreadable")
        public static let invalidRecording = Code("invalid-recording")
    }

    public var code: Code
    public var file: String
    public var line: Int
    public var column: Int
    public var message: String

    public init(_ code: Code, file: String, line: Int, column: Int = 1, _ message: String) {
        self.code = code
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String { "\(file):\(line):\(column): \(message)" }
}
