import HTTPServer

/// Property: how the bytes are split into reads changes nothing. The requests completed, the
/// refusal (code and status) and the bytes left over are the same whether the parser gets the
/// input in one read, one byte at a time, or in uneven reads derived from the input.
enum HTTPRequestTarget {
    static func run(_ input: [UInt8]) -> FuzzFinding? {
        let whole = HTTPRequestParserProbe.parse(input, readSizes: [])
        let splits: [(String, [Int])] = [
            ("one byte per read", [1]),
            ("uneven reads", unevenReadSizes(for: input)),
        ]
        for (name, sizes) in splits {
            let split = HTTPRequestParserProbe.parse(input, readSizes: sizes)
            if let difference = difference(whole, split) {
                return FuzzFinding("parsing in \(name) differs from parsing in one read: \(difference)")
            }
        }
        return nil
    }

    /// Read sizes from 1 to 64 that depend on the input's bytes, so the fuzzer explores splits too.
    static func unevenReadSizes(for input: [UInt8]) -> [Int] {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in input.prefix(64) { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return (0..<8).map { Int((hash >> ($0 * 6)) & 63) + 1 }
    }

    private static func difference(_ a: HTTPRequestParserProbe.Outcome, _ b: HTTPRequestParserProbe.Outcome) -> String? {
        if a.requests != b.requests {
            return "requests \(a.requests.map(\.target)) against \(b.requests.map(\.target))"
        }
        switch (a.refusal, b.refusal) {
        case (nil, nil):
            if a.unconsumedBytes != b.unconsumedBytes { return "\(a.unconsumedBytes) bytes left against \(b.unconsumedBytes)" }
        case (let x?, let y?):
            if x.code != y.code || x.status != y.status { return "refusal \(x) against \(y)" }
        case (let x, let y):
            return "refusal \(x.map(String.init(describing:)) ?? "none") against \(y.map(String.init(describing:)) ?? "none")"
        }
        return nil
    }
}
