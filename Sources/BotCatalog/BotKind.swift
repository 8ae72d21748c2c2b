import ChatCore
import Foundation
import LastCharacterBot
import Logging
import ReplayBot

/// One kind of bot the ``BotCatalog`` can load: how users name it and how it is made.
///
/// The catalog's ``BotCatalog/kinds`` table holds one entry per kind; a new kind of bot is one
/// more entry there, and listing (`GET /emulator/bots`), `--bot`, `userData.bot` and conversation
/// files' `bot:` lines all find it.
public struct BotKind: Sendable {
    /// The kind's name in listings: `built-in`, `rules`, `replay`.
    public var name: String
    /// The bots of this kind in the bots folder are its `NAME.EXT` files; `nil` when the kind has
    /// no files there.
    public var fileExtension: String?
    /// Whether a bot name ending in `.EXT` is the path of a file of this kind (`--bot my/bot.rules`).
    public var loadsPathsByExtension: Bool
    /// `PREFIX:PATH` loads the file at PATH as this kind (`replay:`); `nil` when it has none.
    public var pathPrefix: String?
    /// The names this kind serves without any file (`last-character`).
    public var builtInNames: [String]
    /// Makes the bot `source` describes.
    public var load: @Sendable (_ source: BotSource) throws -> BotCatalog.LoadedBot

    public init(
        name: String, fileExtension: String? = nil, loadsPathsByExtension: Bool = false, pathPrefix: String? = nil,
        builtInNames: [String] = [], load: @escaping @Sendable (_ source: BotSource) throws -> BotCatalog.LoadedBot
    ) {
        self.name = name
        self.fileExtension = fileExtension
        self.loadsPathsByExtension = loadsPathsByExtension
        self.pathPrefix = pathPrefix
        self.builtInNames = builtInNames
        self.load = load
    }
}

/// What a ``BotKind`` is asked to load.
public struct BotSource: Sendable {
    /// The bot's name: a built-in name, or the stem of its file (`support` for `Bots/support.rules`).
    public var name: String
    /// The bot's file (relative to the working directory when it lies under it); `nil` for a
    /// built-in bot.
    public var path: String?
    /// Where the bot reports reloads and files with errors.
    public var logger: Logger
    /// Where bots keep what they remember of customers across restarts (rules bots:
    /// `customers/NAME.tsv` under it); `nil` keeps it in memory.
    public var customerMemoryDirectory: URL?
}

extension BotKind {
    /// The kinds every catalog knows, in the order a bare name is looked up in the bots folder
    /// (a `NAME.rules` wins over a `NAME.replay`).
    public static let standard: [BotKind] = [.builtIn, .rules, .replay]

    /// `last-character`: the original emulator's bot.
    public static let builtIn = BotKind(name: "built-in", builtInNames: [LastCharacterResponder.botName]) { _ in
        BotCatalog.LoadedBot(responder: LastCharacterResponder(), sourceFiles: [])
    }

    /// `NAME.rules`: a rules bot, reloaded when its files change once it is served with
    /// ``ServingOptions/watchFiles``.
    public static let rules = BotKind(name: "rules", fileExtension: "rules", loadsPathsByExtension: true) { source in
        try BotCatalog.loadRules(source)
    }

    /// `NAME.replay` or `replay:PATH`: a scripted replay (`.replay` script, saved transcript or
    /// chat journal).
    public static let replay = BotKind(name: "replay", fileExtension: "replay", pathPrefix: "replay:") { source in
        let path = source.path ?? source.name
        return BotCatalog.LoadedBot(responder: try ReplayResponder(contentsOf: path), sourceFiles: [URL(fileURLWithPath: path)])
    }
}
