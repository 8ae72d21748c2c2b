import Foundation

/// Where the commands look up bots by name when no folder is given: `Bots/` of the working
/// directory (a checkout of the repository), else the bots installed beside the binary,
/// `PREFIX/share/gws-emulator/Bots` (the release archive's layout and `make install`'s), so that
/// an installed `gws-emulator serve --bot support` works from any folder.
enum BotsFolder {
    static let local = "Bots"

    static var defaultPath: String {
        if FileManager.default.fileExists(atPath: local) { return local }
        guard let binary = Bundle.main.executableURL?.resolvingSymlinksInPath() else { return local }
        let installed = binary.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("share/gws-emulator/Bots")
        return FileManager.default.fileExists(atPath: installed.path) ? installed.path : local
    }
}
