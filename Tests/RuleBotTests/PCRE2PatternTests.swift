import Foundation
import PCRE2
import Testing

@Suite struct PCRE2PatternTests {
    @Test func pattern_matchesCaselessBeyondASCII() throws {
        let pattern = try Pattern("école", options: [.caseless])
        #expect(try pattern.firstMatch(in: "J'AIME L'ÉCOLE")?[0] == "ÉCOLE")
        let word = try Pattern("\\w+")
        #expect(try word.firstMatch(in: "Grüße!")?[0] == "Grüße")
    }

    @Test func pattern_returnsNumberedAndNamedCaptures_withCharacterRanges() throws {
        let pattern = try Pattern("(?<word>\\w+) (?<number>\\d+)(x)?")
        let match = try #require(try pattern.firstMatch(in: "Größe café 123"))
        #expect(match[1] == "café")
        #expect(match["number"] == "123")
        #expect(match[3] == nil)
        #expect(match.characterRange(of: 2) == 11..<14)
        #expect(pattern.groupNumbers == ["word": 1, "number": 2])
        #expect(pattern.captureCount == 3)
    }

    @Test func pattern_reportsCompileErrors_withPCRE2sMessage_andCharacterOffset() {
        #expect(throws: PatternError.self) { try Pattern("é(ab") }
        do {
            _ = try Pattern("éé(ab")
            Issue.record("expected an error")
        } catch {
            #expect(error.message == "missing closing parenthesis")
            // PCRE2 says byte 7; that is character 5.
            #expect(error.characterOffset == 5)
        }
    }

    @Test func pattern_givesUpOnCatastrophicBacktracking_inMilliseconds() throws {
        let pattern = try Pattern("^(a+)+$")
        let subject = String(repeating: "a", count: 40) + "b"
        let start = ContinuousClock.now
        #expect(throws: MatchFailure.self) { try pattern.firstMatch(in: subject) }
        #expect(ContinuousClock.now - start < .milliseconds(200))
        do {
            _ = try pattern.firstMatch(in: subject)
        } catch {
            #expect(error.reason == .limitExceeded)
        }
    }

    @Test func pattern_refusesSubjectsLongerThanTheLimit() throws {
        let pattern = try Pattern("x", limits: MatchLimits(maximumSubjectBytes: 10))
        do {
            _ = try pattern.firstMatch(in: String(repeating: "y", count: 11))
            Issue.record("expected a failure")
        } catch {
            #expect(error.reason == .subjectTooLong)
        }
        #expect(try pattern.firstMatch(in: "yyyyx") != nil)
    }

    @Test func pattern_canBeMatchedFromManyThreadsAtOnce() async throws {
        let pattern = try Pattern("order (\\d+)", options: [.caseless])
        let results = await withTaskGroup(of: Bool.self) { group in
            for task in 0..<8 {
                group.addTask {
                    var allRight = true
                    let scratch = MatchScratch(captureCapacity: 1)
                    for index in 0..<2_000 {
                        let number = task * 10_000 + index
                        let match = try? pattern.firstMatch(in: MatchSubject("ORDER \(number)"), scratch: scratch)
                        allRight = allRight && match?[1] == String(number)
                    }
                    return allRight
                }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results == Array(repeating: true, count: 8))
    }
}
