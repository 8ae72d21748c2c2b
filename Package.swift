// swift-tools-version: 6.0
//
// Layers depend downward only:
//   LineFormat (the line layout `.rules`, `.convo` and `.replay` share), Locking: below everything.
//   ChatCore  <-  responders (LastCharacterBot, RuleBot, ReplayBot)  <-  BotCatalog
//             <-  HTTP front (HTTPServer, ChatHTTPAPI) and tools (BotTesting, ConversationTests)
//             <-  the `gws-emulator` CLI.
// ChatCore knows nothing of HTTP, rule files or PCRE2.
import PackageDescription

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "gws-chat-emulator",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "gws-emulator", targets: ["GWSEmulator"]),
        .library(name: "ChatCore", targets: ["ChatCore"]),
        .library(name: "BotTesting", targets: ["BotTesting"]),
        .library(name: "RuleBot", targets: ["RuleBot"]),
        .library(name: "ReplayBot", targets: ["ReplayBot"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
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
            dependencies: ["ChatCore", "LineFormat", "PCRE2", "Locking", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSettings
        ),
        .target(name: "ReplayBot", dependencies: ["ChatCore", "LineFormat", "PCRE2"], swiftSettings: strictSettings),
        .target(
            name: "BotCatalog",
            dependencies: ["ChatCore", "LastCharacterBot", "RuleBot", "ReplayBot"],
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
            dependencies: ["ChatCore", "HTTPServer", "JSONText", "WebPages", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSettings
        ),

        // MARK: Tools
        // A raw-socket HTTP/1.1 client for tests that must send exact bytes (HTTP front tests).
        .target(name: "HTTPTesting", swiftSettings: strictSettings),
        .target(
            name: "BotTesting",
            dependencies: ["ChatCore", "Locking", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSettings
        ),
        .target(
            name: "ConversationTests",
            dependencies: ["ChatCore", "LineFormat", "BotTesting", "BotCatalog", "RuleBot", "PCRE2", "Locking"],
            swiftSettings: strictSettings
        ),

        // MARK: CLI
        .executableTarget(
            name: "GWSEmulator",
            dependencies: [
                "ChatCore", "BotCatalog", "ChatHTTPAPI", "HTTPServer", "LineFormat", "RuleBot", "ConversationTests", "Locking",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),

        // MARK: Benchmarks (built in release by bench/*.sh; not part of the tests)
        .executableTarget(name: "RuleBench", dependencies: ["RuleBot", "ChatCore"], swiftSettings: strictSettings),

        // MARK: Tests
        .testTarget(name: "LineFormatTests", dependencies: ["LineFormat"], swiftSettings: strictSettings),
        .testTarget(name: "JSONTextTests", dependencies: ["JSONText"], swiftSettings: strictSettings),
        .testTarget(name: "ChatCoreTests", dependencies: ["ChatCore", "LastCharacterBot"], swiftSettings: strictSettings),
        .testTarget(name: "HTTPServerTests", dependencies: ["HTTPServer", "HTTPTesting"], swiftSettings: strictSettings),
        .testTarget(
            name: "ChatHTTPAPITests",
            dependencies: ["ChatHTTPAPI", "HTTPServer", "HTTPTesting", "ChatCore", "LastCharacterBot"],
            swiftSettings: strictSettings
        ),
        .testTarget(name: "RuleBotTests", dependencies: ["RuleBot", "LineFormat", "PCRE2", "BotTesting"], swiftSettings: strictSettings),
        .testTarget(name: "BotTestingTests", dependencies: ["BotTesting", "ChatCore", "LastCharacterBot"], swiftSettings: strictSettings),
        .testTarget(name: "ReplayBotTests", dependencies: ["ReplayBot", "LineFormat", "BotTesting", "ChatCore", "LastCharacterBot"], swiftSettings: strictSettings),
        .testTarget(
            name: "ConversationTestsTests",
            dependencies: ["ConversationTests", "LineFormat", "BotTesting", "LastCharacterBot", "RuleBot", "BotCatalog", "ChatCore", "ChatHTTPAPI", "HTTPServer"],
            swiftSettings: strictSettings
        ),
        // Runs the built `gws-emulator` binary as a process (kill -9, restart); imports none of its code.
        .testTarget(name: "EmulatorProcessTests", dependencies: ["HTTPTesting", "Locking"], swiftSettings: strictSettings),
    ],
    swiftLanguageModes: [.v6]
)
