/// What the GMS front needs besides the chat host.
package struct GMSConfiguration: Sendable {
    /// The `alias` every answer carries and every request must send back: in GMS it names the
    /// Chat Server instance, which here is always the same one. Default `"117"`, as in the GMS
    /// documentation's example.
    package var alias = "117"
    /// The largest answer, in bytes of JSON: a longer transcript is answered up to the last whole
    /// message that fits (at least one), and `nextPosition` says where to continue. EmulatorKit
    /// sets it to the GWS front's ``ChatAPIConfiguration/maxTranscriptBytes``. Default 1 MiB.
    package var maxAnswerBytes = 1024 * 1024
    /// The longest service name in a path (`/genesys/2/chat/{serviceName}`), in bytes; it is made of
    /// letters, digits, `-`, `_` and `.`. Default 128.
    package var maxServiceNameBytes = 128
    /// The front keeps each chat's credentials and messages' JSON so a poll copies bytes rather
    /// than writing them again; this bounds that memory (past it the cache is emptied and refilled
    /// as chats are polled). EmulatorKit sets it to the GWS front's
    /// ``ChatAPIConfiguration/transcriptCacheBytes``. Default 64 MiB.
    package var cacheBytes = 64 * 1024 * 1024

    package init() {}
}
