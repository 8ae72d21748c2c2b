import Foundation
import Glibc
import HTTPServer
import WebPages

/// Serves one site of web pages (`/client/...` or `/agent/...`) from a folder, or from the copy
/// built into the binary (``WebPages``) when no folder is configured or it does not exist, so
/// `serve` started in any folder still has its pages. Editing the folder's files shows at once.
///
/// Safely: a request can reach only regular files inside the folder, never a file outside it
/// through `..`, an encoded `%2F`, or a symbolic link. Resolution: the path after `/NAME/` is
/// split on `/`; each segment is percent-decoded and refused (404) if it is empty, `.`, `..`,
/// hidden (starts with `.`) or holds `/` or NUL; the file's real path (symbolic links resolved)
/// must lie inside the folder's real path. A path ending in `/` (or naming a folder) serves its
/// `index.html`.
struct StaticFileServer: Sendable {
    /// The site's name: its URL prefix `/NAME/` and its folder among the built-in ``WebPages``.
    let site: String
    /// The folder's real path, resolved once; `nil` when no folder is configured or it does not exist.
    private let rootPath: String?
    private let maxFileBytes: Int

    init(site: String, root: URL?, maxFileBytes: Int) {
        self.site = site
        rootPath = root.flatMap { Self.realPath($0.path) }
        self.maxFileBytes = maxFileBytes
    }

    func response(for relativePath: String) throws(APIError) -> HTTPResponse {
        let segments = try decodedSegments(relativePath)
        guard let rootPath else { return try builtIn(segments, relativePath) }
        guard var path = Self.realPath(rootPath + "/" + segments.joined(separator: "/")), isInside(path) else {
            throw notFound(relativePath)
        }
        var status = stat()
        guard stat(path, &status) == 0 else { throw notFound(relativePath) }
        if status.st_mode & S_IFMT == S_IFDIR {
            guard let index = Self.realPath(path + "/index.html"), isInside(index), stat(index, &status) == 0 else {
                throw notFound(relativePath)
            }
            path = index
        }
        guard status.st_mode & S_IFMT == S_IFREG else { throw notFound(relativePath) }
        guard Int(status.st_size) <= maxFileBytes else {
            throw APIError(.internalServerError, .internalError, "The file /\(site)/\(relativePath) is larger than \(maxFileBytes) bytes.")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw APIError(.internalServerError, .internalError, "The file /\(site)/\(relativePath) could not be read.")
        }
        return HTTPResponse(headers: ["Content-Type": ContentTypes.forPath(path)], body: [UInt8](data))
    }

    /// The built-in copy of the file (already-checked segments), a folder's `index.html`, or 404.
    private func builtIn(_ segments: [String], _ relativePath: String) throws(APIError) -> HTTPResponse {
        var path = ([site] + segments).joined(separator: "/")
        if WebPages.file(path) == nil, WebPages.isFolder(path) { path += "/index.html" }
        guard let body = WebPages.file(path) else { throw notFound(relativePath) }
        return HTTPResponse(headers: ["Content-Type": ContentTypes.forPath(path)], body: body)
    }

    /// The decoded segments, with `index.html` for a trailing slash or an empty path.
    private func decodedSegments(_ relativePath: String) throws(APIError) -> [String] {
        var segments: [String] = []
        let parts = relativePath.split(separator: "/", omittingEmptySubsequences: false)
        for (position, part) in parts.enumerated() {
            if part.isEmpty, position == parts.count - 1 {
                segments.append("index.html")
                continue
            }
            guard let segment = HTTPRequest.percentDecoded(part) else {
                throw APIError(.badRequest, .invalidParameter, "The path /\(site)/\(relativePath) has an invalid percent-encoding.")
            }
            guard !segment.isEmpty, !segment.hasPrefix("."), !segment.contains("/"), !segment.utf8.contains(0) else {
                throw notFound(relativePath)
            }
            segments.append(segment)
        }
        return segments
    }

    private func isInside(_ path: String) -> Bool {
        guard let rootPath else { return false }
        return path == rootPath || path.hasPrefix(rootPath == "/" ? "/" : rootPath + "/")
    }

    private func notFound(_ relativePath: String) -> APIError {
        APIError(.notFound, .notFound, "No file at /\(site)/\(relativePath).")
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
