/// One bot a chat can choose, as `GET /emulator/bots` lists it for the pages.
package struct BotListing: Sendable, Equatable {
    /// The name a RequestChat's `userData.bot` (or `--bot`) uses, such as `support`.
    package var name: String
    /// What kind of bot: `built-in`, `rules` or `replay`.
    package var kind: String
    /// The file it is loaded from, such as `Bots/support.rules`; `nil` for a built-in bot.
    package var source: String?

    package init(name: String, kind: String, source: String?) {
        self.name = name
        self.kind = kind
        self.source = source
    }
}
