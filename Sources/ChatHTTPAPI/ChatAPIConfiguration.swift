import Foundation

/// What the GWS front needs besides the chat host.
public struct ChatAPIConfiguration: Sendable {
    /// When set, every API request must carry this value in its `apikey` header (else 401, GWS code
    /// 20). `OPTIONS`, `/health` and `/client/` are never checked. Default `nil`: not checked, like
    /// the original emulator.
    public var apiKey: String?
    /// The folder served under `/client/`. `nil` serves a built-in minimal page at `/client/`.
    public var clientDirectory: URL?
    /// Files larger than this under `/client/` are refused (500, code 4). Default 16 MiB.
    public var maxStaticFileBytes = 16 * 1024 * 1024

    public init(apiKey: String? = nil, clientDirectory: URL? = nil) {
        self.apiKey = apiKey
        self.clientDirectory = clientDirectory
    }
}
