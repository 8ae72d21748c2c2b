@testable import ChatHTTPAPI
import Testing

/// The `apikey` compare reads every presented byte wherever the first difference is, so its time
/// tells nothing about how much of a guess was right.
@Suite struct ConstantTimeTests {
    /// Bytes that count how many of them a comparison read.
    final class CountingBytes: RandomAccessCollection {
        let bytes: [UInt8]
        private(set) var reads = 0

        init(_ text: String) { bytes = Array(text.utf8) }

        var startIndex: Int { 0 }
        var endIndex: Int { bytes.count }
        subscript(position: Int) -> UInt8 {
            reads += 1
            return bytes[position]
        }
    }

    static let key = Array("N18TFGbKpn0zaGLXDFZhPWpTcB2eyx44".utf8)

    @Test func everyPresentedByteIsRead_whereverTheFirstDifferenceIs() {
        let guesses = [
            "N18TFGbKpn0zaGLXDFZhPWpTcB2eyx44",  // right
            "x18TFGbKpn0zaGLXDFZhPWpTcB2eyx44",  // wrong at the first byte
            "N18TFGbKpn0zaGLXDFZhPWpTcB2eyx4x",  // wrong at the last byte
            "N18TFGbKpn0za",  // a prefix
            "N18TFGbKpn0zaGLXDFZhPWpTcB2eyx44 and more",  // an extension
        ]
        for guess in guesses {
            let presented = CountingBytes(guess)
            #expect(ConstantTime.equal(presented, Self.key) == (guess == "N18TFGbKpn0zaGLXDFZhPWpTcB2eyx44"), "\(guess)")
            #expect(presented.reads == guess.utf8.count, "\(guess): read \(presented.reads) bytes")
        }
    }

    @Test func equal_comparesBytes() {
        #expect(ConstantTime.equal(Self.key, Self.key))
        #expect(!ConstantTime.equal([], Self.key))
        #expect(ConstantTime.equal([], []))
        #expect(!ConstantTime.equal(Self.key, []))
        // Twice the key matches byte for byte modulo its length: the length alone refuses it.
        #expect(!ConstantTime.equal(Self.key + Self.key, Self.key))
    }
}
