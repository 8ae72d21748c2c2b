/// A test chat that cannot be set up as asked, such as customer variables for a bot that keeps
/// none.
public struct TestChatSetupError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }

    package init(message: String) {
        self.message = message
    }
}
