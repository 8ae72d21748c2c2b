// swift-tools-version: 6.0
//
// The tests a user of the emulator writes, as a package of its own that depends on the emulator
// the way any outside package does. `make test` runs them: swift test --package-path Examples.
import PackageDescription

// SwiftPM names a path dependency after its folder (the identity of `.package(path: "..")` is
// the last path component), so a checkout called gws-chat-emulator is package
// "gws-chat-emulator". Reading the folder's name keeps this example building from a checkout of
// any name; a package of yours writes the name, as EmulatorKit's Getting started
// (Sources/EmulatorKit/EmulatorKit.docc/GettingStarted.md) shows.
let emulator = String(Context.packageDirectory.split(separator: "/").dropLast().last ?? "gws-chat-emulator")

let package = Package(
    name: "Examples",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: "..")
    ],
    targets: [
        .testTarget(
            name: "ExamplesTests",
            dependencies: [
                .product(name: "EmulatorKit", package: emulator),
                .product(name: "GWSChatClient", package: emulator),
                .product(name: "ChatCore", package: emulator),
                .product(name: "ChatTesting", package: emulator),
                .product(name: "LastCharacterBot", package: emulator),
                .product(name: "RuleBot", package: emulator),
            ],
            swiftSettings: [
                .enableUpcomingFeature("ExistentialAny"),
                // An undeclared dependency or a leaked import fails the build, as the issue asks of users.
                .enableUpcomingFeature("InternalImportsByDefault"),
                .enableUpcomingFeature("MemberImportVisibility"),
            ]
        )
    ],
    swiftLanguageModes: [.v6]
)
