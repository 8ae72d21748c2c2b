/// Why the server could not start.
package struct HTTPServerError: Error, Sendable, Equatable, CustomStringConvertible {
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        package let name: String
        package var description: String { name }

        package static let invalidAddress = Code(name: "invalidAddress")
        package static let socketFailed = Code(name: "socketFailed")
        package static let bindFailed = Code(name: "bindFailed")
        package static let listenFailed = Code(name: "listenFailed")
        package static let alreadyStarted = Code(name: "alreadyStarted")
    }

    package var code: Code
    /// What failed, on which address, and what to do.
    package var message: String
    /// The `errno` of the failing call, when one failed.
    package var errno: Int32?

    package init(_ code: Code, _ message: String, errno: Int32? = nil) {
        self.code = code
        self.message = message
        self.errno = errno
    }

    package var description: String { message }
}
