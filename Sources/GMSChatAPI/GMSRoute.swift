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
        let utf8 = path.utf8
        var rest = utf8[utf8.index(utf8.startIndex, offsetBy: Self.prefix.utf8.count)...]
        if rest.last == UInt8(ascii: "/") { rest = rest.dropLast() }
        let segments = rest.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).dropFirst().map { Substring($0) }
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

    private static func isServiceNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."):
            true
        default: false
        }
    }
}
