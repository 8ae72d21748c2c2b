import LineFormat

/// Finds `substitute` and `swap` entries that can never apply to a message: one whose words an
/// earlier entry of the same kind already has (the first wins), a `swap` whose words a
/// `substitute` has (substitutions come first, and a substituted word is not swapped again), and
/// one with a character that `option clauses` cuts messages at (no word of a message holds it).
enum SubstitutionLint {
    static func findings(_ syntax: RuleFileSyntax, clauseCharacters: Set<Character>) -> [SourceDiagnostic] {
        var diagnostics: [SourceDiagnostic] = []
        var substituted: [[String]: SourceLocation] = [:]
        for (kind, entries) in [("substitute", syntax.substitutions), ("swap", syntax.swaps)] {
            var seen: [[String]: SourceLocation] = [:]
            for entry in entries {
                let key = entry.from.map { $0.uppercased() }
                let written = entry.from.joined(separator: " ")
                if let earlier = seen[key] {
                    diagnostics.append(.warning(.inertSubstitution, at: entry.location, "`\(kind) \(written)` never applies: the \(kind) at line \(earlier.line) has the same words and comes first; remove one"))
                } else if kind == "swap", let earlier = substituted[key] {
                    diagnostics.append(.warning(.inertSubstitution, at: entry.location, "`swap \(written)` never applies: `substitute` at line \(earlier.line) rewrites these words first, and a substituted word is not swapped again; remove one"))
                } else if let cut = entry.from.joined().first(where: clauseCharacters.contains) {
                    diagnostics.append(.warning(.inertSubstitution, at: entry.location, "`\(kind) \(written)` never applies: `option clauses` cuts messages at `\(cut)`, so no word of a message holds it"))
                }
                if seen[key] == nil { seen[key] = entry.location }
                if kind == "substitute", substituted[key] == nil { substituted[key] = entry.location }
            }
        }
        return diagnostics
    }
}
