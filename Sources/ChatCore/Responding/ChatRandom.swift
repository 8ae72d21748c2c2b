/// The seeded random number generator of one chat.
///
/// Counter-based SplitMix64: value *n* depends only on the seed and *n*, so the generator's whole
/// state is two integers that the journal can store, and the same seed gives the same numbers on
/// every machine.
public struct ChatRandom: RandomNumberGenerator, Hashable, Sendable {
    public let seed: UInt64
    /// How many numbers have been drawn.
    public private(set) var counter: UInt64

    public init(seed: UInt64, counter: UInt64 = 0) {
        self.seed = seed
        self.counter = counter
    }

    public mutating func next() -> UInt64 {
        counter &+= 1
        return Self.mix(seed &+ counter &* 0x9E37_79B9_7F4A_7C15)
    }

    /// The SplitMix64 finaliser.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
