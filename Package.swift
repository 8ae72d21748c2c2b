// swift-tools-version: 6.0
//
// Layers depend downward only:
//   LineFormat (the line layout `.rules`, `.convo` and `.replay` share), Locking, JSONText: below everything.
//   ChatCore  <-  JournalStore (the ChatStore on files), ChatStoreChecks (what any ChatStore must keep)
//   JSONText  <-  GWSChatClient (the GWS wire: its vocabulary, GWSChat, GWSMessage, ..., its one codec,
//                 package-only, and the typed HTTP client on them; no ChatCore, so a client's user gets no server)
//   ChatCore, GWSChatClient  <-  GMSWire (the GMS Chat API v2 answers, one codec; its errors are GWSWireError)
//   GMSWire, GWSChatClient  <-  GMSChatClient (a GMS customer client; package-only, for the live `.convo` runner)
//   ChatCore, GWSChatClient, JournalStore  <-  responders (LastCharacterBot, RuleBot, ReplayBot, ExternalBots)  <-  BotCatalog
//             <-  HTTP front (HTTPServer, ChatHTTPAPI  <-  GMSChatAPI, mounted by ChatHTTPAPI's ChatFront seam)
//                 and tools (BotTesting, ConversationTests)
//             <-  EmulatorKit (the emulator composed once, in process)
//             <-  the `gws-emulator` CLI.
// ChatCore knows nothing of HTTP, rule files or PCRE2.
//
// Products: what an outside package needs, nothing else (`scripts/public-surface.sh` counts the
// public declarations per module). Every other module declares `package`, not `public`.
//   gws-emulator       the command line.
//   EmulatorKit        the emulator in a test or an app (withEmulator, Emulator, EmulatorConfiguration).
//   GWSChatClient      the typed customer client of the GWS API, with its answers' types: one import, no ChatCore
//                      (scripts/product-closure.sh checks that no ChatCore comes back into it).
//   ChatCore           the Responder and ChatStore seams, ChatHost, ManualClock: bot and store authors.
//   RuleBot            a `.rules` bot in code; with LineFormat, whose SourceDiagnostics its loaders throw.
//   LastCharacterBot   the original's default bot: a Responder to test a client or a store against.
//   JournalStore       the ChatStore on files, for an app that hosts chats with ChatCore and keeps them.
//   ChatTesting        the one testing product, added once, imported by module: BotTesting (TestChat,
//                      a bot in a unit test), ConversationTests (`.convo` files from Swift; with
//                      LineFormat, whose SourceDiagnostics it reports) and ChatStoreChecks (what any
//                      ChatStore must keep, as checks a store's own tests run).
// Not products: BotCatalog, ReplayBot and ExternalBots (reached by name through EmulatorBot.named and `--bot`:
// `replay:PATH`, `webhook:URL`, `exec:COMMAND`), and the HTTP front, JSON, line format readers,
// PCRE2, locks and test helpers.
import PackageDescription

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "gws-chat-emulator",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "gws-emulator", targets: ["GWSEmulator"]),
        .library(name: "EmulatorKit", targets: ["EmulatorKit"]),
        .library(name: "GWSChatClient", targets: ["GWSChatClient"]),
        .library(name: "ChatCore", targets: ["ChatCore"]),
        .library(name: "RuleBot", targets: ["RuleBot", "LineFormat"]),
        .library(name: "LastCharacterBot", targets: ["LastCharacterBot"]),
        .library(name: "JournalStore", targets: ["JournalStore"]),
        .library(name: "ChatTesting", targets: ["BotTesting", "ConversationTests", "ChatStoreChecks", "LineFormat"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        // `make docs`: the DocC catalogs of the products (Sources/PRODUCT/PRODUCT.docc). A plugin,
        // so nothing of it is linked into a product.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        // MARK: Shared lock (TSan-visible; see Sources/Locking/Locked.swift)
        .target(name: "Locking", swiftSettings: strictSettings),

        // MARK: Shared line layout of .rules, .convo and .replay files (Foundation only)
        .target(name: "LineFormat", swiftSettings: strictSettings),

        // MARK: JSON (hand-written: exact error positions, no dictionaries on the hot path)
        .target(name: "JSONText", swiftSettings: strictSettings),

        // MARK: Core
        .target(
            name: "ChatCore",
            dependencies: ["Locking", "JSONText", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSettings
        ),

        // MARK: The GWS wire (its vocabulary and one codec) and a typed client on it
        .target(name: "GWSChatClient", dependencies: ["JSONText", "Locking"], swiftSettings: strictSettings),
        // What any ChatStore must keep for a restarted host, as checks a store's own tests run.
        .target(name: "ChatStoreChecks", dependencies: ["ChatCore"], swiftSettings: strictSettings),
        // The GMS Chat API v2 (Genesys Widgets, the mobile SDKs): its answers' one codec.
        .target(name: "GMSWire", dependencies: ["ChatCore", "GWSChatClient", "JSONText"], swiftSettings: strictSettings),
        // A GMS customer client on that codec and GWSChatClient's bounded HTTP exchange (package-only:
        // the `.convo` live runner's GMS front).
        .target(name: "GMSChatClient", dependencies: ["GMSWire", "GWSChatClient"], swiftSettings: strictSettings),

        // MARK: Persistence: the journal files behind ChatCore's ChatStore seam
        .target(
            name: "JournalStore",
            dependencies: ["ChatCore", "Locking", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSettings
        ),

        // MARK: Pattern matching (PCRE2 from Debian's libpcre2-dev)
        .systemLibrary(
            name: "CPCRE2",
            pkgConfig: "libpcre2-8",
            providers: [.apt(["libpcre2-dev"]), .brew(["pcre2"])]
        ),
        .target(name: "PCRE2", dependencies: ["CPCRE2", "Locking"], swiftSettings: strictSettings),

        // MARK: Responders
        .target(name: "LastCharacterBot", dependencies: ["ChatCore"], swiftSettings: strictSettings),
        .target(
            name: "RuleBot",
            dependencies: ["ChatCore", "JournalStore", "LineFormat", "PCRE2", "Locking", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSettings
        ),
        .target(name: "ReplayBot", dependencies: ["ChatCore", "GWSChatClient", "JournalStore", "LineFormat", "PCRE2"], swiftSettings: strictSettings),
        // Bots in any language: `webhook:URL` (Foundation's URLSession, no SwiftNIO) and `exec:COMMAND`.
        .target(
            name: "ExternalBots",
            dependencies: ["ChatCore", "JSONText", "LineFormat", "Locking", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSettings
        ),
        .target(
            name: "BotCatalog",
            dependencies: ["ChatCore", "LastCharacterBot", "RuleBot", "ReplayBot", "ExternalBots", "LineFormat", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSettings
        ),

        // MARK: Web pages (client/ and agent/, built into the binary by the EmbedWebPages plugin)
        .executableTarget(name: "WebPageEmbedder"),
        .plugin(name: "EmbedWebPages", capability: .buildTool(), dependencies: ["WebPageEmbedder"]),
        .target(name: "WebPages", swiftSettings: strictSettings, plugins: ["EmbedWebPages"]),

        // MARK: HTTP front
        .target(
            name: "HTTPServer",
            dependencies: ["Locking", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSettings
        ),
        .target(
            name: "ChatHTTPAPI",
            dependencies: ["ChatCore", "GWSChatClient", "HTTPServer", "JSONText", "LineFormat", "Locking", "WebPages", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSettings
        ),
        // The GMS Chat API v2 front on the same chats, mounted by ChatAPI (ChatFront).
        .target(name: "GMSChatAPI", dependencies: ["ChatCore", "ChatHTTPAPI", "GMSWire", "HTTPServer"], swiftSettings: strictSettings),

        // MARK: Tools
        // A raw-socket HTTP/1.1 client for tests that must send exact bytes (HTTP front tests).
        .target(name: "HTTPTesting", dependencies: ["Locking"], swiftSettings: strictSettings),
        .target(
            name: "BotTesting",
            // BotCatalog and RuleBot: load a bot by its catalog name, read a rules bot's state.
            dependencies: ["ChatCore", "Locking", "BotCatalog", "RuleBot", "LineFormat", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSettings
        ),
        .target(
            name: "ConversationTests",
            dependencies: ["ChatCore", "GWSChatClient", "GMSChatClient", "GMSWire", "LineFormat", "BotTesting", "BotCatalog", "RuleBot", "PCRE2", "Locking"],
            swiftSettings: strictSettings
        ),

        // MARK: The emulator in process (bot, host, store, API, server, clock, logs; one stop order)
        .target(
            name: "EmulatorKit",
            dependencies: [
                "ChatCore", "JournalStore", "BotCatalog", "ChatHTTPAPI", "GMSChatAPI", "HTTPServer", "RuleBot", "Locking",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),

        // MARK: CLI
        .executableTarget(
            name: "GWSEmulator",
            dependencies: [
                "ChatCore", "ChatHTTPAPI", "EmulatorKit", "JournalStore", "BotCatalog", "LineFormat", "RuleBot", "ConversationTests", "Locking",
                "GWSChatClient", "GMSChatClient", "HTTPServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),

        // MARK: Fuzzing: one entry point per fuzzed input, shared by `make fuzz` and FuzzRegressionTests
        .target(
            name: "FuzzTargets",
            dependencies: [
                "HTTPServer", "ChatHTTPAPI", "GMSChatAPI", "GMSWire", "ChatCore", "GWSChatClient", "JournalStore", "JSONText", "LastCharacterBot", "RuleBot", "ReplayBot", "ConversationTests",
                "LineFormat", .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),

        // MARK: Benchmarks (built in release by bench/*.sh; not part of the tests)
        .executableTarget(name: "RuleBench", dependencies: ["RuleBot", "ChatCore"], swiftSettings: strictSettings),
        .executableTarget(name: "ExternalBotBench", dependencies: ["ExternalBots", "ChatCore", "Locking"], swiftSettings: strictSettings),

        // MARK: Tests
        .testTarget(name: "LineFormatTests", dependencies: ["LineFormat"], swiftSettings: strictSettings),
        .testTarget(name: "JSONTextTests", dependencies: ["JSONText"], swiftSettings: strictSettings),
        .testTarget(
            name: "EmulatorKitTests",
            dependencies: [
                "EmulatorKit", "GWSChatClient", "ChatCore", "LastCharacterBot", "RuleBot", "Locking", "ChatHTTPAPI", "HTTPServer",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(name: "ChatCoreTests", dependencies: ["ChatCore", "ChatStoreChecks", "LastCharacterBot", "Locking", .product(name: "Logging", package: "swift-log")], swiftSettings: strictSettings),
        .testTarget(
            name: "JournalStoreTests",
            dependencies: ["JournalStore", "ChatCore", "ChatStoreChecks", "LastCharacterBot", "Locking", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "HTTPServerTests", dependencies: ["HTTPServer", "HTTPTesting", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSettings),
        // The GWS codec, and the typed client against scripted hostile servers (HTTPTesting's raw-socket server).
        .testTarget(name: "GWSChatClientTests", dependencies: ["GWSChatClient", "HTTPTesting", "Locking"], swiftSettings: strictSettings),
        .testTarget(
            name: "ChatHTTPAPITests",
            dependencies: [
                "ChatHTTPAPI", "GMSChatAPI", "GWSChatClient", "GMSWire", "GMSChatClient", "EmulatorKit", "HTTPServer", "HTTPTesting", "ChatCore", "JournalStore",
                "LastCharacterBot",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "RuleBotTests", dependencies: ["RuleBot", "LineFormat", "PCRE2", "BotTesting", "ChatCore", "Locking", .product(name: "Logging", package: "swift-log")],
            exclude: ["Fixtures"],  // read by path (#filePath), not bundled
            swiftSettings: strictSettings),
        .testTarget(name: "BotTestingTests", dependencies: ["BotTesting", "BotCatalog", "ChatCore", "LastCharacterBot", "RuleBot"], swiftSettings: strictSettings),
        .testTarget(
            name: "ExternalBotsTests",
            dependencies: [
                "ExternalBots", "BotCatalog", "ChatCore", "EmulatorKit", "HTTPServer", "HTTPTesting", "BotTesting", "LineFormat", "Locking",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(name: "ReplayBotTests", dependencies: ["ReplayBot", "LineFormat", "BotTesting", "ChatCore", "JournalStore", "LastCharacterBot"], swiftSettings: strictSettings),
        .testTarget(
            name: "ConversationTestsTests",
            dependencies: [
                "ConversationTests", "EmulatorKit", "LineFormat", "BotTesting", "LastCharacterBot", "RuleBot", "ReplayBot", "BotCatalog", "ChatCore",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        // Replays every input in fuzz/corpus/ and fuzz/regressions/ through the fuzz entry points.
        .testTarget(name: "FuzzRegressionTests", dependencies: ["FuzzTargets", "HTTPServer"], swiftSettings: strictSettings),
        // Runs the built `gws-emulator` binary as a process (kill -9, restart); imports none of its code
        // (GWSChatClient's codec only decodes the answers of the README test).
        .testTarget(name: "EmulatorProcessTests", dependencies: ["HTTPTesting", "Locking", "GWSChatClient"], swiftSettings: strictSettings),
    ],
    swiftLanguageModes: [.v6]
)

// `make fuzz` sets GWS_FUZZ=1 (in its own scratch path, .build-fuzz) to add the libFuzzer binary,
// whose `main` comes from libFuzzer; ordinary builds never see it.
if Context.environment["GWS_FUZZ"] == "1" {
    package.targets.append(.executableTarget(name: "gws-fuzz", dependencies: ["FuzzTargets"], path: "fuzz/main", swiftSettings: strictSettings))
    // The web pages' build tool would be compiled with the fuzzer's flags too, and its `main` then
    // clashes with libFuzzer's: the fuzz build goes without the pages (no target fuzzes them).
    if let pages = package.targets.first(where: { $0.name == "WebPages" }) {
        pages.plugins = []
        pages.swiftSettings = strictSettings + [.define("WEB_PAGES_NOT_EMBEDDED")]
    }
}
