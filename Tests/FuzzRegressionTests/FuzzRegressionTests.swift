import Foundation
import Testing
import FuzzTargets
import HTTPServer

/// Every input the fuzzer ever broke a target with (`fuzz/regressions/TARGET/`), and every seed it
/// starts from (`fuzz/corpus/TARGET/`), through the same entry point `make fuzz` runs: each must
/// come back with no finding, without crashing, within the time limit.
@Suite struct FuzzRegressionTests {
    /// The repository's `fuzz/` folder, found from this file so the test runs from any directory.
    static let fuzzFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("fuzz")

    static func inputs(_ kind: String, for target: FuzzTarget) -> [URL] {
        let folder = fuzzFolder.appendingPathComponent(kind).appendingPathComponent(target.rawValue)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map { folder.appendingPathComponent($0) }
    }

    @Test(.timeLimit(.minutes(2)), arguments: FuzzTarget.allCases)
    func regressionInputs_runWithoutFinding(_ target: FuzzTarget) throws {
        for url in Self.inputs("regressions", for: target) {
            let finding = target.run(Array(try Data(contentsOf: url)))
            #expect(finding == nil, "\(target.rawValue) \(url.lastPathComponent): \(finding.map(String.init(describing:)) ?? "")")
        }
    }

    @Test(.timeLimit(.minutes(2)), arguments: FuzzTarget.allCases)
    func seedCorpus_isPresent_andRunsWithoutFinding(_ target: FuzzTarget) throws {
        let seeds = Self.inputs("corpus", for: target)
        #expect(seeds.count >= 3, "fuzz/corpus/\(target.rawValue)/ should hold the seeds make fuzz starts from")
        for url in seeds {
            let finding = target.run(Array(try Data(contentsOf: url)))
            #expect(finding == nil, "\(target.rawValue) \(url.lastPathComponent): \(finding.map(String.init(describing:)) ?? "")")
        }
    }

    /// The HTTP oracle compares what the probe sees; the probe must see real requests, or the
    /// comparison would hold for nothing.
    @Test func httpProbe_seesPipelinedRequests_wholeAndSplit() {
        let pipelined = Array("GET /a HTTP/1.1\r\nHost: x\r\n\r\nPOST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc".utf8)
        for sizes in [[], [1], [5, 17]] {
            let outcome = HTTPRequestParserProbe.parse(pipelined, readSizes: sizes)
            #expect(outcome.requests.map(\.path) == ["/a", "/b"])
            #expect(outcome.requests.last?.body == Array("abc".utf8))
            #expect(outcome.refusal == nil)
        }
        let refused = HTTPRequestParserProbe.parse(Array("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\n".utf8), readSizes: [3])
        #expect(refused.refusal?.status.code == 400)
        #expect(FuzzTarget.httpRequest.run(pipelined) == nil)
    }
}
