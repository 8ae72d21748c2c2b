/// Why the server could not start.
public struct HTTPServerError: Error, Sendable, Equatable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let name: String
        public var description: String { name }

        public static let invalidAddress = Code(name: "invalidAddress")
        public static let socketFailed = Code(name: "socketFailed")
        public static let bindFailed = Code(name: "bindFailed")
        public static let listenFailed = Code(name: "listenFailed")
        public static let alreadyStarted = Code(name: "alreadyStarted")
    }

    public var code: Code
    /// What failed, on which address, and what to do.
    public var message: String
    /// The `errno` of the failing call, when one failed.
    public var errno: Int32?

    public init(_ code: Code, _ message: String, errno: Int32? = nil) {
        self.code = code
        self.message = message
        self.errno = errno
    }

    public var description: String { message }
}
