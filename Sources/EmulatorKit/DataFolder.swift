import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Checks a data folder before anything writes to it, so that a folder that cannot be used is
/// reported in one line that names it and says why, instead of failing later inside a write.
enum DataFolder {
    /// Creates `url` and its missing parents; checks it is a writable folder.
    static func prepare(_ url: URL) throws(EmulatorError) {
        let path = url.path
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw EmulatorError(.dataFolder, "The data folder \(path) is a file, not a folder; give a folder (it is created when missing).")
            }
        } else {
            try create(path)
        }
        guard access(path, W_OK | X_OK) == 0 else {
            throw EmulatorError(.dataFolder, "The data folder \(path) is not writable (\(String(cString: strerror(errno)))); give a folder you can write to.")
        }
    }

    /// `mkdir -p`, reporting the component that failed and why.
    private static func create(_ path: String) throws(EmulatorError) {
        var prefix = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            prefix += "/" + component
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: prefix, isDirectory: &isDirectory) {
                guard isDirectory.boolValue else {
                    throw EmulatorError(.dataFolder, "Cannot create the data folder \(path): \(prefix) is a file, not a folder.")
                }
                continue
            }
            if mkdir(prefix, 0o755) != 0 && errno != EEXIST {
                throw EmulatorError(.dataFolder, "Cannot create the data folder \(path): \(prefix): \(String(cString: strerror(errno))).")
            }
        }
    }
}
