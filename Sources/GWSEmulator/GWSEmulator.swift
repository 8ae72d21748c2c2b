import ArgumentParser

/// `gws-emulator`: the GWS Chat API v2 emulator and its bot tools.
@main
struct GWSEmulator: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gws-emulator",
        abstract: "A GWS Chat API v2 emulator whose agent is a pluggable bot.",
        discussion: "Run `gws-emulator serve` to serve the chat API; see README.md and docs/commands.md for every command.",
        subcommands: [ServeCommand.self, TestCommand.self, CheckCommand.self, ChatCommand.self],
        defaultSubcommand: ServeCommand.self
    )
}
