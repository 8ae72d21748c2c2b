package import Foundation

/// What the GWS front needs besides the chat host.
package struct ChatAPIConfiguration: Sendable {
    /// When set, every API request must carry this value in its `apikey` header (else 401, GWS code
    /// 20). `OPTIONS`, `/health` and the pages (`/client/`, `/agent/`) are never checked; `/emulator/` is. Default `nil`: not checked, like
    /// the original emulator.
    package var apiKey: String?
    /// The folder served under `/client/` (the customer's web client). `nil`, or a folder that does
    /// not exist, serves the copy built into the binary.
    package var clientDirectory: URL?
    /// The folder served under `/agent/` (the agent console); as ``clientDirectory``.
    package var agentDirectory: URL?
    /// The bots a chat can choose, as `GET /emulator/bots` lists them; empty when chats cannot choose.
    package var bots: [BotListing] = []
    /// The name of the bot of chats that choose none.
    package var defaultBot = "last-character"
    /// Files larger than this under `/client/` are refused (500, code 4). Default 16 MiB.
    package var maxStaticFileBytes = 16 * 1024 * 1024
    /// The largest GetTranscript answer, in bytes of JSON. A longer transcript is answered up to the
    /// last whole message that fits (at least one message, however large): a poll without `index`
    /// gets the rest on the next polls (the cursor moves past what was returned), a read with
    /// `index=N` continues with `index` set to the last index returned + 1. Bounds what one request
    /// can make the server build and queue (with `HTTPServer.Configuration.Limits`, what a client
    /// that never reads can pin). Default 1 MiB, about 8,000 short messages.
    package var maxTranscriptBytes = 1024 * 1024
    /// GetTranscript keeps the JSON of each message it has written, so a poll copies bytes instead
    /// of writing JSON again; this bounds that memory (past it the cache is emptied and refilled as
    /// transcripts are read). Default 64 MiB, about 500,000 short messages.
    package var transcriptCacheBytes = 64 * 1024 * 1024
    /// Web origins (`http://localhost:3000`) answered with their own origin and
    /// `Access-Control-Allow-Credentials: true` instead of `*`, so a widget with `withCredentials`
    /// works; they may also use `/emulator/`, which refuses (403) every other origin but the
    /// server's own pages. Default empty: `*` for the GWS API, `/emulator/` for the own pages
    /// (and scripts, which send no `Origin`) only.
    package var corsOrigins: [String] = []
    /// Host names (or addresses) the server answers to besides `localhost`, `*.localhost`,
    /// loopback addresses, ``listenAddress`` and, when that is `0.0.0.0` or `::`, this machine's
    /// interface addresses; any other `Host` is refused with 421, which ends DNS rebinding. `"*"`
    /// answers to any host (and lets DNS rebinding through). Default empty.
    package var allowedHosts: [String] = []
    /// The address the server listens on (`--host`), which it answers to as a host name; EmulatorKit
    /// sets it. Default `nil`.
    package var listenAddress: String?
    /// Refuse GWS requests (`/api/v2/...`) without a `ContactCenterId` header (400, code 1), as a
    /// real GWS does. Default `false`.
    package var requireContactCenterID = false
    /// The test double's controls: the virtual clock, faults, the request record's bounds.
    package var testDouble = TestDoubleConfiguration()

    package init(apiKey: String? = nil, clientDirectory: URL? = nil, agentDirectory: URL? = nil) {
        self.apiKey = apiKey
        self.clientDirectory = clientDirectory
        self.agentDirectory = agentDirectory
    }
}
