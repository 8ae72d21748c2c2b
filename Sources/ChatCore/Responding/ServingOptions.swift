/// What a server asks of a responder it starts serving (``Responder/startServing(_:)``).
///
/// A struct, so that a new option does not change the signature responders implement.
public struct ServingOptions: Sendable, Equatable {
    /// Whether the responder should watch the files it was loaded from and reload them when they
    /// change (`serve` does; a test usually does not).
    public var watchFiles: Bool

    public init(watchFiles: Bool = false) {
        self.watchFiles = watchFiles
    }
}
