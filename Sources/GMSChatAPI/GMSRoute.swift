/// A path under `/genesys/2/chat`, split: the service, the chat and the operation.
enum GMSRoute: Equatable {
    /// `/{serviceName}`: request a chat.
    case requestChat(service: Substring)
    /// `/{serviceName}/{chatId}/{operation}[/more...]`: an operation on a chat; `rest` holds the
    /// segments after the operation's name (`file/{fileId}/download` → `[fileId, download]`).
    case operation(service: Substring, chat: Substring, name: Substring, rest: [Substring])
    /// Anything else, with what to say.
    case unknown(String)

    static let prefix = "/genesys/2/chat"

    /// `path` is under ``prefix``; a trailing slash is forgiven. Split over the path's bytes (as
    /// `Character`s it cost a GMS poll a tenth of its time).
    init(path: String, maxServiceNameBytes: Int) {
        let segments = Self.segments(of: path)
        guard let service = segments.first, !service.isEmpty else {
            self = .unknown("No resource at \(path); request a chat with POST \(Self.prefix)/{serviceName}.")
            return
        }
        guard service.utf8.count <= maxServiceNameBytes, service.utf8.allSatisfy(Self.isServiceNameByte) else {
            self = .unknown("No service '\(service.prefix(80))': a service name is 1 to \(maxServiceNameBytes) letters, digits, '-', '_' or '.'.")
            return
        }
        let parts = segments.dropFirst()
        if parts.isEmpty {
            self = .requestChat(service: service)
        } else if parts.count >= 2, !parts[parts.startIndex].isEmpty, !parts[parts.startIndex + 1].isEmpty {
            self = .operation(service: service, chat: parts[parts.startIndex], name: parts[parts.startIndex + 1], rest: Array(parts.dropFirst(2)))
        } else {
            self = .unknown("No resource at \(path); chat operations are POST \(Self.prefix)/{serviceName}/{chatId}/{operation}.")
        }
    }

    /// The segments after ``prefix`` (`/s/id/send` → `s`, `id`, `send`; empty ones kept), a
    /// trailing slash dropped.
    private static func segments(of path: String) -> [Substring] {
        var segments: [Substring] = []
        segments.reserveCapacity(4)
        let utf8 = path.utf8
        var end = utf8.endIndex
        let prefixEnd = utf8.index(utf8.startIndex, offsetBy: Self.prefix.utf8.count)
        if end > prefixEnd, utf8[utf8.index(before: end)] == UInt8(ascii: "/") { end = utf8.index(before: end) }
        guard prefixEnd < end else { return [] }
        // `prefixEnd` is the slash after the prefix.
        var start = utf8.index(after: prefixEnd)
        while true {
            let slash = utf8[start..<end].firstIndex(of: UInt8(ascii: "/")) ?? end
            segments.append(path[start..<slash])
            guard slash < end else { return segments }
            start = utf8.index(after: slash)
        }
    }

    private static func isServiceNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."):
            true
        default: false
        }
    }
}
