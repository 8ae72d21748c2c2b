/// The request parser seen from outside the module, for the fuzzer and its regression tests
/// (`FuzzTargets`): bytes in, in reads of chosen sizes, requests or one refusal out.
///
/// `package` and not `public`: it exposes the parser's internals to this package's tools only.
package enum HTTPRequestParserProbe {
    /// Everything a connection would see: the requests completed, then at most one refusal.
    package struct Outcome: Equatable, Sendable {
        package var requests: [HTTPRequest] = []
        package var refusal: HTTPProtocolError?
        /// Bytes left over that do not (yet) make a request.
        package var unconsumedBytes = 0
    }

    /// Small limits, so that short inputs reach every limit check.
    package static let smallLimits = (requestLineBytes: 256, headerBytes: 1024, bodyBytes: 4096, chunkLineBytes: 64)

    /// Parses `bytes`, appending them in reads of the sizes `readSizes` yields in turn (cycled;
    /// a size below 1 counts as 1), pulling every event after each read as a connection does.
    package static func parse(_ bytes: [UInt8], readSizes: [Int]) -> Outcome {
        let small = smallLimits
        var parser = HTTPRequestParser(
            limits: .init(
                requestLineBytes: small.requestLineBytes, headerBytes: small.headerBytes,
                bodyBytes: small.bodyBytes, chunkLineBytes: small.chunkLineBytes))
        var outcome = Outcome()
        var start = 0
        var turn = 0
        while start < bytes.count, outcome.refusal == nil {
            let size = readSizes.isEmpty ? bytes.count : max(1, readSizes[turn % readSizes.count])
            turn += 1
            let end = min(bytes.count, start + size)
            parser.append(Array(bytes[start..<end]))
            start = end
            drain(&parser, into: &outcome)
        }
        outcome.unconsumedBytes = parser.bufferedByteCount
        return outcome
    }

    private static func drain(_ parser: inout HTTPRequestParser, into outcome: inout Outcome) {
        while true {
            do {
                switch try parser.next() {
                case .needMoreData: return
                case .continueExpected: continue
                case .request(let request): outcome.requests.append(request)
                }
            } catch {
                outcome.refusal = error
                return
            }
        }
    }
}
