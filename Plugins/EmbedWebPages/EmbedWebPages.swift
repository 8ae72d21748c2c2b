import Foundation
import PackagePlugin

/// Builds the web pages (`client/`, `agent/` at the package root) into the `WebPages` target as
/// generated Swift, so `gws-emulator serve` serves them from any folder. Runs on every build: the
/// file list is read here each time, and each file is an input, so an edited page is rebuilt.
@main
struct EmbedWebPages: BuildToolPlugin {
    /// The folders embedded, relative to the package root; each is served under `/NAME/`.
    static let folders = ["client", "agent"]

    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        let root = context.package.directoryURL
        var files: [(name: String, url: URL)] = []
        for folder in Self.folders {
            let base = root.appending(path: folder, directoryHint: .isDirectory)
            guard let walker = FileManager.default.enumerator(
                at: base, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles])
            else { continue }
            for case let url as URL in walker where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
                let relative = url.standardizedFileURL.path.dropFirst(base.standardizedFileURL.path.count + 1)
                files.append(("\(folder)/\(relative)", url))
            }
        }
        files.sort { $0.name < $1.name }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedWebPages.swift")
        var arguments = [output.path]
        for file in files { arguments += [file.name, file.url.path] }
        return [.buildCommand(
            displayName: "Embedding \(files.count) web page files",
            executable: try context.tool(named: "WebPageEmbedder").url,
            arguments: arguments,
            inputFiles: files.map(\.url),
            outputFiles: [output])]
    }
}
