package import HTTPServer

/// A chat operation of the GMS front: the path segment after the chat id names it (`send`,
/// `refresh`, `file`), ``GMSFront`` checks the method and the chat's credentials, then `run`
/// answers. One entry of ``table`` per operation: adding one touches that table only.
package struct GMSOperation: Sendable {
    /// The HTTP methods it answers (GMS uses POST).
    package var methods: [String]
    /// The answer, refusals thrown as ``GMSFailure``.
    package var run: @Sendable (GMSCall) throws(GMSFailure) -> HTTPResponse

    package init(methods: [String] = ["POST"], run: @escaping @Sendable (GMSCall) throws(GMSFailure) -> HTTPResponse) {
        self.methods = methods
        self.run = run
    }
}
