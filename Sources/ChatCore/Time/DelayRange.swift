/// A random delay between two bounds, such as the agent's join delay of 1 to 3 seconds.
public struct DelayRange: Hashable, Sendable, CustomStringConvertible {
    public var lower: Duration
    public var upper: Duration

    public init(_ lower: Duration, _ upper: Duration) {
        precondition(lower >= .zero && upper >= lower, "a delay range needs 0 <= lower <= upper")
        self.lower = lower
        self.upper = upper
    }

    /// No delay at all.
    public static let zero = DelayRange(.zero, .zero)

    public static func seconds(_ lower: Double, _ upper: Double) -> DelayRange {
        DelayRange(.milliseconds(Int64((lower * 1000).rounded())), .milliseconds(Int64((upper * 1000).rounded())))
    }

    public var isZero: Bool { upper == .zero }

    /// A delay drawn uniformly, at millisecond resolution.
    package func draw(using random: inout some RandomNumberGenerator) -> Duration {
        let low = lower.milliseconds, high = upper.milliseconds
        guard high > low else { return lower }
        return .milliseconds(Int64.random(in: low...high, using: &random))
    }

    public var description: String {
        lower == upper ? "\(lower.seconds)" : "\(lower.seconds)-\(upper.seconds)"
    }
}

extension Duration {
    var milliseconds: Int64 {
        let parts = components
        return parts.seconds * 1000 + parts.attoseconds / 1_000_000_000_000_000
    }

    /// Seconds as a short decimal, such as `2` or `0.5`.
    var seconds: String {
        let ms = milliseconds
        return ms % 1000 == 0 ? "\(ms / 1000)" : "\(Double(ms) / 1000)"
    }
}
