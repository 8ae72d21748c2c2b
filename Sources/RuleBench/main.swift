// The rule engine's benchmark: time to answer one message, and time to load, for generated bots
// of 10 to 10,000 rules. Run through bench/rules.sh (release build); not part of `make test`.
import ChatCore
import Foundation
import RuleBot

/// The kinds of generated bots.
enum Kind: String, CaseIterable {
    /// `match` rules with distinctive words, as support bots have: the index skips most of them.
    case pattern
    /// `match` rules without any required text (`\w+ x{2}\d{3}`): every rule runs its pattern.
    case opaque
    /// `keyword` rules (ELIZA style): looked up by the message's words.
    case keyword
}

/// Generates a support-like bot of `count` rules: a mix of pattern shapes, each rule with its own
/// words, so a message matches one rule (or none, for the fallback).
func generatedBot(rules count: Int, kind: Kind) -> String {
    var text = "agent Bench\noption typing off\noption pick rotate\n\n"
    for index in 0..<count {
        text += "rule r\(index)\n"
        if kind == .keyword {
            text += "  keyword kw\(index)\n"
            text += "  words * kw\(index) *\n"
        } else if kind == .opaque {
            text += "  match \\b(\\w+)\\s+x{\(index % 7 + 2)}\\d{\(index / 7 % 5 + 2)}\\b\n"
        } else {
            switch index % 4 {
            case 0: text += "  match \\b(item\(index)|thing\(index))s?\\b\n"
            case 1: text += "  match ^(?:please )?(?:check|track) order\(index) (?<number>\\d+)\n"
            case 2: text += "  match \\bword\(index)\\b.*\\b(refund|return)\\b\n"
            default: text += "  match (?<what>topic\(index)) (is|are) (\\w+)\n"
            }
        }
        text += "  reply Answer \(index) about {1}.\n  reply Another answer \(index).\n\n"
    }
    text += "fallback\n  reply Sorry, I did not get that.\n"
    return text
}

/// Messages that match a rule early, in the middle, late, and none at all.
func messages(rules count: Int, kind: Kind) -> [String] {
    let early = 1, middle = count / 2, late = count - 1
    if kind == .opaque {
        return [early, middle, late].map { "see item xx\(String(repeating: "x", count: $0 % 7))\(String(repeating: "1", count: $0 / 7 % 5 + 2))" } + ["nothing to see here at all, really nothing"]
    }
    if kind == .keyword {
        return [early, middle, late].map { "well I was thinking about kw\($0) today, you know" } + ["nothing to see here at all, really nothing"]
    }
    func message(for index: Int) -> String {
        switch index % 4 {
        case 0: "do you sell item\(index)s in blue?"
        case 1: "please check order\(index) 123456"
        case 2: "about word\(index), can I get a refund?"
        default: "topic\(index) is great"
        }
    }
    return [message(for: early), message(for: middle), message(for: late), "nothing to see here at all, really nothing"]
}

func percentile(_ sorted: [Double], _ fraction: Double) -> Double {
    sorted[min(sorted.count - 1, Int((Double(sorted.count) * fraction).rounded(.down)))]
}

func microseconds(_ duration: Duration) -> Double {
    let parts = duration.components
    return Double(parts.seconds) * 1e6 + Double(parts.attoseconds) / 1e12
}

let sizes = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let ruleCounts = sizes.isEmpty ? [10, 100, 1_000, 10_000] : sizes
let clock = ContinuousClock()
let chat = ChatView(id: ChatID(UUID()), state: .chatting, customerNickname: "Bench", subject: "Bench", userData: [:], agentNickname: "Bench", messages: [])

print("kind      rules   load ms   median us   p99 us   no-match median us   samples")
for kind in Kind.allCases {
    for count in ruleCounts {
        let source = generatedBot(rules: count, kind: kind)
        var book: RuleBook?
        let loadTime = clock.measure { book = try? RuleBookLoader.compile(text: source, name: "bench.rules") }
        guard let book else { fatalError("the generated bot did not compile") }
        let responder = RuleResponder(book: book)
        let inputs = messages(rules: count, kind: kind)
        // Enough samples for a stable p99, fewer for the slowest bots.
        let rounds = max(50, min(5_000, 2_000_000 / max(count, 1)))
        var all: [Double] = [], noMatch: [Double] = []
        var memory = ResponderMemory()
        var random = ChatRandom(seed: 1)
        for round in 0..<(rounds + 10) {
            for (index, input) in inputs.enumerated() {
                var context = ResponderContext(chat: chat, memory: memory, random: random, now: Date())
                let elapsed = clock.measure { _ = responder.respond(to: .customerText(input), context: &context) }
                memory = context.memory
                random = context.random
                if memory.values.count > 64 { memory = ResponderMemory() }
                guard round >= 10 else { continue }  // warm-up
                all.append(microseconds(elapsed))
                if index == inputs.count - 1 { noMatch.append(microseconds(elapsed)) }
            }
        }
        all.sort()
        noMatch.sort()
        let line = String(
            format: "%-8@ %7d %9.1f %11.1f %8.1f %20.1f %9d",
            kind.rawValue, count, microseconds(loadTime) / 1000,
            percentile(all, 0.5), percentile(all, 0.99), percentile(noMatch, 0.5), all.count)
        print(line)
    }
}

// The shipped ELIZA, on the article's conversation (run from the package folder).
if let eliza = try? RuleBookLoader.load(path: "Bots/eliza.rules"),
    let data = FileManager.default.contents(atPath: "../shared/eliza/cacm-1966-conversation.json"),
    let exchanges = try? JSONDecoder().decode([[String]].self, from: data)
{
    let responder = RuleResponder(book: eliza)
    var times: [Double] = []
    for round in 0..<210 {
        var context = ResponderContext(chat: chat, random: ChatRandom(seed: 1), now: Date())
        for exchange in exchanges {
            let elapsed = clock.measure { _ = responder.respond(to: .customerText(exchange[0]), context: &context) }
            if round >= 10 { times.append(microseconds(elapsed)) }
        }
    }
    times.sort()
    print(String(format: "eliza.rules (%d rules), the CACM conversation: median %.1f us, p99 %.1f us per message", eliza.ruleCount, percentile(times, 0.5), percentile(times, 0.99)))
}
