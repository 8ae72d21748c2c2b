import Foundation
/// Finds groups with an unbounded quantifier inside that are themselves repeated without bound,
/// such as `(a+)+` or `(\w*\s?)*`: the shape of catastrophic backtracking.
enum QuantifierLint {
    /// Character offsets of the `(` of each such group.
    static func nestedUnboundedQuantifiers(in pattern: String) -> [Int] {
        let characters = Array(pattern)
        var stack: [(start: Int, unbounded: Bool)] = [(0, false)]
        var found: [Int] = []
        var index = 0

        /// Whether an unbounded quantifier starts at `position`, and its length.
        func unboundedQuantifier(at position: Int) -> Int? {
            guard position < characters.count else { return nil }
            if characters[position] == "*" || characters[position] == "+" { return 1 }
            if characters[position] == "{", let close = characters[position...].firstIndex(of: "}") {
                let inside = String(characters[(position + 1)..<close])
                if inside.hasSuffix(","), Int(inside.dropLast()) != nil { return close - position + 1 }
            }
            return nil
        }

        while index < characters.count {
            let character = characters[index]
            switch character {
            case "\\":
                index += 2
                if let length = unboundedQuantifier(at: index) { stack[stack.count - 1].unbounded = true; index += length }
                continue
            case "[":
                var end = index + 1
                if end < characters.count, characters[end] == "^" { end += 1 }
                if end < characters.count, characters[end] == "]" { end += 1 }
                while end < characters.count, characters[end] != "]" { end += characters[end] == "\\" ? 2 : 1 }
                index = end + 1
                if let length = unboundedQuantifier(at: index) { stack[stack.count - 1].unbounded = true; index += length }
                continue
            case "(":
                stack.append((index, false))
                index += 1
                continue
            case ")":
                guard stack.count > 1 else { index += 1; continue }
                let group = stack.removeLast()
                index += 1
                if let length = unboundedQuantifier(at: index) {
                    let possessive = index + length < characters.count && characters[index + length] == "+"
                    if group.unbounded, !possessive { found.append(group.start) }
                    stack[stack.count - 1].unbounded = true
                    index += length
                } else if group.unbounded {
                    stack[stack.count - 1].unbounded = true
                }
                continue
            default:
                index += 1
                if let length = unboundedQuantifier(at: index) { stack[stack.count - 1].unbounded = true; index += length }
            }
        }
        return found
    }
}

/// Finds two more shapes of catastrophic backtracking, in groups repeated more than once
/// (by `*`, `+`, `{2,}` or `{8}`; not possessive, not atomic):
/// - **overlapping alternatives**, `(a|aa)*` or `(\w|\d)+`: two alternatives can match the same
///   text, so a failing match tries every way of splitting the input between them;
/// - **a leading unbounded wildcard**, `(.*a){8}` or `([^,]*,)+`: each repetition can take any
///   share of the input, so a failing match tries every way of sharing it out.
enum BacktrackingShapeLint {
    enum Shape: Equatable {
        case overlappingAlternatives
        case leadingWildcard
    }

    /// One atom of a pattern, as far as "which characters can it match first" goes.
    private enum Atom {
        case literal(Character)
        case any
        /// `\d`, `\w`, `\s` (lower case) or their negations (upper case).
        case classEscape(Character)
        /// `[...]`: its text between the brackets.
        case bracket(String)
        /// A group or anything not understood: assumed to overlap everything.
        case unknown
    }

    /// The character offset of each repeated group's `(` with the shape found.
    static func findings(in pattern: String) -> [(offset: Int, shape: Shape)] {
        let characters = Array(pattern)
        var found: [(Int, Shape)] = []
        var stack: [Int] = []
        var index = 0
        while index < characters.count {
            switch characters[index] {
            case "\\": index += 2; continue
            case "[": index = endOfBracket(characters, from: index); continue
            case "(": stack.append(index)
            case ")":
                guard let open = stack.popLast() else { break }
                let (repeats, length) = quantifierRepeats(characters, at: index + 1)
                guard repeats else { break }
                let isAtomic = open + 2 < characters.count && characters[open + 1] == "?" && characters[open + 2] == ">"
                let possessive = index + 1 + length < characters.count && characters[index + 1 + length] == "+"
                guard !isAtomic, !possessive else { break }
                let content = Array(characters[min(contentStart(characters, open), index)..<index])
                if startsWithUnboundedWildcard(content) {
                    found.append((open, .leadingWildcard))
                } else if alternativesOverlap(content) {
                    found.append((open, .overlappingAlternatives))
                }
            default: break
            }
            index += 1
        }
        return found
    }

    /// Where a group's content starts: after `(`, `(?:`, `(?<name>`, `(?'name'`, `(?P<name>`, `(?i)`.
    private static func contentStart(_ characters: [Character], _ open: Int) -> Int {
        var start = open + 1
        guard start < characters.count, characters[start] == "?" else { return start }
        start += 1
        if start < characters.count, characters[start] == "P" { start += 1 }
        // Lookbehind `(?<=` / `(?<!`: the content starts after the marker, not at a name's end.
        if start + 1 < characters.count, characters[start] == "<", characters[start + 1] == "=" || characters[start + 1] == "!" { return start + 2 }
        if start < characters.count, characters[start] == "<" || characters[start] == "'" {
            let close: Character = characters[start] == "<" ? ">" : "'"
            if let end = characters[(start + 1)...].firstIndex(of: close) { return end + 1 }
        }
        while start < characters.count, characters[start].isLetter || characters[start] == "-" { start += 1 }
        if start < characters.count, characters[start] == ":" { start += 1 }
        return start
    }

    /// The index just after the `]` closing the class that starts at `start`.
    private static func endOfBracket(_ characters: [Character], from start: Int) -> Int {
        var end = start + 1
        if end < characters.count, characters[end] == "^" { end += 1 }
        if end < characters.count, characters[end] == "]" { end += 1 }
        while end < characters.count, characters[end] != "]" { end += characters[end] == "\\" ? 2 : 1 }
        return end + 1
    }

    /// Whether the quantifier at `position` lets its atom repeat twice or more, and its length.
    private static func quantifierRepeats(_ characters: [Character], at position: Int) -> (Bool, Int) {
        guard position < characters.count else { return (false, 0) }
        switch characters[position] {
        case "*", "+": return (true, 1)
        case "{":
            guard let close = characters[position...].firstIndex(of: "}") else { return (false, 0) }
            let bounds = String(characters[(position + 1)..<close]).split(separator: ",", omittingEmptySubsequences: false)
            guard (1...2).contains(bounds.count), let lower = Int(bounds[0].trimmingCharacters(in: .whitespaces)) else { return (false, 0) }
            let upper = bounds.count == 1 ? lower : (bounds[1].trimmingCharacters(in: .whitespaces).isEmpty ? Int.max : Int(bounds[1].trimmingCharacters(in: .whitespaces)) ?? 0)
            return (upper >= 2, close - position + 1)
        default: return (false, 0)
        }
    }

    private static func startsWithUnboundedWildcard(_ content: [Character]) -> Bool {
        guard let (atom, length) = atom(content, at: 0) else { return false }
        let broad: Bool =
            switch atom {
            case .any: true
            case .classEscape(let letter): letter.isUppercase
            case .bracket(let text): text.hasPrefix("^")
            default: false
            }
        guard broad, length < content.count else { return false }
        let quantifier = content[length]
        let unbounded = quantifier == "*" || quantifier == "+" || (quantifier == "{" && (content[length...].firstIndex(of: "}").map { content[$0 - 1] == "," } ?? false))
        let possessive = length + 1 < content.count && content[length + 1] == "+"
        return unbounded && !possessive
    }

    private static func alternativesOverlap(_ content: [Character]) -> Bool {
        let alternatives = splitAlternatives(content)
        guard alternatives.count >= 2 else { return false }
        let sequences = alternatives.map(atoms)
        for a in 0..<sequences.count {
            for b in (a + 1)..<sequences.count {
                let (first, second) = (sequences[a], sequences[b])
                // An empty alternative, or one that can match the start of what the other does.
                if first.isEmpty || second.isEmpty { return true }
                if zip(first, second).allSatisfy({ intersects($0, $1) }) { return true }
            }
        }
        return false
    }

    /// The top-level alternatives of a group's content.
    private static func splitAlternatives(_ content: [Character]) -> [[Character]] {
        var alternatives: [[Character]] = [], current: [Character] = [], depth = 0, index = 0
        while index < content.count {
            let character = content[index]
            if character == "\\", index + 1 < content.count {
                current += [character, content[index + 1]]; index += 2; continue
            }
            if character == "[" {
                let end = min(endOfBracket(content, from: index), content.count)
                current += content[index..<end]; index = end; continue
            }
            if character == "(" { depth += 1 }
            if character == ")" { depth -= 1 }
            if character == "|", depth == 0 { alternatives.append(current); current = [] } else { current.append(character) }
            index += 1
        }
        alternatives.append(current)
        return alternatives
    }

    /// The atoms of an alternative, quantifiers and zero-width anchors left out.
    private static func atoms(_ content: [Character]) -> [Atom] {
        var result: [Atom] = []
        var index = 0
        while index < content.count {
            guard let (atom, length) = atom(content, at: index) else { break }
            index += length
            if case .unknown = atom { result.append(atom); break }
            result.append(atom)
            while index < content.count, "*+?{".contains(content[index]) {
                if content[index] == "{", let close = content[index...].firstIndex(of: "}") { index = close + 1 } else { index += 1 }
            }
        }
        return result
    }

    /// The atom at `index` and its length; zero-width `^`, `$`, `\b`, `\B` are skipped over.
    private static func atom(_ content: [Character], at start: Int) -> (Atom, Int)? {
        var index = start
        while index < content.count {
            let character = content[index]
            switch character {
            case "^", "$": index += 1; continue
            case "\\":
                guard index + 1 < content.count else { return nil }
                let next = content[index + 1]
                if next == "b" || next == "B" { index += 2; continue }
                let atom: Atom = "dwsDWS".contains(next) ? .classEscape(next) : next.isLetter || next.isNumber ? .unknown : .literal(next)
                return (atom, index + 2 - start)
            case "[":
                let end = min(endOfBracket(content, from: index), content.count)
                return (.bracket(String(content[(index + 1)..<max(index + 1, end - 1)])), end - start)
            case ".": return (.any, index + 1 - start)
            case "(", ")", "|": return (.unknown, index + 1 - start)
            default: return (.literal(Character(character.lowercased())), index + 1 - start)
            }
        }
        return nil
    }

    private static func intersects(_ a: Atom, _ b: Atom) -> Bool {
        switch (a, b) {
        case (.literal(let x), .literal(let y)): return x == y
        case (.literal(let c), .classEscape(let e)), (.classEscape(let e), .literal(let c)): return escape(e, contains: c)
        case (.literal(let c), .bracket(let text)), (.bracket(let text), .literal(let c)): return bracket(text, contains: c)
        case (.classEscape(let x), .classEscape(let y)):
            if x == y { return true }
            if x.isUppercase != y.isUppercase { return Character(x.lowercased()) != Character(y.lowercased()) }
            // \d and \w overlap; \s overlaps neither; two negations always do.
            return x.isUppercase || Set([x, y]) == ["d", "w"]
        default: return true
        }
    }

    private static func escape(_ escape: Character, contains character: Character) -> Bool {
        let positive: Bool =
            switch Character(escape.lowercased()) {
            case "d": character.isNumber
            case "w": character.isLetter || character.isNumber || character == "_"
            default: character.isWhitespace
            }
        return escape.isUppercase ? !positive : positive
    }

    private static func bracket(_ text: String, contains character: Character) -> Bool {
        var members = Array(text)
        let negated = members.first == "^"
        if negated { members.removeFirst() }
        var index = 0, found = false
        while index < members.count {
            if members[index] == "\\" { found = true; break }  // an escape inside: assume it may contain it
            if index + 2 < members.count, members[index + 1] == "-" {
                if members[index] <= character && character <= members[index + 2] { found = true }
                index += 3
                continue
            }
            if Character(members[index].lowercased()) == character { found = true }
            index += 1
        }
        return negated ? !found : found
    }
}
