import ChatCore
import Logging
import PCRE2
import LineFormat
import Foundation

/// Answers one event of one chat from a ``RuleBook``: picks the rule, renders its reply and
/// updates the chat's memory. A value made per event; the book is shared.
struct RuleEngine {
    /// What a rule decided to say.
    struct Answer {
        var messages: [String]
        var rule: CompiledRule
        var leavesChat: Bool
        /// `=> handover [TEXT]`: the text to say as the chat is handed over ("" for none).
        var handover: String? = nil
        /// Steps after the messages: `=> notice TEXT`, `=> push URL`.
        var followUps: [AgentAction.Kind] = []
    }

    /// A rule's patterns matched: what its captures are.
    struct RuleMatch {
        let input: PreparedInput
        let match: PatternMatch?
        /// The pattern that matched; `nil` for a rule without patterns.
        var pattern: CompiledRule.CompiledPattern?

        func capture(_ number: Int) -> String? {
            guard let match else { return number == 0 ? input.captureText(0..<input.subject.string.utf8.count) : nil }
            guard number >= 0, number < match.byteRanges.count, let range = match.byteRanges[number] else { return nil }
            return input.captureText(range)
        }

        func namedCapture(_ name: String) -> String? {
            guard let number = match?.groupNumbers[name] else { return nil }
            return capture(number)
        }
    }

    enum Outcome {
        case answered(Answer)
        /// The rule did not answer: try the next candidate. `matched`: its patterns matched, and
        /// it gave up on purpose (`=> next`, or a `goto` or `redirect` that found no answer).
        case passed(matched: Bool)
    }

    let book: RuleBook
    let chat: ChatView?
    var memory: ResponderMemory
    var random: ChatRandom
    var trace: [String] = []
    /// The rules that fired, by index in ``RuleBook/rules``, in order (for coverage; see
    /// ``RuleBookResponder``): one whose conditions held and patterns matched, or that laid
    /// down a memory. The trace says the same in words, for people.
    var firedRules: [Int] = []
    let logger: Logger?
    let scratch: MatchScratch
    /// The customer's message being answered (the `$message` variable).
    private var message = ""
    /// How many redirects led to the rule being rendered (for `{redirect: …}` slots).
    private var currentHops = 0
    /// The results of `{call: …}` slots, made before this pass (see ``RuleResponder``).
    var callResults: [FunctionCall: String] = [:]
    /// The calls this pass needed and had no result for, in order: the responder makes them and
    /// answers the event again with their results.
    private(set) var neededCalls: [FunctionCall] = []
    /// How many keywords the message has (the `$keywords` variable).
    private var keywordCount = 0
    /// Whether a customer message is being answered (not an event).
    private var hasMessage = false
    /// The customer's `customer.NAME` variables (kept across chats), and what this event changed.
    var customerValues: [String: String] = [:]
    private(set) var customerChanges: [String: String?] = [:]

    init(book: RuleBook, chat: ChatView?, memory: ResponderMemory, random: ChatRandom, logger: Logger?) {
        self.book = book
        self.chat = chat
        self.memory = memory
        self.random = random
        self.logger = logger
        scratch = MatchScratch(captureCapacity: book.maximumCaptureCount)
    }

    // MARK: Messages

    /// The answer to a customer message: the first rule that answers, else a fallback.
    mutating func answer(message text: String) -> Answer? {
        memory.turn += 1
        message = text
        hasMessage = true
        let input = prepare(text)
        if let form = activeForm, let answer = formAnswer(form, input: input, starting: false, hops: 0) { return answer }
        if let answer = answer(input, hops: 0) { return answer }
        if let form = activeForm { return formAsksAgain(form, input: input) }
        trace.append("no rule answered; trying the fallbacks")
        return firstAnswer(among: book.fallbacks, input: input, hops: 0)
    }

    private mutating func answer(_ input: PreparedInput, hops: Int) -> Answer? {
        trace.append("subject: \"\(input.subject.string)\"" + (input.keywords.isEmpty ? "" : "; keywords: \(input.keywords.joined(separator: " "))"))
        if hops == 0 { keywordCount = input.keywords.count }
        for scope in scopes {
            for keyword in input.keywords {
                // Memories are laid down as each keyword comes up (outside topics, as ELIZA did).
                if scope == nil { remember(input, keyword: keyword) }
                let rules = (book.rulesByKeyword[keyword] ?? []).filter { book.rule(book.rules[$0], isIn: scope) }
                if case .answered(let answer) = tryKeywordRules(rules, input: input, hops: hops) { return answer }
            }
            if let index = book.patternRulesByTopic[scope] {
                let key = input.indexKey
                for ruleIndex in index.candidates(folded: key.folded, trigrams: key.trigrams) {
                    if case .answered(let answer) = attempt(book.rules[ruleIndex], input: input, hops: hops) { return answer }
                }
            }
        }
        return nil
    }

    /// The rules of one keyword, in file order: the first that matches decides; if it passes
    /// (`=> next`), the whole keyword is given up, as ELIZA's NEWKEY.
    private mutating func tryKeywordRules(_ rules: [Int], input: PreparedInput, hops: Int) -> Outcome {
        for index in rules {
            let outcome = attempt(book.rules[index], input: input, hops: hops)
            switch outcome {
            case .answered: return outcome
            case .passed(matched: true): return outcome
            case .passed(matched: false): continue
            }
        }
        return .passed(matched: false)
    }

    /// The topic scopes to try, in order: the chat's topic (if any), then outside any topic.
    private var scopes: [String?] { book.scopes(in: memory.topic) }

    private func prepare(_ text: String) -> PreparedInput {
        let topic = memory.topic
        return PreparedInput(message: text, book: book) { word in
            guard let indices = book.rulesByKeyword[word] else { return false }
            return indices.contains { index in book.scopes(in: topic).contains { book.rule(book.rules[index], isIn: $0) } }
        }
    }

    /// The rules to try for `input`, in order: the active topic's, then those outside topics;
    /// within each, keyword rules in keystack order, then the others by rank and file order.
    func candidates(for input: PreparedInput, topic: String?? = nil) -> [Int] {
        let activeTopic = topic ?? memory.topic
        let scopes = book.scopes(in: activeTopic)
        var result: [Int] = []
        for scope in scopes {
            for keyword in input.keywords {
                result += (book.rulesByKeyword[keyword] ?? []).filter { book.rule(book.rules[$0], isIn: scope) }
            }
            if let index = book.patternRulesByTopic[scope] {
                let key = input.indexKey
                result += index.candidates(folded: key.folded, trigrams: key.trigrams)
            }
        }
        return result
    }

    /// Tries one rule: conditions, patterns, then its chosen reply.
    mutating func attempt(_ rule: CompiledRule, input: PreparedInput, hops: Int) -> Outcome {
        guard conditionsHold(rule) else {
            trace.append("\(rule.displayName): conditions do not hold")
            return .passed(matched: false)
        }
        guard let match = match(rule, input: input) else { return .passed(matched: false) }
        if rule.conditionReadsCaptures, let condition = rule.condition,
            !condition.evaluate({ variable($0) }, capture: { Int($0).flatMap(match.capture) ?? match.namedCapture($0) })
        {
            trace.append("\(rule.displayName): matched, but its conditions on the captures do not hold")
            return .passed(matched: false)
        }
        firedRules.append(rule.index)
        trace.append("\(rule.displayName) matched" + (match.pattern.map { " `\($0.written)` (line \($0.location.line))" } ?? ""))
        for assignment in rule.assignments {
            currentHops = hops
            let variableName = assignment.builtName.map { TemplateValues.variableName(render($0, match)) } ?? assignment.variable
            var value = render(assignment.value, match).replacingOccurrences(of: String(ResponderMemory.memorySeparator), with: "")
            if assignment.operation != .assign {
                let current = Double(variable(variableName) ?? "") ?? 0
                let operand = Double(value.trimmingCharacters(in: .whitespaces)) ?? 0
                let result: Double
                switch assignment.operation {
                case .add: result = current + operand
                case .subtract: result = current - operand
                case .multiply: result = current * operand
                case .divide:
                    guard operand != 0 else {
                        trace.append("  set $\(variableName) /= 0: division by zero; the value stays \"\(variable(variableName) ?? "")\"")
                        continue
                    }
                    result = current / operand
                case .assign: result = operand
                }
                value = result == result.rounded() && abs(result) < 1e15 ? String(Int64(result)) : String(result)
            }
            if variableName.hasPrefix(RuleFileParser.customerPrefix) {
                let name = String(variableName.dropFirst(RuleFileParser.customerPrefix.count))
                customerValues[name] = value.isEmpty ? nil : value
                customerChanges[name] = .some(value.isEmpty ? nil : value)
            } else {
                memory.setVariable(variableName, value)
            }
            trace.append("  set $\(variableName) = \"\(value)\"")
        }
        guard let reply = pickReply(rule, input: input) else {
            applyEffects(rule)
            return .answered(startingForm(of: rule, after: Answer(messages: [], rule: rule, leavesChat: rule.leavesChat), input: input, hops: hops))
        }
        currentHops = hops
        switch reply.action {
        case .say(let templates):
            // A `{redirect: …}` is answered in the topic this rule enters (as `=> redirect` is),
            // and may itself change the topic: then the effects come first.
            let redirects = templates.contains { !$0.redirects.isEmpty }
            if redirects { applyEffects(rule) }
            let messages = templates.map { applyReplyCase(render($0, match).trimmingWhitespace()) }.filter { !$0.isEmpty }
            if redirects { memory.previousRule = rule.name ?? rule.location.fileAndLine } else { applyEffects(rule) }
            trace.append("  reply at \(reply.location.fileAndLine)")
            return .answered(startingForm(of: rule, after: Answer(messages: messages, rule: rule, leavesChat: rule.leavesChat), input: input, hops: hops))
        case .handover(let template):
            let text = template.map { applyReplyCase(render($0, match)) } ?? ""
            applyEffects(rule)
            trace.append("  => handover at \(reply.location.fileAndLine)")
            return .answered(Answer(messages: [], rule: rule, leavesChat: false, handover: text))
        case .notice(let template), .push(let template), .transfer(let template), .invite(let template, _):
            // The template as written: letter-case options are for what the agent says.
            let text = render(template, match).trimmingWhitespace()
            applyEffects(rule)
            let followUp: AgentAction.Kind =
                switch reply.action {
                case .notice: .notice(applyReplyCase(text))
                case .push: .pushURL(text)
                case .transfer: .transfer(to: text)
                case .invite(_, let supervisor): .invite(text, supervisor: supervisor)
                default: .notice(text)
                }
            trace.append("  => \(followUp) at \(reply.location.fileAndLine)")
            return .answered(Answer(messages: [], rule: rule, leavesChat: rule.leavesChat, followUps: text.isEmpty ? [] : [followUp]))
        case .next:
            trace.append("  => next: trying the next rule")
            return .passed(matched: true)
        case .goto(let target, let rewrite):
            guard hops < book.options.maximumRedirects else {
                trace.append("  => goto \(target): more than \(book.options.maximumRedirects) redirects; giving up this rule")
                logger?.warning("redirect limit reached", metadata: ["rule": "\(rule.displayName)"])
                return .passed(matched: true)
            }
            let newInput = rewrite.map { PreparedInput(rewritten: render($0, match)) } ?? input
            trace.append("  => goto \(target)" + (rewrite == nil ? "" : " with \"\(newInput.subject.string)\""))
            if let named = book.rulesByName[target] {
                if case .answered(let answer) = attempt(book.rules[named], input: newInput, hops: hops + 1) { return .answered(answer) }
                return .passed(matched: true)
            }
            let keyword = target.uppercased()
            remember(newInput, keyword: keyword)
            if case .answered(let answer) = tryKeywordRules(book.rulesByKeyword[keyword] ?? [], input: newInput, hops: hops + 1) {
                return .answered(answer)
            }
            return .passed(matched: true)
        case .redirect(let template):
            guard hops < book.options.maximumRedirects else {
                trace.append("  => redirect: more than \(book.options.maximumRedirects) redirects; giving up this rule")
                logger?.warning("redirect limit reached", metadata: ["rule": "\(rule.displayName)"])
                return .passed(matched: true)
            }
            let text = render(template, match)
            trace.append("  => redirect \"\(text)\"")
            applyEffects(rule)
            if let answer = answer(prepare(text), hops: hops + 1) { return .answered(answer) }
            return .passed(matched: true)
        }
    }

    /// Whether the rule's conditions hold, but those that read captures (tried after matching).
    private func conditionsHold(_ rule: CompiledRule) -> Bool {
        if let condition = rule.condition, !rule.conditionReadsCaptures, !condition.evaluate({ variable($0) }) { return false }
        if let previous = rule.previous {
            guard let last = memory.previousReply, let pattern = pattern(previous) else { return false }
            return (try? pattern.firstMatch(in: MatchSubject(last), scratch: scratch)) != nil
        }
        return true
    }

    /// Whether `rule`'s patterns match `input` (a rule without patterns matches anything).
    func match(_ rule: CompiledRule, input: PreparedInput) -> RuleMatch? {
        guard !rule.patterns.isEmpty else { return RuleMatch(input: input, match: nil) }
        for pattern in rule.patterns {
            guard let compiled = self.pattern(pattern) else { continue }
            do {
                if let found = try compiled.firstMatch(in: input.subject, scratch: scratch) { return RuleMatch(input: input, match: found, pattern: pattern) }
            } catch {
                logger?.warning("pattern gave up; counted as no match", metadata: ["pattern": "\(pattern.location)", "reason": "\(error)"])
            }
        }
        return nil
    }

    /// The pattern to match with: as compiled, or, with `{$NAME}` slots, compiled now with the
    /// variables' values (`nil`, and logged, if that fails).
    private func pattern(_ pattern: CompiledRule.CompiledPattern) -> Pattern? {
        guard !pattern.variables.isEmpty else { return pattern.pattern }
        let regex = PatternSlots.filling(pattern.regex, names: pattern.variables) { variable($0) ?? "" }
        do {
            return try Pattern(regex, options: pattern.pattern.options, limits: book.options.matchLimits)
        } catch {
            logger?.warning("pattern with variables does not compile; counted as no match", metadata: ["pattern": "\(pattern.location)", "reason": "\(error)"])
            return nil
        }
    }

    private mutating func pickReply(_ rule: CompiledRule, input: PreparedInput) -> Reply? {
        let replies = rule.replies
        guard !replies.isEmpty else { return nil }
        guard replies.count > 1 else { return replies[0] }
        let index: Int
        switch rule.pick {
        case .random:
            index = Int.random(in: 0..<replies.count, using: &random)
        case .rotate:
            index = memory.nextRotation(rule.stateKey) % replies.count
        case .noRepeat:
            var used = memory.usedReplies(rule.stateKey)
            if used.count >= replies.count { used = [] }
            let unused = (0..<replies.count).filter { !used.contains($0) }
            index = unused[Int.random(in: 0..<unused.count, using: &random)]
            used.insert(index)
            memory.setUsedReplies(rule.stateKey, used)
        case .weighted:
            let total = replies.reduce(0) { $0 + $1.weight }
            var draw = Int.random(in: 0..<total, using: &random)
            index =
                replies.firstIndex { reply in
                    if draw < reply.weight { return true }
                    draw -= reply.weight
                    return false
                } ?? 0
        case .hash:
            index = SlipHash.hash(word: input.lastWord, bits: SlipHash.bits(for: replies.count)) % replies.count
        }
        trace.append("  pick \(rule.pick.rawValue): reply \(index + 1) of \(replies.count)")
        return replies[index]
    }

    private mutating func applyEffects(_ rule: CompiledRule) {
        switch rule.topicChange {
        case .enter(let topic)?:
            memory.topic = topic
            trace.append("  topic is now \(topic)")
        case .leave?:
            memory.topic = nil
            trace.append("  left the topic")
        case nil:
            break
        }
        memory.previousRule = rule.name ?? rule.location.fileAndLine
    }

    func applyReplyCase(_ text: String) -> String {
        switch book.options.replyCase {
        case .asWritten: text
        case .upper: text.uppercased()
        case .lower: text.lowercased()
        }
    }

    // MARK: Memory (ELIZA's MEMORY)

    /// Remembered replies kept per chat; older ones are dropped, so a chat's state stays small.
    static let maximumMemories = 100

    /// Lays down a memory if a `memory` block has `keyword`.
    private mutating func remember(_ input: PreparedInput, keyword: String) {
        for index in book.memories where book.rules[index].keywords.contains(keyword) {
            let rule = book.rules[index]
            guard conditionsHold(rule), let match = match(rule, input: input), let reply = pickReply(rule, input: input),
                case .say(let templates) = reply.action
            else { continue }
            let text = templates.map { applyReplyCase(render($0, match)) }.joined(separator: " ")
                .replacingOccurrences(of: String(ResponderMemory.memorySeparator), with: "")
            var queue = memory.memories
            queue.append(text)
            if queue.count > Self.maximumMemories { queue.removeFirst(queue.count - Self.maximumMemories) }
            memory.memories = queue
            firedRules.append(rule.index)
            trace.append("\(rule.displayName): remembered \"\(text)\"")
        }
    }

    // MARK: Events

    /// The answer of the first of `rules` (event blocks) that answers an event carrying `text`
    /// (a customer's notice, URL or new nickname): `{$message}` and `{0}` hold it.
    mutating func firstAnswer(among rules: [Int], eventText text: String) -> Answer? {
        message = text
        return firstAnswer(among: rules, input: PreparedInput(rewritten: text))
    }

    mutating func firstAnswer(among rules: [Int], input: PreparedInput? = nil, hops: Int = 0) -> Answer? {
        let input = input ?? PreparedInput(rewritten: "")
        for index in rules {
            if case .answered(let answer) = attempt(book.rules[index], input: input, hops: hops) { return answer }
        }
        return nil
    }

    // MARK: Templates

    func variable(_ name: String) -> String? {
        switch name {
        case "nickname": chat?.customerNickname
        case "subject": chat?.subject
        case "file": chat?.messages.last { $0.kind == .fileUploaded && $0.from.kind == .customer }?.text
        case "agent": chat?.agentNickname ?? book.agentNickname
        case "turn": String(memory.turn)
        case "topic": memory.topic
        case "memories": String(memory.memories.count)
        case "previous_rule": memory.previousRule
        case "message": message
        case "keywords": String(keywordCount)
        case _ where name.hasPrefix(RuleFileParser.userDataPrefix): chat?.userData[String(name.dropFirst(RuleFileParser.userDataPrefix.count))]
        case _ where name.hasPrefix(RuleFileParser.botValuePrefix): book.botValues[String(name.dropFirst(RuleFileParser.botValuePrefix.count))]
        case _ where name.hasPrefix(RuleFileParser.customerPrefix): customerValues[String(name.dropFirst(RuleFileParser.customerPrefix.count))]
        case _ where name.count == 6 && (name.hasPrefix("input") || name.hasPrefix("reply")) && name.last?.isNumber == true && name.last != "0":
            earlier(name.hasPrefix("input") ? .customer : .agent, Int(String(name.last!)) ?? 1)
        default: memory.variable(name)
        }
    }

    /// The customer's (`$input1`…`$input9`) or the agent's (`$reply1`…`$reply9`) earlier text
    /// messages, 1 the most recent: for the customer, the one before the message being answered.
    private func earlier(_ who: Participant.Kind, _ number: Int) -> String? {
        var texts = (chat?.messages ?? []).filter { $0.kind == .text && $0.from.kind == who }.compactMap(\.text)
        if who == .customer, hasMessage, texts.last == message { texts.removeLast() }
        return number <= texts.count ? texts[texts.count - number] : nil
    }

    private mutating func render(_ template: Template, _ match: RuleMatch) -> String {
        var recalled: String?
        if template.parts.contains(where: { if case .slot(.recall, _) = $0 { true } else { false } }) {
            var queue = memory.memories
            if !queue.isEmpty { recalled = queue.removeFirst(); memory.memories = queue }
            trace.append("  recalled \"\(recalled ?? "")\"")
        }
        var picks: [Int] = []
        for _ in 0..<template.alternativesCount { picks.append(Int.random(in: 0..<1_000_000, using: &random)) }
        var drawn = picks.makeIterator()
        var answers: [String] = []
        for redirect in template.redirects { answers.append(redirectedAnswer(render(redirect, match))) }
        var redirected = answers.makeIterator()
        var results: [String] = []
        for (function, argument) in template.calls {
            let call = FunctionCall(function: function, argument: render(argument, match))
            if let result = callResults[call] {
                trace.append("  {call: \(function) \(call.argument)} = \"\(result)\"")
                results.append(result)
            } else {
                if !neededCalls.contains(call) { neededCalls.append(call) }
                results.append("")
            }
        }
        var called = results.makeIterator()
        let engine = self
        var values = TemplateValues(
            capture: { match.capture($0) },
            namedCapture: { match.namedCapture($0) },
            variable: { engine.variable($0) },
            recall: { [recalled] in recalled },
            reflect: { engine.book.reflections.apply(to: $0) })
        values.pick = { count in (drawn.next() ?? 0) % count }
        values.redirected = { redirected.next() ?? "" }
        values.called = { called.next() ?? "" }
        return values.render(template)
    }

    /// The answer to `text` for a `{redirect: TEXT}` slot: what the bot says to it (rules, then
    /// fallbacks), its messages joined by spaces; empty when nothing answers or the redirects
    /// for this message are used up.
    private mutating func redirectedAnswer(_ text: String) -> String {
        let hops = currentHops
        defer { currentHops = hops }
        guard hops < book.options.maximumRedirects else {
            trace.append("  {redirect: \(text)}: more than \(book.options.maximumRedirects) redirects; left empty")
            logger?.warning("redirect limit reached", metadata: ["text": "\(text)"])
            return ""
        }
        trace.append("  {redirect: \(text)}")
        let input = prepare(text)
        let answer = answer(input, hops: hops + 1) ?? firstAnswer(among: book.fallbacks, input: input, hops: hops + 1)
        return answer?.messages.joined(separator: " ") ?? ""
    }
}
