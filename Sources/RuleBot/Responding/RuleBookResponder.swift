public import ChatCore

/// A responder that answers from a ``RuleBook`` and can say which of its rules fired, for tools
/// that measure rule coverage (`gws-emulator test --coverage`) without reading the trace's words.
public protocol RuleBookResponder: Responder {
    /// The rules answering now.
    var book: RuleBook { get }

    /// The bots that answer the book's functions (`function NAME = exec:COMMAND`), by name.
    var functions: [String: any Responder] { get }

    /// Answers `event` as `Responder.respond(to:context:)` does, and adds to `firedRules` the
    /// `file:line` (as `RuleSummary.origin`) of every rule that fired: its conditions held and
    /// its patterns matched — even if it then passed the message on with `=> next`, `goto` or
    /// `redirect` — or it laid down a memory.
    func respond(to event: ChatEvent, context: inout ResponderContext, firedRules: inout Set<String>) -> AgentReply
}

extension RuleBookResponder {
    /// Every rule and event block, for coverage tools that know only the `Responder` seam.
    public var parts: [ResponderPart] {
        book.ruleSummaries.map { ResponderPart(origin: $0.origin, name: $0.displayName) }
    }
}

extension RuleBookResponder {
    /// The same rules answering with `customers` as their customer memory: what a test starts
    /// from (`InMemoryCustomerMemory()`, empty), so that no other test's customers leak in.
    package func withCustomerMemory(_ customers: any CustomerMemoryStore) -> RuleResponder {
        RuleResponder(book: book, customers: customers, functions: functions)
    }
}
