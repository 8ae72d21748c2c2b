import LineFormat

/// A `when` condition: variables compared with values, joined by `and` / `or`, negated by `not`.
///
/// `$order`, `not $order`, `$topic = refunds`, `$tries >= 3`, `$turn % 4 = 3`,
/// `$plan = "gold" or $vip`. `and` binds tighter than `or`.
indirect enum Condition: Hashable, Sendable {
    enum Operand: Hashable, Sendable {
        case variable(String, modulo: Int?)
        case literal(String)
        /// `{1}` or `{name}`: what the rule's pattern captured (the condition is then tried
        /// after the pattern matched).
        case capture(String)
    }

    enum Comparison: String, Hashable, Sendable, CaseIterable {
        case equal = "=", notEqual = "!=", lessOrEqual = "<=", greaterOrEqual = ">=", less = "<", greater = ">"

        /// Numbers compare as numbers, anything else as lower-cased text.
        func holds<Value: Comparable>(_ a: Value, _ b: Value) -> Bool {
            switch self {
            case .equal: a == b
            case .notEqual: a != b
            case .less: a < b
            case .lessOrEqual: a <= b
            case .greater: a > b
            case .greaterOrEqual: a >= b
            }
        }
    }

    case all([Condition])
    case any([Condition])
    case not(Condition)
    case isSet(Operand)
    case compare(Operand, Comparison, Operand)

    var variablesRead: [String] {
        switch self {
        case .all(let conditions), .any(let conditions): conditions.flatMap(\.variablesRead)
        case .not(let condition): condition.variablesRead
        case .isSet(let operand): Self.variables(in: operand)
        case .compare(let left, _, let right): Self.variables(in: left) + Self.variables(in: right)
        }
    }

    private static func variables(in operand: Operand) -> [String] {
        if case .variable(let name, _) = operand { [name] } else { [] }
    }

    /// The captures the condition reads (`"1"`, `"name"`).
    var capturesRead: [String] {
        switch self {
        case .all(let conditions), .any(let conditions): conditions.flatMap(\.capturesRead)
        case .not(let condition): condition.capturesRead
        case .isSet(let operand): Self.captures(in: operand)
        case .compare(let left, _, let right): Self.captures(in: left) + Self.captures(in: right)
        }
    }

    private static func captures(in operand: Operand) -> [String] {
        if case .capture(let name) = operand { [name] } else { [] }
    }

    func evaluate(_ variable: (String) -> String?, capture: (String) -> String? = { _ in nil }) -> Bool {
        switch self {
        case .all(let conditions): return conditions.allSatisfy { $0.evaluate(variable, capture: capture) }
        case .any(let conditions): return conditions.contains { $0.evaluate(variable, capture: capture) }
        case .not(let condition): return !condition.evaluate(variable, capture: capture)
        case .isSet(let operand): return !(Self.value(operand, variable, capture) ?? "").isEmpty
        case .compare(let left, let comparison, let right):
            let lhs = Self.value(left, variable, capture) ?? "", rhs = Self.value(right, variable, capture) ?? ""
            if let a = Double(lhs), let b = Double(rhs) { return comparison.holds(a, b) }
            return comparison.holds(lhs.lowercased(), rhs.lowercased())
        }
    }

    private static func value(_ operand: Operand, _ variable: (String) -> String?, _ capture: (String) -> String?) -> String? {
        switch operand {
        case .literal(let text): return text
        case .capture(let name): return capture(name)
        case .variable(let name, let modulo):
            guard let value = variable(name) else { return nil }
            guard let modulo else { return value }
            guard let number = Int(value) else { return nil }
            return String(((number % modulo) + modulo) % modulo)
        }
    }

    // MARK: Parsing

    private struct Token {
        var text: String
        var quoted: Bool
        var offset: Int
    }

    /// Parses a condition; `location` is where `text` starts.
    static func parse(_ text: String, at location: SourceLocation) throws(TemplateError) -> Condition {
        let tokens = try tokenize(text, at: location)
        guard !tokens.isEmpty else { throw TemplateError(location: location, message: "`when` needs a condition, such as `when $order` or `when $topic = refunds`") }
        var position = 0
        let condition = try parseOr(tokens, &position, location)
        if position < tokens.count {
            let token = tokens[position].text
            let hint = token == "&&" ? "; write `and` instead of `&&`" : token == "||" ? "; write `or` instead of `||`" : "; join conditions with `and` or `or`"
            throw TemplateError(location: location.movedRight(by: tokens[position].offset), message: "unexpected `\(token)` in the condition\(hint)")
        }
        return condition
    }

    private static func parseOr(_ tokens: [Token], _ position: inout Int, _ location: SourceLocation) throws(TemplateError) -> Condition {
        var terms = [try parseAnd(tokens, &position, location)]
        while position < tokens.count, !tokens[position].quoted, tokens[position].text == "or" {
            position += 1
            terms.append(try parseAnd(tokens, &position, location))
        }
        return terms.count == 1 ? terms[0] : .any(terms)
    }

    private static func parseAnd(_ tokens: [Token], _ position: inout Int, _ location: SourceLocation) throws(TemplateError) -> Condition {
        var terms = [try parseTerm(tokens, &position, location)]
        while position < tokens.count, !tokens[position].quoted, tokens[position].text == "and" {
            position += 1
            terms.append(try parseTerm(tokens, &position, location))
        }
        return terms.count == 1 ? terms[0] : .all(terms)
    }

    private static func parseTerm(_ tokens: [Token], _ position: inout Int, _ location: SourceLocation) throws(TemplateError) -> Condition {
        guard position < tokens.count else {
            throw TemplateError(location: location.movedRight(by: tokens.last.map { $0.offset + $0.text.count } ?? 0), message: "the condition ends too early; something must follow `and`, `or` or `not`")
        }
        if !tokens[position].quoted, tokens[position].text == "not" {
            position += 1
            return .not(try parseTerm(tokens, &position, location))
        }
        let left = try parseOperand(tokens, &position, location)
        if position < tokens.count, !tokens[position].quoted, let comparison = Comparison(rawValue: tokens[position].text) {
            position += 1
            guard position < tokens.count else {
                throw TemplateError(location: location.movedRight(by: tokens[position - 1].offset), message: "`\(comparison.rawValue)` needs a value after it")
            }
            return .compare(left, comparison, try parseOperand(tokens, &position, location))
        }
        return .isSet(left)
    }

    private static func parseOperand(_ tokens: [Token], _ position: inout Int, _ location: SourceLocation) throws(TemplateError) -> Operand {
        let token = tokens[position]
        position += 1
        if token.quoted { return .literal(token.text) }
        if ["and", "or", "not"].contains(token.text) || Comparison(rawValue: token.text) != nil || token.text == "%" {
            throw TemplateError(location: location.movedRight(by: token.offset), message: "expected a $variable or a value, found `\(token.text)`")
        }
        if token.text.hasPrefix("{"), token.text.hasSuffix("}"), token.text.count > 2 {
            let name = String(token.text.dropFirst().dropLast())
            guard Int(name).map({ (0..<100).contains($0) }) ?? (RuleFileParser.validName(name) != nil) else {
                throw TemplateError(location: location.movedRight(by: token.offset), message: "`\(token.text)` is not a capture; write `{1}` for the first group or `{name}` for `(?<name>...)`")
            }
            return .capture(name)
        }
        guard token.text.hasPrefix("$") else { return .literal(token.text) }
        let name = String(token.text.dropFirst())
        guard RuleFileParser.validVariableName(name) != nil else {
            throw TemplateError(location: location.movedRight(by: token.offset), message: "`\(token.text)` is not a variable name")
        }
        if position < tokens.count, !tokens[position].quoted, tokens[position].text == "%" {
            guard position + 1 < tokens.count, let modulo = Int(tokens[position + 1].text), modulo > 0 else {
                throw TemplateError(location: location.movedRight(by: tokens[position].offset), message: "`%` needs a positive whole number after it, such as `$turn % 4 = 3`")
            }
            position += 2
            return .variable(name, modulo: modulo)
        }
        return .variable(name, modulo: nil)
    }

    private static func tokenize(_ text: String, at location: SourceLocation) throws(TemplateError) -> [Token] {
        var tokens: [Token] = []
        let characters = Array(text)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character == " " || character == "\t" { index += 1; continue }
            if character == "\"" {
                guard let close = characters[(index + 1)...].firstIndex(of: "\"") else {
                    throw TemplateError(location: location.movedRight(by: index), message: "the quoted value is not closed with `\"`")
                }
                tokens.append(Token(text: String(characters[(index + 1)..<close]), quoted: true, offset: index))
                index = close + 1
                continue
            }
            if character == "=", index + 1 < characters.count, characters[index + 1] == "=" {
                throw TemplateError(location: location.movedRight(by: index), message: "`==` is not an operator here; conditions compare with a single `=`, such as `$plan = gold`")
            }
            if "=!<>%".contains(character) {
                var op = String(character)
                if index + 1 < characters.count, characters[index + 1] == "=", character != "=", character != "%" { op.append("=");  }
                if op == "!" { throw TemplateError(location: location.movedRight(by: index), message: "`!` must be `!=`; write `not $name` for negation") }
                tokens.append(Token(text: op, quoted: false, offset: index))
                index += op.count
                continue
            }
            let start = index
            while index < characters.count, !" \t\"=!<>%".contains(characters[index]) { index += 1 }
            tokens.append(Token(text: String(characters[start..<index]), quoted: false, offset: start))
        }
        return tokens
    }
}
