import Glibc

/// The `Date` header line (RFC 9110 §5.6.7, IMF-fixdate), formatted once per second per loop.
struct HTTPDateCache {
    private var second = -1
    private(set) var headerLine: [UInt8] = []

    mutating func refresh() -> [UInt8] {
        var now = time(nil)
        guard now != second else { return headerLine }
        second = now
        var parts = tm()
        gmtime_r(&now, &parts)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let day = days[Int(parts.tm_wday) % 7]
        let month = months[Int(parts.tm_mon) % 12]
        let text =
            "Date: \(day), \(twoDigits(parts.tm_mday)) \(month) \(parts.tm_year + 1900) "
            + "\(twoDigits(parts.tm_hour)):\(twoDigits(parts.tm_min)):\(twoDigits(parts.tm_sec)) GMT\r\n"
        headerLine = Array(text.utf8)
        return headerLine
    }

    private func twoDigits(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
