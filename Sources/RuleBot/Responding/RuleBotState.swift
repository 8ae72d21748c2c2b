public import ChatCore

/// A rules bot's state in one chat, read from (or written into) the chat's responder memory:
/// what tests and tools look at without knowing how the bot stores it.
///
/// ```swift
/// let state = RuleBotState(memory: chat.responderMemory)
/// #expect(state.variable("order") == "123456")
/// #expect(state.topic == "refunds")
/// ```
public struct RuleBotState: Hashable, Sendable {
    public var memory: ResponderMemory

    public init(memory: ResponderMemory = ResponderMemory()) {
        self.memory = memory
    }

    /// A `set` variable; `nil` when it is not set (or empty).
    public func variable(_ name: String) -> String? { memory.variable(name) }

    /// Sets (or, with an empty value, clears) a variable, as a `set` line does.
    public mutating func setVariable(_ name: String, _ value: String) { memory.setVariable(name, value) }

    /// Every variable that is set, by name.
    public var variables: [String: String] {
        var result: [String: String] = [:]
        for (key, value) in memory.values where key.hasPrefix("var.") { result[String(key.dropFirst(4))] = value }
        return result
    }

    /// The topic the chat is in; `nil` outside topics.
    public var topic: String? {
        get { memory.topic }
        set { memory.topic = newValue }
    }

    /// The name (or `file:line`) of the rule that answered last.
    public var previousRule: String? { memory.previousRule }
}
