/// One call of a rules bot's function, `{call: NAME TEXT}` with TEXT rendered: RiveScript's
/// object macros, answered by another bot (`function NAME = exec:COMMAND` or `webhook:URL`).
package struct FunctionCall: Hashable, Sendable {
    /// The function's name.
    package var function: String
    /// The text it is called with.
    package var argument: String

    package init(function: String, argument: String) {
        self.function = function
        self.argument = argument
    }
}
