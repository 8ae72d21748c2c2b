/// A problem in a conversation file, or with the bot it names.
///
/// Printed as `file:line:column: message`, as compilers print errors, so editors jump to it.
public struct ConversationFileError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of problem; tests and tools match on it rather than on the message.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let name: String
        public init(_ name: String) { self.name = name }
        public var description: String { name }

        public static let unknownDirective = Code("unknown-directive")
        public static let misplacedDirective = Code("misplaced-directive")
        public static let missingValue = Code("missing-value")
        public static let invalidValue = Code("invalid-value")
        public static let pattern = Code("pattern")
        public static let duplicateTest = Code("duplicate-test")
        public static let missingBot = Code("missing-bot")
        public static let noTests = Code("no-tests")
        public static let unknownBot = Code("unknown-bot")
        public static let unreadable = Code("unreadable")
    }

    public var code: Code
    public var location: ConversationLocation
    public var message: String

    public init(_ code: Code, at location: ConversationLocation, _ message: String) {
        self.code = code
        self.location = location
        self.message = message
    }

    public var description: String { "\(location): \(message)" }
}

/// Every problem found in one file (the parser reports them all, not just the first).
public struct ConversationFileErrors: Error, Sendable, CustomStringConvertible {
    public var errors: [ConversationFileError]
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
