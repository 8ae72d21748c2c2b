import Testing
@testable import HTTPServer

/// The stack-gathered appends behind response heads and access-log lines.
@Suite struct ByteGathererTests {
    @Test func appendsEveryPieceInOrder_acrossTheScratchSpace_andAfterWhatWasThere() {
        var bytes = Array("start:".utf8)
        var expected = bytes
        let large = Array(repeating: UInt8(ascii: "L"), count: ByteGatherer.scratchBytes + 7)
        ByteGatherer.append(to: &bytes) { gatherer in
            for number in 0..<300 {
                gatherer.append("n\(number)")
                gatherer.append(UInt8(ascii: ","))
                gatherer.appendDecimal(number * 37)
                gatherer.append(Array(";".utf8)[...])
                expected += Array("n\(number),\(number * 37);".utf8)
                if number == 150 {
                    gatherer.append(large)
                    expected += large
                }
            }
        }
        #expect(bytes == expected)
    }

    @Test func writesDecimals_ofEveryLength() {
        for value in [0, 7, 9, 10, 99, 100, 65_535, 1_000_000_007, Int.max] {
            var bytes: [UInt8] = []
            ByteGatherer.append(to: &bytes) { $0.appendDecimal(value) }
            #expect(String(decoding: bytes, as: UTF8.self) == String(value))
        }
        var negative: [UInt8] = []
        ByteGatherer.append(to: &negative) { $0.appendDecimal(-5) }
        #expect(negative == Array("0".utf8))
    }
}
