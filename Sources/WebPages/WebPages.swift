import Foundation

/// The web pages built into the binary (the customer's client and the agent console), by path
/// relative to the package root, such as `client/index.html` or `agent/console.js`. The files
/// come from the package's `client/` and `agent/` folders at build time (plugin EmbedWebPages).
package enum WebPages {
    /// The file at `path`, or `nil` when no such file was built in.
    package static func file(_ path: String) -> [UInt8]? { decoded[path] }

    /// Every path built in, sorted.
    package static var paths: [String] { decoded.keys.sorted() }

    /// Whether `path` is a folder holding built-in files (`client`, `agent`).
    package static func isFolder(_ path: String) -> Bool {
        let prefix = path.hasSuffix("/") ? path : path + "/"
        return decoded.keys.contains { $0.hasPrefix(prefix) }
    }

    /// Decoded once, on first use.
    private static let decoded: [String: [UInt8]] = embeddedBase64.compactMapValues { Data(base64Encoded: $0).map { [UInt8]($0) } }
}

#if WEB_PAGES_NOT_EMBEDDED
extension WebPages {
    /// `make fuzz` builds without the pages (see Package.swift): none are served.
    static let embeddedBase64: [String: String] = [:]
}
#endif
