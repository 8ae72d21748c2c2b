import ChatCore
import EmulatorKit

/// The library's defaults, which the flags of `serve` show and start from: each is declared once,
/// where its setting is (``EmulatorConfiguration`` and the configurations nested in it), never
/// written again here.
enum Defaults {
    static let emulator = EmulatorConfiguration()

    /// A duration as the flags write it: `20`, `0.5`.
    static func text(_ duration: Duration) -> String {
        DelayRange(duration, duration).description
    }
}
