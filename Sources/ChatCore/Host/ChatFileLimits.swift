import Foundation

/// What a customer may attach to a chat (`serve --file-max-size`, `--file-max-count`,
/// `--file-max-total`, `--file-types`); GMS's `file/limits` answers with these.
///
/// The defaults are Chat Server's (`client-file-transfer` section: `upload-max-file-size`
/// 2097152, `upload-max-files` 3, `upload-max-total-size` 5242880); the types are a choice of
/// ours (Chat Server has no default list): images, PDF and plain text, nothing a browser would run.
public struct ChatFileLimits: Sendable, Equatable {
    /// One file's size in bytes. Default 2 MiB.
    public var maxFileBytes: Int
    /// Uploads per chat (deleting one does not give it back, as in Chat Server). Default 3;
    /// 0 turns file transfer off.
    public var maxFilesPerChat: Int
    /// All uploads of a chat together, in bytes. Default 5 MiB.
    public var maxTotalBytes: Int
    /// The file name extensions allowed (lowercase, without the dot). Default
    /// `bmp gif jpeg jpg pdf png txt`.
    public var allowedTypes: [String]
    /// A file name's length in bytes (UTF-8). Default 255, most file systems' limit.
    public var maxNameBytes: Int

    public static let defaultAllowedTypes = ["bmp", "gif", "jpeg", "jpg", "pdf", "png", "txt"]

    /// - Parameters: see the properties; every default is documented there.
    public init(
        maxFileBytes: Int = 2 * 1024 * 1024, maxFilesPerChat: Int = 3, maxTotalBytes: Int = 5 * 1024 * 1024,
        allowedTypes: [String] = ChatFileLimits.defaultAllowedTypes, maxNameBytes: Int = 255
    ) {
        self.maxFileBytes = maxFileBytes
        self.maxFilesPerChat = maxFilesPerChat
        self.maxTotalBytes = maxTotalBytes
        self.allowedTypes = allowedTypes.map { $0.lowercased() }
        self.maxNameBytes = maxNameBytes
    }

    /// The name a client sent, reduced to what people are shown: its last path component (after
    /// the last `/` or `\`), white space trimmed. Refused: a name that is empty or only dots
    /// after that, holds a control character (NUL included), or is longer than ``maxNameBytes``.
    /// The name is never used as a path; this keeps what is shown honest and short.
    package func checkedName(_ name: String) throws(ChatError) -> String {
        guard name.utf8.count <= maxNameBytes else {
            throw ChatError(.invalidParameter, "The file name is \(name.utf8.count) bytes long; at most \(maxNameBytes) are allowed.")
        }
        guard !name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F || (0x80..<0xA0).contains($0.value) }) else {
            throw ChatError(.invalidParameter, "The file name holds a control character (NUL, line break, ...); rename the file.")
        }
        let last = name.split(omittingEmptySubsequences: false) { $0 == "/" || $0 == "\\" }.last.map(String.init) ?? ""
        let trimmed = last.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, !trimmed.allSatisfy({ $0 == "." }) else {
            throw ChatError(.invalidParameter, "The file name '\(name)' has no name after its folders; send a file with a name.")
        }
        return trimmed
    }

    /// The extension of a (checked) name, lowercased; empty when it has none.
    package static func fileType(ofName name: String) -> String {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
        return name[name.index(after: dot)...].lowercased()
    }

    /// Whether files named so may be attached.
    package func allows(name: String) -> Bool {
        allowedTypes.contains(Self.fileType(ofName: name))
    }

    /// The media type a file is served with, from its extension; `application/octet-stream`
    /// for any other.
    package static func contentType(forName name: String) -> String {
        switch fileType(ofName: name) {
        case "bmp": "image/bmp"
        case "gif": "image/gif"
        case "jpg", "jpeg": "image/jpeg"
        case "png": "image/png"
        case "webp": "image/webp"
        case "pdf": "application/pdf"
        case "txt", "log": "text/plain; charset=utf-8"
        case "csv": "text/csv; charset=utf-8"
        case "zip": "application/zip"
        default: "application/octet-stream"
        }
    }
}
