import ChatCore
import EmulatorKit
import LineFormat

/// The library's defaults, which the flags of `serve` show and start from: each is declared once,
/// where its setting is (``EmulatorConfiguration`` and the configurations nested in it), never
/// written again here.
enum Defaults {
    static let emulator = EmulatorConfiguration()

    /// A duration as the flags write it: `20`, `0.5`.
    static func text(_ duration: Duration) -> String {
        DelayRange(duration, duration).description
    }

    /// A retention as `--completed-chat-retention` writes it: `24h`, `7d`, `90s`, or `off`.
    static func retentionText(_ retention: Duration?) -> String {
        guard let retention else { return "off" }
        let seconds = retention.components.seconds
        if retention.components.attoseconds == 0, seconds > 0 {
            if seconds % 86_400 == 0, seconds > 86_400 { return "\(seconds / 86_400)d" }
            if seconds % 3_600 == 0 { return "\(seconds / 3_600)h" }
        }
        return DurationGrammar.format(retention)
    }
}
