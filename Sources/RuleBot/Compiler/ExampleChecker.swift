import ChatCore
import LineFormat
import PCRE2

/// Checks each rule's `example` lines: the example must match its rule, and no earlier rule that
/// always answers (no `when` or `previous`, no reply that passes it on with `=> next`, `goto` or
/// `redirect`) may match it first.
struct ExampleChecker {
    let book: RuleBook

    func check() -> [SourceDiagnostic] {
        var diagnostics: [SourceDiagnostic] = []
        for rule in book.rules where !rule.examples.isEmpty {
            var memory = ResponderMemory()
            memory.topic = rule.topic
            let engine = RuleEngine(book: book, chat: nil, memory: memory, random: ChatRandom(seed: 0), logger: nil)
            for (text, location) in rule.examples {
                let input = PreparedInput(message: text, book: book) { word in
                    (book.rulesByKeyword[word] ?? []).contains { index in book.scopes(in: rule.topic).contains { book.rule(book.rules[index], isIn: $0) } }
                }
                let ownMatch: Bool
                if rule.kind == .fallback {
                    ownMatch = engine.match(rule, input: input) != nil
                } else {
                    ownMatch = engine.candidates(for: input, topic: .some(rule.topic)).contains(rule.index) && engine.match(rule, input: input) != nil
                }
                guard ownMatch else {
                    diagnostics.append(.error(.exampleDoesNotMatch, at: location, "example \"\(text)\" does not match this rule (subject \"\(input.subject.string)\"); fix the pattern or the example"))
                    continue
                }
                guard rule.kind == .rule else { continue }
                for index in engine.candidates(for: input, topic: .some(rule.topic)) {
                    if index == rule.index { break }
                    let other = book.rules[index]
                    if other.alwaysAnswersWhenMatched, engine.match(other, input: input) != nil {
                        diagnostics.append(.warning(.shadowedRule, at: location, "example \"\(text)\" is answered by \(other.displayName) first, so this rule never fires for it; move this rule above it or give it a higher rank"))
                        break
                    }
                }
            }
        }
        return diagnostics
    }
}
