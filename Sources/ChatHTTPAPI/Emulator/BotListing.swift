/// One bot a chat can choose, as `GET /emulator/bots` lists it for the pages.
public struct BotListing: Sendable, Equatable {
    /// The name a RequestChat's `userData.bot` (or `--bot`) uses, such as `support`.
    public var name: String
    /// What kind of bot: `built-in`, `rules` or `replay`.
    public var kind: String
    /// The file it is loaded from, such as `Bots/support.rules`; `nil` for a built-in bot.
    public var source: String?

    public init(name: String, kind: String, source: String?) {
        self.name = name
        self.kind = kind
        self.source = source
    }
}
