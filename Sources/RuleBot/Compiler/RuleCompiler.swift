import ChatCore
import PCRE2
import LineFormat
import Foundation

/// Compiles ``RuleFileSyntax`` into a ``RuleBook``: patterns through PCRE2, templates, conditions,
/// references between rules, and the static warnings.
struct RuleCompiler {
    /// Variables every template and condition can read without setting them.
    static let builtInVariables: Set<String> = Set(["nickname", "subject", "file", "agent", "turn", "topic", "memories", "previous_rule", "message", "keywords"])
        .union((1...9).flatMap { ["input\($0)", "reply\($0)"] })

    var diagnostics: [SourceDiagnostic] = []
    private let syntax: RuleFileSyntax
    private(set) var options = RuleBookOptions()
    private var lists: [String: [String]] = [:]

    init(syntax: RuleFileSyntax) {
        self.syntax = syntax
        lists = syntax.lists.mapValues(\.words)
    }

    static func compile(_ syntax: RuleFileSyntax) -> (RuleBook?, [SourceDiagnostic]) {
        var compiler = RuleCompiler(syntax: syntax)
        let book = compiler.compile()
        return (book, compiler.diagnostics)
    }

    private mutating func compile() -> RuleBook? {
        for line in syntax.options { applyOption(line) }

        var rules: [CompiledRule] = []
        var forms: [String: CompiledForm] = [:]
        for block in syntax.blocks {
            if block.kind == .form {
                guard let form = compileForm(block, rules: &rules) else { continue }
                if let existing = forms[form.name] {
                    diagnostics.append(.error(.duplicateName, at: form.location, "form \(form.name) is already defined at \(existing.location.fileAndLine); form names must be unique"))
                }
                forms[form.name] = forms[form.name] ?? form
                continue
            }
            if let rule = compileBlock(block, index: rules.count) { rules.append(rule) }
        }

        var rulesByName: [String: Int] = [:]
        for rule in rules where rule.kind != .form {
            guard let name = rule.name else { continue }
            if let existing = rulesByName[name] {
                diagnostics.append(.error(.duplicateName, at: rule.location, "rule \(name) is already defined at \(rules[existing].location.fileAndLine); rule names must be unique"))
            } else {
                rulesByName[name] = rule.index
            }
        }

        var patternRulesByTopic: [String?: [Int]] = [:]
        var rulesByKeyword: [String: [Int]] = [:]
        var keywordRanks: [String: Int] = [:]
        for rule in rules where rule.kind == .rule {
            if rule.keywords.isEmpty {
                patternRulesByTopic[rule.topic, default: []].append(rule.index)
            } else {
                for keyword in rule.keywords {
                    rulesByKeyword[keyword, default: []].append(rule.index)
                    keywordRanks[keyword] = max(keywordRanks[keyword] ?? rule.rank, rule.rank)
                }
            }
        }
        let (topicScopes, topicMembers) = resolveTopicRelations()
        // A topic that includes others tries their rules together with its own.
        for (topic, members) in topicMembers where members.count > 1 {
            patternRulesByTopic[topic] = rules.filter { $0.kind == .rule && $0.keywords.isEmpty && $0.topic.map(members.contains) == true }.map(\.index)
        }
        // Rank first, then (with `option order specific`) the most specific pattern first, then
        // file order: a stable sort, so equal rules keep their order.
        let specificities = options.order == .specific ? rules.map(\.specificity) : []
        patternRulesByTopic = patternRulesByTopic.mapValues { indices in
            indices.enumerated().sorted { a, b in
                if rules[a.element].rank != rules[b.element].rank { return rules[a.element].rank > rules[b.element].rank }
                if !specificities.isEmpty, specificities[a.element] != specificities[b.element] { return specificities[a.element] < specificities[b.element] }
                return a.offset < b.offset
            }.map(\.element)
        }

        let indexes = patternRulesByTopic.mapValues { CandidateIndex(order: $0, rules: rules) }

        checkReferences(rules, rulesByName: rulesByName, rulesByKeyword: rulesByKeyword)
        diagnostics += SubstitutionLint.findings(syntax, clauseCharacters: options.clauseDelimiterCharacters)
        diagnostics += NormalisationLint.findings(rules, options: options)
        warnAboutVariablesAndTopics(rules, slots: Set(forms.values.flatMap { $0.slots.map(\.name) }))
        checkForms(forms, declared: Set(syntax.blocks.filter { $0.kind == .form }.compactMap(\.name)), rules: rules)
        var deadRules = DeadRuleFinder(rules: rules)
        deadRules.check(patternRulesByTopic: patternRulesByTopic, fallbacks: rules.filter { $0.kind == .fallback }.map(\.index))
        diagnostics += deadRules.diagnostics

        // A book is built even when there are errors (of the rules that compiled), so that the
        // loader can still check examples and report every problem of the file in one run.
        let indices = { (kind: RuleFileSyntax.BlockKind) in rules.filter { $0.kind == kind }.map(\.index) }
        func reflectionTable(_ pairs: [RuleFileSyntax.WordPair]) -> WordSubstitutions {
            WordSubstitutions(pairs.map { (from: $0.from, to: $0.to) })
        }
        return RuleBook(
            agentNickname: syntax.agentNickname ?? "Agent",
            botValues: syntax.botValues.mapValues(\.value),
            options: options,
            rules: rules,
            substitutions: reflectionTable(syntax.substitutions),
            swaps: reflectionTable(syntax.swaps),
            reflections: syntax.reflections.isEmpty ? .englishReflection : reflectionTable(syntax.reflections),
            patternRulesByTopic: indexes,
            rulesByKeyword: rulesByKeyword,
            keywordRanks: keywordRanks,
            topicScopes: topicScopes,
            topicMembers: topicMembers,
            rulesByName: rulesByName,
            greetings: indices(.greeting),
            farewells: indices(.farewell),
            fallbacks: indices(.fallback),
            idles: rules.filter { if case .idle = $0.kind { true } else { false } }.map(\.index),
            memories: indices(.memory),
            eventBlocks: Dictionary(
                grouping: rules.compactMap { rule -> (String, Int)? in
                    if case .event(let block) = rule.kind { (block.event.name, rule.index) } else { nil }
                }, by: \.0
            ).mapValues { $0.map(\.1) },
            files: syntax.files,
            warnings: diagnostics.filter { $0.severity == .warning },
            maximumCaptureCount: (rules.flatMap { $0.patterns.map(\.pattern.captureCount) + [$0.previous?.pattern.captureCount ?? 0] }
                + forms.values.flatMap { $0.slots.map { max($0.match?.pattern.captureCount ?? 0, 1) } }).max() ?? 0,
            functions: syntax.functions.mapValues(\.bot),
            forms: forms
        )
    }

    // MARK: Topics

    /// Checks `includes` / `inherits` and works out, for each topic, the topics its scope holds
    /// (itself and what it includes, transitively) and the scopes tried in it (its own, then
    /// each inherited topic's scopes in turn), each topic once.
    private mutating func resolveTopicRelations() -> (scopes: [String: [String]], members: [String: Set<String>]) {
        for (topic, relation) in syntax.topicRelations.sorted(by: { $0.value.location < $1.value.location }) {
            for other in relation.includes + relation.inherits where syntax.topics[other] == nil || other == topic {
                diagnostics.append(.error(.unknownReference, at: relation.location, other == topic ? "topic \(topic) cannot include or inherit itself" : "topic \(topic) names unknown topic `\(other)`; declare it with `topic \(other)`"))
            }
        }
        var members: [String: Set<String>] = [:]
        for topic in syntax.topics.keys {
            var found: Set<String> = [topic], queue = [topic]
            while let next = queue.popLast() {
                for included in syntax.topicRelations[next]?.includes ?? [] where syntax.topics[included] != nil && found.insert(included).inserted {
                    queue.append(included)
                }
            }
            members[topic] = found
        }
        var scopes: [String: [String]] = [:]
        for topic in syntax.topics.keys {
            var order: [String] = [], visited: Set<String> = []
            func visit(_ scope: String) {
                guard syntax.topics[scope] != nil, visited.insert(scope).inserted else { return }
                order.append(scope)
                for member in members[scope] ?? [] { visited.insert(member) }
                for inherited in syntax.topicRelations[scope]?.inherits ?? [] { visit(inherited) }
            }
            visit(topic)
            scopes[topic] = order
        }
        return (scopes, members)
    }

    // MARK: Options

    private mutating func applyOption(_ line: DirectiveLine) {
        let words = line.argument.split(separator: " ").map(String.init)
        guard let name = words.first else {
            diagnostics.append(.error(.syntax, at: line.location, "option needs a name and a value, such as `option pick rotate`"))
            return
        }
        let values = Array(words.dropFirst())
        let valueLocation = line.argumentLocation.movedRight(by: name.count + 1)
        func number(_ range: ClosedRange<Double>, hint: String = "") -> Double? {
            guard values.count == 1, let value = Double(values[0]), range.contains(value) else {
                let got = values.isEmpty ? "" : ", not `\(values.joined(separator: " "))`"
                diagnostics.append(.error(.invalidValue, at: valueLocation, "option \(name) needs one number from \(Self.format(range.lowerBound)) to \(Self.format(range.upperBound))\(hint)\(got)"))
                return nil
            }
            return value
        }
        switch name {
        case "pick":
            guard values.count == 1, let mode = PickMode(rawValue: values[0]) else {
                diagnostics.append(.error(.invalidValue, at: valueLocation, "option pick needs one of \(PickMode.allCases.map(\.rawValue).joined(separator: ", "))"))
                return
            }
            options.defaultPick = mode
        case "flags":
            if let flags = parseFlags(values, at: valueLocation) { options.defaultFlags = flags }
        case "typing":
            if values == ["off"] { options.typingCharactersPerSecond = 0 } else if let value = number(0...10_000, hint: " (characters per second), or `off` to show no typing") { options.typingCharactersPerSecond = value }
        case "typing-limit":
            if let value = number(0...600, hint: " (seconds)") { options.typingMaximumSeconds = value }
        case "pause":
            if let value = number(0...600, hint: " (seconds)") { options.pauseBetweenMessagesSeconds = value }
        case "clauses":
            guard !values.isEmpty else {
                diagnostics.append(.error(.invalidValue, at: valueLocation, "option clauses needs the delimiters, such as `option clauses . , BUT`"))
                return
            }
            for value in values {
                if value.count == 1, let character = value.first, !character.isLetter, !character.isNumber {
                    options.clauseDelimiterCharacters.insert(character)
                } else {
                    options.clauseDelimiterWords.insert(value.uppercased())
                }
            }
        case "replies":
            guard values.count == 1, let replyCase = RuleBookOptions.ReplyCase(rawValue: values[0]) else {
                diagnostics.append(.error(.invalidValue, at: valueLocation, "option replies needs upper, lower or as-written"))
                return
            }
            options.replyCase = replyCase
        case "max-redirects":
            if let value = number(0...100) { options.maximumRedirects = Int(value) }
        case "max-message-length":
            if let value = number(1...100_000) { options.maximumMessageCharacters = Int(value) }
        case "customer-key":
            if values == ["nickname"] {
                options.customerKey = .nickname
            } else if values.count == 1, values[0].hasPrefix(RuleFileParser.userDataPrefix), values[0].count > RuleFileParser.userDataPrefix.count {
                options.customerKey = .userData(String(values[0].dropFirst(RuleFileParser.userDataPrefix.count)))
            } else {
                diagnostics.append(.error(.invalidValue, at: valueLocation, "option customer-key needs `nickname` or `userdata.KEY` (what identifies a customer across chats)"))
            }
        case "normalise", "normalize":
            var wanted: Set<RuleBookOptions.Normalisation> = []
            for value in values {
                guard let normalisation = RuleBookOptions.Normalisation(rawValue: value) else {
                    diagnostics.append(.error(.invalidValue, at: valueLocation, "option \(name) takes \(RuleBookOptions.Normalisation.allCases.map(\.rawValue).joined(separator: ", ")) (one or more), not `\(value)`"))
                    return
                }
                wanted.insert(normalisation)
            }
            guard !wanted.isEmpty else {
                diagnostics.append(.error(.invalidValue, at: valueLocation, "option \(name) needs what to normalise, such as `option \(name) punctuation lowercase`"))
                return
            }
            options.normalisation = wanted
        case "order":
            guard values.count == 1, let order = RuleBookOptions.RuleOrder(rawValue: values[0]) else {
                diagnostics.append(.error(.invalidValue, at: valueLocation, "option order needs `file` (rules in file order, the default) or `specific` (the most specific pattern first, as RiveScript sorts triggers)"))
                return
            }
            options.order = order
        case "match-limit":
            if let value = number(1_000...100_000_000) { options.matchLimits.matchLimit = UInt32(value) }
        default:
            diagnostics.append(.error(.unknownDirective, at: line.argumentLocation, "unknown option `\(name)`; options are pick, flags, typing, typing-limit, pause, clauses, replies, max-redirects, max-message-length, match-limit, customer-key, order and normalise"))
        }
    }

    private static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }

    private mutating func parseFlags(_ values: [String], at location: SourceLocation) -> PatternOptions? {
        var flags: PatternOptions = []
        for value in values {
            switch value {
            case "caseless": flags.insert(.caseless)
            case "case-sensitive": flags.remove(.caseless)
            case "extended": flags.insert(.extended)
            case "dotall": flags.insert(.dotAll)
            case "multiline": flags.insert(.multiline)
            default:
                diagnostics.append(.error(.invalidValue, at: location, "unknown flag `\(value)`; flags are caseless, case-sensitive, extended, dotall and multiline"))
                return nil
            }
        }
        return flags
    }

    // MARK: Blocks

    private mutating func compileBlock(_ block: RuleFileSyntax.Block, index: Int) -> CompiledRule? {
        let errorsBefore = diagnostics.filter { $0.severity == .error }.count
        var flags = options.defaultFlags
        for line in block.body where line.directive == "flags" {
            if let parsed = parseFlags(line.argument.split(separator: " ").map(String.init), at: line.argumentLocation) { flags = parsed }
        }

        var keywords: [String] = []
        var rank = 0
        var patterns: [CompiledRule.CompiledPattern] = []
        var condition: Condition?
        var previous: CompiledRule.CompiledPattern?
        var pick = options.defaultPick
        var replies: [Reply] = []
        var assignments: [CompiledRule.Assignment] = []
        var topicChange: CompiledRule.TopicChange?
        var leaves = false
        var examples: [(String, SourceLocation)] = []
        var startsForm: String?

        for line in block.body {
            let argument = line.argument
            switch line.directive {
            case "flags":
                break
            case "match":
                if let pattern = compileRegex(argument, flags: flags, at: line.argumentLocation) { patterns.append(pattern) }
            case "words":
                if let pattern = compileWords(argument, flags: flags, at: line.argumentLocation) { patterns.append(pattern) }
            case "trigger":
                if let pattern = compileTrigger(argument, flags: flags, at: line.argumentLocation) { patterns.append(pattern) }
            case "keyword":
                let words = argument.split(separator: " ").map { String($0).uppercased() }
                if words.isEmpty { diagnostics.append(.error(.syntax, at: line.location, "keyword needs one or more words, such as `keyword refund refunds`")) }
                keywords += words
            case "rank":
                if let value = Int(argument), (-1_000_000...1_000_000).contains(value) {
                    rank = value
                } else {
                    diagnostics.append(.error(.invalidValue, at: line.argumentLocation, "rank needs a whole number, such as `rank 10` (higher is tried first)"))
                }
            case "when":
                do throws(TemplateError) {
                    let parsed = try Condition.parse(argument, at: line.argumentLocation)
                    condition = condition.map { .all([$0, parsed]) } ?? parsed
                } catch {
                    diagnostics.append(.error(.condition, at: error.location, error.message))
                }
            case "previous":
                previous = compileRegex(argument, flags: flags, at: line.argumentLocation)
            case "example":
                if argument.isEmpty { diagnostics.append(.error(.syntax, at: line.location, "example needs a customer message after it")) } else { examples.append((argument, line.argumentLocation)) }
            case "pick":
                if let mode = PickMode(rawValue: argument) {
                    pick = mode
                } else {
                    diagnostics.append(.error(.invalidValue, at: line.argumentLocation, "pick needs one of \(PickMode.allCases.map(\.rawValue).joined(separator: ", "))"))
                }
            case "start-form":
                guard let name = RuleFileParser.validName(argument) else {
                    diagnostics.append(.error(.syntax, at: line.location, "start-form needs a form name, such as `start-form order`"))
                    continue
                }
                startsForm = name
            case "set":
                if let assignment = parseAssignment(line) { assignments.append(assignment) }
            case "enter-topic":
                guard let name = RuleFileParser.validName(argument) else {
                    diagnostics.append(.error(.syntax, at: line.location, "enter-topic needs a topic name, such as `enter-topic refunds`"))
                    continue
                }
                if syntax.topics[name] == nil {
                    diagnostics.append(.error(.unknownReference, at: line.argumentLocation, "unknown topic `\(name)`; declare its rules after a `topic \(name)` line"))
                }
                topicChange = .enter(name)
            case "leave-topic":
                topicChange = .leave
            case "leave":
                leaves = true
            default:
                if line.directive == "reply" || (line.directive.hasPrefix("reply[") && line.directive.hasSuffix("]")) {
                    var weight = 1
                    if line.directive != "reply" {
                        guard let value = Int(line.directive.dropFirst(6).dropLast()), value > 0, value <= 1_000_000 else {
                            diagnostics.append(.error(.invalidValue, at: line.location, "a reply weight is a whole number above 0, such as `reply[3] Hello!`"))
                            continue
                        }
                        weight = value
                    }
                    guard !argument.isEmpty else {
                        diagnostics.append(.error(.syntax, at: line.location, "reply needs text after it"))
                        continue
                    }
                    do throws(TemplateError) {
                        replies.append(try Reply.parse(argument, weight: weight, at: line.argumentLocation, lists: lists))
                    } catch {
                        diagnostics.append(.error(.template, at: error.location, error.message))
                    }
                } else {
                    diagnostics.append(.error(.unknownDirective, at: line.location, "unknown line `\(line.directive)` in a \(block.kind.displayName); use match, words, trigger, keyword, rank, flags, when, previous, example, pick, reply, set, enter-topic, leave-topic, start-form or leave"))
                }
            }
        }

        // What each kind of block may contain.
        let name = block.kind.displayName
        switch block.kind {
        case .greeting, .farewell, .idle, .event:
            if !patterns.isEmpty || !keywords.isEmpty || !examples.isEmpty {
                diagnostics.append(.error(.misplacedDirective, at: block.location, "\(name.hasPrefix("on ") ? "an" : "a") \(name) answers an event, not a message: remove its match, words, keyword and example lines"))
            }
        case .memory:
            if keywords.isEmpty { diagnostics.append(.error(.syntax, at: block.location, "a memory needs a `keyword` line: it remembers when that keyword is the message's first")) }
        case .rule, .fallback, .form:
            break
        }
        if startsForm != nil, block.kind != .rule {
            diagnostics.append(.error(.misplacedDirective, at: block.location, "only a rule can `start-form`"))
        }
        if block.kind == .farewell, replies.contains(where: { if case .say = $0.action { false } else { true } }) {
            diagnostics.append(.error(.misplacedDirective, at: block.location, "a farewell can only say messages (=> next, goto and redirect need a customer message)"))
        }
        let hasReplyLines = block.body.contains { $0.directive == "reply" || $0.directive.hasPrefix("reply[") }
        let blockHasErrors = diagnostics.filter({ $0.severity == .error }).count > errorsBefore
        if !hasReplyLines, !blockHasErrors, block.kind != .rule || assignments.isEmpty && topicChange == nil && startsForm == nil {
            diagnostics.append(.error(.syntax, at: block.location, "this \(name) has no `reply` line; add at least one"))
        }
        checkCaptures(patterns: patterns, replies: replies, assignments: assignments, block: block)
        for name in condition?.capturesRead ?? [] {
            let exists =
                Int(name).map { number in number == 0 || patterns.contains { $0.pattern.captureCount >= number } }
                ?? patterns.contains { $0.pattern.groupNumbers[name] != nil }
            if !exists {
                let line = block.body.first { $0.directive == "when" && $0.argument.contains("{\(name)}") }
                diagnostics.append(.error(.unknownCapture, at: line?.argumentLocation ?? block.location, "`{\(name)}` in `when`: no pattern of this \(block.kind.displayName) has that capture, so the condition would compare an empty text"))
            }
        }
        guard diagnostics.filter({ $0.severity == .error }).count == errorsBefore else { return nil }
        return CompiledRule(
            index: index, kind: block.kind, name: block.name, location: block.location, topic: block.topic,
            keywords: keywords, rank: rank, patterns: patterns, condition: condition, previous: previous,
            pick: pick, replies: replies, assignments: assignments, topicChange: topicChange,
            leavesChat: leaves, examples: examples, startsForm: startsForm)
    }

    /// `set NAME = TEMPLATE`, `set NAME += N`, `set NAME -= N`, in a rule or a form.
    mutating func parseAssignment(_ line: DirectiveLine) -> CompiledRule.Assignment? {
        let argument = line.argument
        guard let equals = argument.firstIndex(of: "=") else {
            diagnostics.append(.error(.syntax, at: line.argumentLocation, "set needs `NAME = VALUE`, such as `set order = {number}` (or `set tries += 1`)"))
            return nil
        }
        var target = argument[..<equals].trimmingCharacters(in: .whitespaces)
        var operation = CompiledRule.Assignment.Operation.assign
        if let last = target.last, let arithmetic = CompiledRule.Assignment.Operation(symbol: last) {
            operation = arithmetic
            target = String(target.dropLast()).trimmingCharacters(in: .whitespaces)
        }
        let written = target.drop(while: { $0 == "$" })
        var builtName: Template?
        if written.contains("{") {
            // `set fav_{1} = {2}`: a name built from captures and variables.
            do throws(TemplateError) {
                let template = try Template.parse(String(written), at: line.argumentLocation.movedRight(by: target.count - written.count))
                if template.redirects.isEmpty, template.hasSlots { builtName = template }
            } catch {
                diagnostics.append(.error(.template, at: error.location, error.message))
                return nil
            }
        }
        guard let name = builtName.map({ _ in String(written) }) ?? RuleFileParser.validName(written) ?? (written.hasPrefix(RuleFileParser.customerPrefix) ? RuleFileParser.validVariableName(written) : nil) else {
            diagnostics.append(.error(.syntax, at: line.argumentLocation, "set needs `NAME = VALUE`, such as `set order = {number}` (or `set tries += 1`, `-=`, `*=`, `/=`; a name may be built as `fav_{1}`)"))
            return nil
        }
        let valueText = argument[argument.index(after: equals)...]
        let leading = valueText.prefix { $0 == " " }.count
        let offset = argument.distance(from: argument.startIndex, to: equals) + 1 + leading
        do throws(TemplateError) {
            let value = try Template.parse(String(valueText.dropFirst(leading)), at: line.argumentLocation.movedRight(by: offset), lists: lists)
            if operation == .divide, !value.hasSlots, Double(value.leadingText.trimmingCharacters(in: .whitespaces)) == 0 {
                diagnostics.append(.error(.invalidValue, at: line.argumentLocation.movedRight(by: offset), "`set \(name) /= 0` divides by zero; divide by another number"))
                return nil
            }
            return CompiledRule.Assignment(variable: name, value: value, operation: operation, builtName: builtName)
        } catch {
            diagnostics.append(.error(.template, at: error.location, error.message))
        }
        return nil
    }

    /// How many errors have been found so far.
    var errorCount: Int { diagnostics.filter { $0.severity == .error }.count }

    mutating func compileRegex(_ source: String, flags: PatternOptions, at location: SourceLocation) -> CompiledRule.CompiledPattern? {
        guard !source.isEmpty else {
            diagnostics.append(.error(.pattern, at: location.movedRight(by: -"match".count), "match needs a regular expression after it"))
            return nil
        }
        // `{$bot.NAME}` is put in now; `{$NAME}` stays until a message is matched.
        var filled = Array(source)
        var variables: [String] = []
        for slot in PatternSlots.find(in: source).reversed() {
            guard slot.name.hasPrefix(RuleFileParser.botValuePrefix) else {
                variables.insert(slot.name, at: 0)
                continue
            }
            let key = String(slot.name.dropFirst(RuleFileParser.botValuePrefix.count))
            guard let value = syntax.botValues[key]?.value else {
                diagnostics.append(.error(.unknownReference, at: location.movedRight(by: slot.offset), "`{$\(slot.name)}`: no `bot \(key) = ...` line declares it"))
                return nil
            }
            filled.replaceSubrange(slot.offset..<(slot.offset + slot.length), with: WordPattern.escape(value))
        }
        let expansion: ListExpansion
        do throws(WordPatternError) {
            expansion = try ListExpansion(String(filled), lists: lists)
        } catch {
            diagnostics.append(.error(.pattern, at: location.movedRight(by: error.offset), error.message))
            return nil
        }
        do throws(PatternError) {
            // With variables, the pattern is compiled again for each message; this one (with the
            // variables empty) finds mistakes now and counts the groups.
            let probe = PatternSlots.filling(expansion.pattern, names: variables) { _ in "" }
            let pattern = try Pattern(probe, options: flags, limits: options.matchLimits)
            let nested = QuantifierLint.nestedUnboundedQuantifiers(in: source)
            for offset in nested {
                diagnostics.append(.warning(.nestedQuantifier, at: location.movedRight(by: offset), "nested unbounded quantifiers (a repeated group that itself repeats without bound) can backtrack catastrophically; make the inner or outer repetition bounded, possessive or atomic"))
            }
            for (offset, shape) in BacktrackingShapeLint.findings(in: source) where !nested.contains(offset) {
                let message =
                    switch shape {
                    case .overlappingAlternatives: "a repeated group whose alternatives can match the same text (such as `(a|aa)*`) can backtrack catastrophically; make the alternatives exclusive, or the group atomic `(?>...)` or possessive `*+`"
                    case .leadingWildcard: "a repeated group that starts with an unbounded wildcard (such as `(.*a){8}`) can backtrack catastrophically; use a narrower class such as `[^a]*a`, or make the wildcard possessive `.*+` or the group atomic `(?>...)`"
                    }
                diagnostics.append(.warning(.catastrophicBacktracking, at: location.movedRight(by: offset), message))
            }
            return CompiledRule.CompiledPattern(pattern: pattern, location: location, written: source, regex: expansion.pattern, specificity: .ofRegex(source), variables: variables)
        } catch {
            diagnostics.append(.error(.pattern, at: location.movedRight(by: expansion.sourceOffset(of: error.characterOffset)), error.message))
            return nil
        }
    }

    /// A RiveScript trigger (see ``TriggerPattern``), compiled as the `match` it stands for.
    private mutating func compileTrigger(_ source: String, flags: PatternOptions, at location: SourceLocation) -> CompiledRule.CompiledPattern? {
        switch TriggerPattern.regex(for: source, lists: lists) {
        case .failure(let error):
            diagnostics.append(.error(.pattern, at: location.movedRight(by: error.offset), error.message))
            return nil
        case .success(let regex):
            let errorsBefore = diagnostics.count
            guard let compiled = compileRegex(regex, flags: flags.subtracting([.extended]), at: location) else {
                // The translation's own column means nothing to the author: point at the trigger.
                for index in errorsBefore..<diagnostics.count { diagnostics[index].location = location }
                return nil
            }
            return CompiledRule.CompiledPattern(
                pattern: compiled.pattern, location: location, written: source, regex: compiled.regex,
                specificity: .ofTrigger(source), variables: compiled.variables)
        }
    }

    private mutating func compileWords(_ source: String, flags: PatternOptions, at location: SourceLocation) -> CompiledRule.CompiledPattern? {
        switch WordPattern.regex(for: source, lists: lists) {
        case .failure(let error):
            diagnostics.append(.error(.pattern, at: location.movedRight(by: error.offset), error.message))
            return nil
        case .success(let regex):
            do throws(PatternError) {
                return CompiledRule.CompiledPattern(pattern: try Pattern(regex, options: flags.subtracting([.extended]), limits: options.matchLimits), location: location, written: source, regex: regex, specificity: .ofWords(source))
            } catch {
                diagnostics.append(.error(.pattern, at: location, "this word pattern does not compile: \(error.message)"))
                return nil
            }
        }
    }

    // MARK: Cross-references and warnings

    /// Every `{N}` and `{name}` a template reads must be a group of the rule's patterns: one
    /// that none has is an error (it would always be empty), one that only some have a warning.
    private mutating func checkCaptures(patterns: [CompiledRule.CompiledPattern], replies: [Reply], assignments: [CompiledRule.Assignment], block: RuleFileSyntax.Block) {
        var templates: [(Template, SourceLocation)] = []
        for reply in replies { templates += reply.templates.map { ($0, reply.location) } }
        let setLines = block.body.filter { $0.directive == "set" }
        for (index, assignment) in assignments.enumerated() {
            templates.append((assignment.value, index < setLines.count ? setLines[index].argumentLocation : block.location))
        }
        let what = patterns.count == 1 ? "the pattern" : "the \(patterns.count) patterns"
        var reported: Set<String> = []
        for (template, location) in templates {
            for number in template.capturesRead where number > 0 {
                let having = patterns.filter { $0.pattern.captureCount >= number }.count
                guard having < patterns.count || patterns.isEmpty, reported.insert("\(number)").inserted else { continue }
                if patterns.isEmpty {
                    diagnostics.append(.error(.unknownCapture, at: location, "`{\(number)}`: this \(block.kind.displayName) has no pattern, so it has no captures (only `{0}`, the whole message); remove the slot or add a `match` with groups"))
                } else if having == 0 {
                    let most = patterns.map(\.pattern.captureCount).max() ?? 0
                    diagnostics.append(.error(.unknownCapture, at: location, "`{\(number)}`: \(what) \(patterns.count == 1 ? "has" : "have at most") \(most) capture group\(most == 1 ? "" : "s"), so it would always be empty; use a group that exists or add `( )` to the pattern"))
                } else {
                    diagnostics.append(.warning(.unknownCapture, at: location, "`{\(number)}` is empty when \(patterns.count - having) of \(what) match\(patterns.count - having == 1 ? "es" : ""), which \(patterns.count - having == 1 ? "has" : "have") fewer groups"))
                }
            }
            for name in template.namedCapturesRead {
                let having = patterns.filter { $0.pattern.groupNumbers[name] != nil }.count
                guard having < patterns.count || patterns.isEmpty, reported.insert(name).inserted else { continue }
                if having == 0 {
                    diagnostics.append(.error(.unknownCapture, at: location, "`{\(name)}`: no group `(?<\(name)>...)` in \(patterns.isEmpty ? "this \(block.kind.displayName), which has no pattern" : what), so it would always be empty; name a group or write `{$\(name)}` for a variable"))
                } else {
                    diagnostics.append(.warning(.unknownCapture, at: location, "`{\(name)}` is empty when a pattern without a `(?<\(name)>...)` group matches"))
                }
            }
        }
    }

    private mutating func checkReferences(_ rules: [CompiledRule], rulesByName: [String: Int], rulesByKeyword: [String: [Int]]) {
        for rule in rules {
            let templates = rule.replies.flatMap { reply in reply.templates.map { ($0, reply.location) } } + rule.assignments.map { ($0.value, rule.location) }
            for (template, location) in templates {
                for name in template.functionsCalled where syntax.functions[name] == nil {
                    diagnostics.append(.error(.unknownReference, at: location, "`{call: \(name) …}`: no `function \(name) = exec:COMMAND` (or `webhook:URL`) line declares it"))
                }
            }
            for reply in rule.replies {
                guard case .goto(let target, _) = reply.action else { continue }
                if rulesByName[target] == nil, rulesByKeyword[target.uppercased()] == nil {
                    diagnostics.append(.error(.unknownReference, at: reply.location, "`=> goto \(target)`: no rule is named \(target) and no rule has the keyword \(target)"))
                }
            }
        }
    }

    private mutating func warnAboutVariablesAndTopics(_ rules: [CompiledRule], slots: Set<String>) {
        let assigned = Set(rules.flatMap { $0.assignments.map(\.variable) }).union(slots)
        // `set fav_{1} = ...` may set any variable that starts `fav_`.
        let builtPrefixes = rules.flatMap { $0.assignments.compactMap { $0.builtName.map { TemplateValues.variableName($0.leadingText) } } }
        var reported: Set<String> = []
        // A form's own lines are checked with its slots (see `checkForms`).
        for rule in rules where rule.kind != .form {
            var reads: [(String, SourceLocation)] = []
            for reply in rule.replies { reads += reply.templates.flatMap(\.variablesRead).map { ($0, reply.location) } }
            for assignment in rule.assignments { reads += assignment.value.variablesRead.map { ($0, rule.location) } }
            if let condition = rule.condition { reads += condition.variablesRead.map { ($0, rule.location) } }
            for pattern in rule.patterns + [rule.previous].compactMap({ $0 }) { reads += pattern.variables.map { ($0, pattern.location) } }
            for (name, location) in reads where name.hasPrefix(RuleFileParser.botValuePrefix) {
                let value = String(name.dropFirst(RuleFileParser.botValuePrefix.count))
                if syntax.botValues[value] == nil {
                    diagnostics.append(.error(.unknownReference, at: location, "`$\(name)`: no `bot \(value) = ...` line declares it"))
                }
            }
            for (name, location) in reads where !assigned.contains(name) && !builtPrefixes.contains(where: { name.hasPrefix($0) }) && !name.hasPrefix(RuleFileParser.botValuePrefix) && !Self.builtInVariables.contains(name) && !name.hasPrefix(RuleFileParser.userDataPrefix) && !name.hasPrefix(RuleFileParser.customerPrefix) && !reported.contains(name) {
                reported.insert(name)
                diagnostics.append(.warning(.undefinedVariable, at: location, "variable $\(name) is read but never set by any `set` line (built-ins are \(Self.builtInVariables.filter { !$0.hasPrefix("input") && !$0.hasPrefix("reply") }.sorted().joined(separator: ", ")), input1-9 and reply1-9); it is always empty"))
            }
        }
        var entered = Set(rules.compactMap { if case .enter(let name)? = $0.topicChange { name } else { nil } })
        var queue = Array(entered)
        while let topic = queue.popLast() {
            let relation = syntax.topicRelations[topic]
            for other in (relation?.includes ?? []) + (relation?.inherits ?? []) where entered.insert(other).inserted { queue.append(other) }
        }
        let topicsWithRules = Set(rules.compactMap(\.topic))
        for (topic, location) in syntax.topics.sorted(by: { $0.value < $1.value }) {
            if !entered.contains(topic) {
                diagnostics.append(.warning(.unusedTopic, at: location, "topic \(topic) is never entered (no rule has `enter-topic \(topic)`), so its rules never fire"))
            } else if !topicsWithRules.contains(topic) {
                diagnostics.append(.warning(.unusedTopic, at: location, "topic \(topic) has no rules"))
            }
        }
    }
}
