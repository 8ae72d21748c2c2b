/// Why the core refused an operation.
///
/// A struct with a code rather than a public enum, so that new kinds of failure can be added later.
/// The HTTP front maps each code onto a GWS status code.
public struct ChatError: Error, Sendable, Equatable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let name: String
        /// A required parameter is missing or has an invalid value (GWS 1).
        public static let invalidParameter = Code(name: "invalidParameter")
        /// The operation is not valid in the chat's current state (GWS 2).
        public static let invalidState = Code(name: "invalidState")
        /// No chat has that id (GWS 6).
        public static let notFound = Code(name: "notFound")
        /// A per-chat allowance is used up (its file uploads and their total size) or turned off.
        public static let limitReached = Code(name: "limitReached")
        /// Our own failure, such as a journal that could not be written (GWS 4).
        public static let internalFailure = Code(name: "internalFailure")
        public var description: String { name }
    }

    public var code: Code
    /// A sentence a user can act on.
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }

    static func notFound(_ id: ChatID) -> ChatError { ChatError(.notFound, "Chat \(id) does not exist.") }
    static func invalidState(_ operation: ChatOperation, _ state: ChatState) -> ChatError {
        ChatError(.invalidState, "\(operation.name) is not valid in state \(state.rawValue).")
    }
}
