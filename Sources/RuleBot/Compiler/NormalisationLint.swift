import LineFormat
import PCRE2

/// Finds patterns that `option normalise punctuation` makes impossible: a pattern that needs
/// text with punctuation (`^what's up\?$`, `hello, world`) never sees any, since every message
/// loses its punctuation before matching.
enum NormalisationLint {
    static func findings(_ rules: [CompiledRule], options: RuleBookOptions) -> [SourceDiagnostic] {
        guard options.normalisation.contains(.punctuation) else { return [] }
        var diagnostics: [SourceDiagnostic] = []
        for rule in rules {
            for pattern in rule.patterns where pattern.variables.isEmpty {
                guard let required = RequiredLiterals.of(pattern.regex, extended: pattern.pattern.options.contains(.extended)), !required.isEmpty,
                    required.allSatisfy({ $0.contains(where: isRemoved) })
                else { continue }
                let characters = Set(required.joined().filter(isRemoved)).sorted().map { "`\($0)`" }.joined(separator: " ")
                diagnostics.append(
                    .warning(
                        .normalisedAway, at: pattern.location,
                        "this pattern needs \(characters), but `option normalise punctuation` removes punctuation from every message first, so it never matches; write the pattern without it (`whats` for `what's`)"))
            }
        }
        return diagnostics
    }

    /// Whether `option normalise punctuation` removes the character (spaces stay, as one).
    private static func isRemoved(_ character: Character) -> Bool {
        !(character.isLetter || character.isNumber || character == " ")
    }
}
