/// The bounds every match runs under, so that one catastrophic pattern cannot stall a server.
///
/// A pattern such as `^(a+)+$` against `"aaaa…b"` backtracks exponentially; with these limits the
/// match gives up with ``MatchFailure`` in about a millisecond instead.
package struct MatchLimits: Hashable, Sendable {
    /// How many times PCRE2 may call its internal match function per start position
    /// (`pcre2_set_match_limit`). Bounds both the interpreter and JIT code.
    package var matchLimit: UInt32
    /// How deep the interpreter may backtrack (`pcre2_set_depth_limit`); JIT is bounded by its stack.
    package var depthLimit: UInt32
    /// Heap the interpreter may use for backtracking, in KiB (`pcre2_set_heap_limit`).
    package var heapLimitKiB: UInt32
    /// Subjects longer than this many UTF-8 bytes are refused before matching: the match limit
    /// applies per start position, so a long subject multiplies the work.
    package var maximumSubjectBytes: Int

    package init(matchLimit: UInt32 = 100_000, depthLimit: UInt32 = 5_000, heapLimitKiB: UInt32 = 2_048, maximumSubjectBytes: Int = 8_192) {
        self.matchLimit = matchLimit
        self.depthLimit = depthLimit
        self.heapLimitKiB = heapLimitKiB
        self.maximumSubjectBytes = maximumSubjectBytes
    }

    package static let `default` = MatchLimits()
}

/// The bounds on patterns themselves, applied when they are compiled.
package struct CompileLimits: Hashable, Sendable {
    /// Longest accepted pattern, in UTF-8 bytes.
    package var maximumPatternBytes: Int
    /// Deepest accepted nesting of parentheses.
    package var parenthesesNestLimit: UInt32

    package init(maximumPatternBytes: Int = 16_384, parenthesesNestLimit: UInt32 = 64) {
        self.maximumPatternBytes = maximumPatternBytes
        self.parenthesesNestLimit = parenthesesNestLimit
    }

    package static let `default` = CompileLimits()
}
