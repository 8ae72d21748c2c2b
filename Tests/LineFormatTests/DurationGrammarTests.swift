import LineFormat
import Testing

/// The one duration grammar of `.convo`, `.replay`, `idle` and the CLI's delay flags.
@Suite struct DurationGrammarTests {
    @Test(
        arguments: [
            ("30s", 30_000), ("500ms", 500), ("2m", 120_000), ("1h", 3_600_000), ("1.5s", 1_500), ("4", 4_000),
            ("0", 0), ("0s", 0), ("0.5", 500), ("0.1s", 100), ("1.2345s", 1_235), ("0.0005s", 1), ("86400s", 86_400_000),
            ("1440m", 86_400_000), ("007s", 7_000), ("4m15s", 255_000), ("1m30s", 90_000), ("1h30m", 5_400_000), ("1m0.5s", 60_500),
            ("1h1m1s1ms", 3_661_001),
        ] as [(String, Int64)])
    func duration_acceptsANumberAndOneUnit(text: String, milliseconds: Int64) {
        #expect(DurationGrammar.duration(text) == .milliseconds(milliseconds), "\(text)")
    }

    @Test(arguments: [
        "", "s", "ms", "1s5", "1m30", "30s1m", "1m1m", "1m 30s", "1msm", "23h90m", "24h1s", "1 s", " 1s", "1s ", "-1s", "+1s", "1e3", "1e3s", "nan", "inf", "1.", ".5", "1..5s",
        "1,5s", "1ss", "1sec", "1d", "86401", "25h", "١s", "99999999999999999999s",
    ])
    func duration_refusesAnythingElse(text: String) {
        #expect(DurationGrammar.duration(text) == nil, "\(text)")
    }

    @Test(
        arguments: [
            ("1-3", 1_000, 3_000), ("1-3s", 1_000, 3_000), ("0.5-1.5", 500, 1_500), ("500ms-2s", 500, 2_000),
            ("100-500ms", 100, 500), ("2s", 2_000, 2_000), ("0", 0, 0), ("1s-1s", 1_000, 1_000), ("1-2m", 60_000, 120_000),
        ] as [(String, Int64, Int64)])
    func range_acceptsOneUnitForBothOrOnePerBound(text: String, lower: Int64, upper: Int64) {
        #expect(DurationGrammar.range(text) == .milliseconds(lower) ... .milliseconds(upper), "\(text)")
    }

    @Test(arguments: ["", "-", "-1", "1-", "3-1", "3s-1s", "a-b", "1-2-3", "1s5-2", "nan", "1e9", "2s-500ms", "1 - 3"])
    func range_refusesReversedOrMalformedBounds(text: String) {
        #expect(DurationGrammar.range(text) == nil, "\(text)")
    }

    @Test(arguments: [(1_739, "1.739s"), (1_500, "1.5s"), (30_000, "30s"), (0, "0s"), (5, "0.005s")] as [(Int64, String)])
    func format_printsShortSeconds_thatReadBack(milliseconds: Int64, text: String) {
        #expect(DurationGrammar.format(.milliseconds(milliseconds)) == text)
        #expect(DurationGrammar.duration(text) == .milliseconds(milliseconds))
    }
}
