/// Finds text that any match of a PCRE2 pattern must contain, so a rule whose text is absent
/// from a message can be skipped without running its pattern.
///
/// Conservative by construction: when a construct is not understood, the answer is "nothing is
/// required" and the pattern always runs. Literals are ASCII, lower-cased, at least three
/// characters long; the requirement is "one of these".
enum RequiredLiterals {
    /// The shortest literal worth indexing (one trigram).
    static let minimumLength = 3

    /// One of these strings (lower-case ASCII) occurs in every match; `nil` when unknown.
    static func of(_ pattern: String, extended: Bool) -> [String]? {
        guard !extended else { return nil }
        var parser = Parser(characters: Array(pattern))
        guard let requirement = parser.parseAlternation(), parser.position == parser.characters.count else { return nil }
        return requirement
    }

    private struct Parser {
        let characters: [Character]
        var position = 0

        /// `a|b|c` up to a `)` or the end: one of each branch's requirements.
        mutating func parseAlternation() -> [String]?? {
            var branches: [[String]?] = []
            while true {
                guard let branch = parseSequence() else { return nil }
                branches.append(branch)
                if position < characters.count, characters[position] == "|" { position += 1; continue }
                break
            }
            if branches.contains(where: { $0 == nil }) { return .some(nil) }
            return .some(branches.flatMap { $0 ?? [] })
        }

        /// A sequence of items: its best requirement (`.some(nil)`: none; `nil`: not understood).
        mutating func parseSequence() -> [String]?? {
            var run = ""
            var best: [String]?
            func consider(_ candidate: [String]?) {
                guard let candidate, !candidate.isEmpty, candidate.allSatisfy({ $0.count >= RequiredLiterals.minimumLength }) else { return }
                // Prefer a single literal, then the longest shortest member.
                func score(_ set: [String]) -> Int { (set.count == 1 ? 1_000 : 0) + (set.map(\.count).min() ?? 0) }
                if best == nil || score(candidate) > score(best ?? []) { best = candidate }
            }
            func endRun() {
                if run.count >= RequiredLiterals.minimumLength { consider([run]) }
                run = ""
            }
            func apply(_ step: LiteralStep) {
                switch step {
                case .end:
                    endRun()
                case .append(let character, let thenEnd):
                    run.append(character)
                    if thenEnd { endRun() }
                }
            }
            while position < characters.count {
                let character = characters[position]
                switch character {
                case "|", ")":
                    endRun()
                    return .some(best)
                case "(":
                    endRun()
                    guard let group = parseGroup() else { return nil }
                    let quantifier = readQuantifier()
                    if quantifier.isOptional { continue }
                    if let group { consider(group) }
                case "\\":
                    guard position + 1 < characters.count else { return nil }
                    let escaped = characters[position + 1]
                    position += 2
                    if escaped == "Q" || escaped == "E" { return nil }
                    if escaped.isASCII, !escaped.isLetter, !escaped.isNumber {
                        // An escaped punctuation character stands for itself.
                        apply(literalStep(escaped))
                    } else {
                        // Classes, assertions, back references, \x.. and the like: not literal.
                        if escaped == "p" || escaped == "P" || escaped == "x" || escaped == "k" || escaped == "g" || escaped == "N" || escaped == "o" {
                            skipBraces()
                        }
                        endRun()
                        _ = readQuantifier()
                    }
                case "[":
                    endRun()
                    guard skipClass() else { return nil }
                    _ = readQuantifier()
                case ".", "^", "$":
                    endRun()
                    position += 1
                    _ = readQuantifier()
                case "*", "+", "?", "{":
                    // A quantifier with nothing before it in this run: not understood.
                    return nil
                default:
                    position += 1
                    apply(literalStep(character))
                }
            }
            endRun()
            return .some(best)
        }

        enum LiteralStep {
            /// The run of literal text ends here.
            case end
            /// The character continues the run (which ends after it if it repeats).
            case append(Character, thenEnd: Bool)
        }

        /// What a literal character does to the current run, given the quantifier after it.
        mutating func literalStep(_ character: Character) -> LiteralStep {
            guard let ascii = character.asciiValue, ascii >= 32, ascii < 127 else {
                _ = readQuantifier()
                return .end
            }
            let quantifier = readQuantifier()
            if quantifier.isOptional { return .end }
            let lower = (65...90).contains(ascii) ? ascii + 32 : ascii
            return .append(Character(Unicode.Scalar(lower)), thenEnd: quantifier.repeats)
        }

        struct Quantifier {
            var isOptional = false
            var repeats = false
        }

        /// Reads `? * + {n} {n,} {n,m}` (with a lazy or possessive suffix) if one follows.
        mutating func readQuantifier() -> Quantifier {
            guard position < characters.count else { return Quantifier() }
            var quantifier = Quantifier()
            switch characters[position] {
            case "?": quantifier.isOptional = true; position += 1
            case "*": quantifier.isOptional = true; position += 1
            case "+": quantifier.repeats = true; position += 1
            case "{":
                guard let close = characters[position...].firstIndex(of: "}") else { return quantifier }
                let inside = String(characters[(position + 1)..<close])
                let bounds = inside.split(separator: ",", omittingEmptySubsequences: false)
                guard let low = Int(bounds.first ?? ""), bounds.count <= 2, bounds.dropFirst().allSatisfy({ $0.isEmpty || Int($0) != nil }) else {
                    return quantifier  // not a quantifier: PCRE2 reads it as literal text
                }
                quantifier.isOptional = low == 0
                quantifier.repeats = true
                position = close + 1
            default:
                return quantifier
            }
            if position < characters.count, characters[position] == "?" || characters[position] == "+" { position += 1 }
            return quantifier
        }

        /// A group, from its `(`: its requirement, `.some(nil)` for none, `nil` if not understood.
        mutating func parseGroup() -> [String]?? {
            position += 1
            if position < characters.count, characters[position] == "?" {
                let rest = String(characters[position..<min(characters.count, position + 4)])
                if rest.hasPrefix("?:") {
                    position += 2
                } else if rest.hasPrefix("?=") || rest.hasPrefix("?!") || rest.hasPrefix("?<=") || rest.hasPrefix("?<!") {
                    // A lookaround matches nothing itself: skip it.
                    position += rest.hasPrefix("?<") ? 3 : 2
                    guard parseAlternation() != nil, position < characters.count, characters[position] == ")" else { return nil }
                    position += 1
                    return .some(nil)
                } else if rest.hasPrefix("?<") || rest.hasPrefix("?P<") || rest.hasPrefix("?'") {
                    guard let close = characters[position...].firstIndex(where: { $0 == ">" || ($0 == "'" && rest.hasPrefix("?'")) && true }),
                        close > position + 1
                    else { return nil }
                    position = close + 1
                } else {
                    return nil  // inline options, atomic groups, conditionals, ...: not understood
                }
            }
            guard let requirement = parseAlternation(), position < characters.count, characters[position] == ")" else { return nil }
            position += 1
            return .some(requirement)
        }

        /// Skips a character class from its `[`; false if it does not end.
        mutating func skipClass() -> Bool {
            var index = position + 1
            if index < characters.count, characters[index] == "^" { index += 1 }
            if index < characters.count, characters[index] == "]" { index += 1 }
            while index < characters.count, characters[index] != "]" {
                if characters[index] == "[", index + 1 < characters.count, characters[index + 1] == ":" {
                    guard let close = characters[index...].firstIndex(of: "]") else { return false }
                    index = close + 1
                    continue
                }
                index += characters[index] == "\\" ? 2 : 1
            }
            guard index < characters.count else { return false }
            position = index + 1
            return true
        }

        mutating func skipBraces() {
            if position < characters.count, characters[position] == "{", let close = characters[position...].firstIndex(of: "}") {
                position = close + 1
            } else if position < characters.count, characters[position] == "<", let close = characters[position...].firstIndex(of: ">") {
                position = close + 1
            }
        }
    }
}
