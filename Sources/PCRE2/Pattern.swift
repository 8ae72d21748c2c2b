import CPCRE2
import Locking

/// A PCRE2 regular expression, compiled once (UTF and UCP on, JIT where available) and then
/// matched from any number of threads.
///
/// - Important: offsets inside PCRE2 are UTF-8 bytes; everything this type returns is converted
///   to characters or `String`s.
package final class Pattern: @unchecked Sendable {
    // @unchecked: `code` is never modified after init (JIT compilation happens in init, before the
    // pattern can be shared), and PCRE2 documents compiled code as safe to share between threads;
    // every match uses its own match data (see `MatchScratch`).
    private let code: OpaquePointer
    private let matchContext: MatchContext
    /// The pattern's text, as written.
    package let source: String
    package let options: PatternOptions
    /// How many capturing groups the pattern has (not counting group 0, the whole match).
    package let captureCount: Int
    /// Named groups and their numbers.
    package let groupNumbers: [String: Int]
    /// Whether JIT compilation succeeded (matching works either way).
    package let isJITCompiled: Bool

    /// Compiles `source`.
    /// - Throws: ``PatternError`` with PCRE2's message and the offset in characters.
    package init(_ source: String, options: PatternOptions = [], limits: MatchLimits = .default, compileLimits: CompileLimits = .default) throws(PatternError) {
        let compileContext = pcre2_compile_context_create_8(nil)
        defer { pcre2_compile_context_free_8(compileContext) }
        pcre2_set_max_pattern_length_8(compileContext, compileLimits.maximumPatternBytes)
        pcre2_set_parens_nest_limit_8(compileContext, compileLimits.parenthesesNestLimit)

        var errorCode: Int32 = 0
        var errorOffset = 0
        let flags = options.rawValue | PCRE2_UTF | PCRE2_UCP | PCRE2_NEVER_BACKSLASH_C
        let bytes = Array(source.utf8)
        let compiled = bytes.withUnsafeBufferPointer { buffer in
            pcre2_compile_8(buffer.baseAddress ?? UnsafePointer(bitPattern: 1), buffer.count, flags, &errorCode, &errorOffset, compileContext)
        }
        guard let compiled else {
            let prefix = bytes.prefix(min(errorOffset, bytes.count))
            throw PatternError(code: errorCode, message: pcre2Message(errorCode), characterOffset: String(decoding: prefix, as: UTF8.self).count)
        }
        code = compiled
        isJITCompiled = pcre2_jit_compile_8(compiled, PCRE2_JIT_COMPLETE) == 0
        matchContext = MatchContext.shared(for: limits)
        self.source = source
        self.options = options

        var count: UInt32 = 0
        pcre2_pattern_info_8(compiled, UInt32(PCRE2_INFO_CAPTURECOUNT), &count)
        captureCount = Int(count)
        groupNumbers = Self.readNameTable(compiled)
    }

    deinit { pcre2_code_free_8(code) }

    /// The first match in `subject`, or `nil` when there is none.
    /// - Throws: ``MatchFailure`` when a limit stopped the match; treat it as no match.
    package func firstMatch(in subject: String) throws(MatchFailure) -> PatternMatch? {
        let scratch = MatchScratch(captureCapacity: captureCount)
        return try firstMatch(in: MatchSubject(subject), scratch: scratch)
    }

    /// The first match in a prepared subject, using `scratch` for PCRE2's match data (reuse one
    /// scratch for many patterns on one thread; never share it between threads).
    package func firstMatch(in subject: MatchSubject, scratch: MatchScratch) throws(MatchFailure) -> PatternMatch? {
        guard subject.bytes.count <= matchContext.limits.maximumSubjectBytes else {
            throw MatchFailure(
                reason: .subjectTooLong, code: 0,
                message: "the message has \(subject.bytes.count) bytes, more than the limit of \(matchContext.limits.maximumSubjectBytes)")
        }
        scratch.ensureCapacity(captureCount)
        let result = subject.bytes.withUnsafeBufferPointer { buffer in
            pcre2_match_8(code, buffer.baseAddress ?? UnsafePointer(bitPattern: 1), buffer.count, 0, PCRE2_NO_UTF_CHECK, scratch.matchData, matchContext.pointer)
        }
        if result == PCRE2_ERROR_NOMATCH { return nil }
        guard result > 0 else {
            let limitCodes: Set<Int32> = [PCRE2_ERROR_MATCHLIMIT, PCRE2_ERROR_DEPTHLIMIT, PCRE2_ERROR_HEAPLIMIT, PCRE2_ERROR_JIT_STACKLIMIT]
            throw MatchFailure(reason: limitCodes.contains(result) ? .limitExceeded : .other, code: result, message: pcre2Message(result))
        }
        let ovector = pcre2_get_ovector_pointer_8(scratch.matchData)!
        var ranges: [Range<Int>?] = []
        ranges.reserveCapacity(captureCount + 1)
        for group in 0...captureCount {
            let start = ovector[2 * group], end = ovector[2 * group + 1]
            // Groups at or past `result` did not take part; an unset group reads as PCRE2_UNSET
            // (SIZE_MAX), which is -1 as an Int.
            if group < Int(result), start >= 0, end >= start {
                ranges.append(start..<end)
            } else {
                ranges.append(nil)
            }
        }
        return PatternMatch(subject: subject, byteRanges: ranges, groupNumbers: groupNumbers)
    }

    private static func readNameTable(_ code: OpaquePointer) -> [String: Int] {
        var count: UInt32 = 0, entrySize: UInt32 = 0
        var table: UnsafePointer<UInt8>?
        pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_NAMECOUNT), &count)
        guard count > 0 else { return [:] }
        pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_NAMEENTRYSIZE), &entrySize)
        pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_NAMETABLE), &table)
        guard let table else { return [:] }
        var names: [String: Int] = [:]
        for index in 0..<Int(count) {
            // Each entry: a 2-byte big-endian group number, then the NUL-terminated name.
            let entry = table + index * Int(entrySize)
            let number = Int(entry[0]) << 8 | Int(entry[1])
            var nameBytes: [UInt8] = []
            var offset = 2
            while offset < Int(entrySize), entry[offset] != 0 { nameBytes.append(entry[offset]); offset += 1 }
            names[String(decoding: nameBytes, as: UTF8.self)] = number
        }
        return names
    }
}

/// A PCRE2 match context holding the limits. Contexts are shared per distinct limits and never
/// modified after creation, which PCRE2 documents as safe to use from several threads.
final class MatchContext: @unchecked Sendable {
    // @unchecked: the context is configured in init and only read afterwards.
    let pointer: OpaquePointer
    let limits: MatchLimits

    private init(limits: MatchLimits) {
        pointer = pcre2_match_context_create_8(nil)
        self.limits = limits
        pcre2_set_match_limit_8(pointer, limits.matchLimit)
        pcre2_set_depth_limit_8(pointer, limits.depthLimit)
        pcre2_set_heap_limit_8(pointer, limits.heapLimitKiB)
    }

    private static let cache = ContextCache()

    static func shared(for limits: MatchLimits) -> MatchContext { cache.context(for: limits) { MatchContext(limits: limits) } }
}

/// The match contexts made so far, one per distinct ``MatchLimits``; they live as long as the process.
private final class ContextCache: Sendable {
    private let contexts = Locked<[MatchLimits: MatchContext]>([:])

    func context(for limits: MatchLimits, make: () -> MatchContext) -> MatchContext {
        contexts.withLock { contexts in
            if let existing = contexts[limits] { return existing }
            let context = make()
            contexts[limits] = context
            return context
        }
    }
}
