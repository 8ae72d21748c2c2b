/// Why bytes are not the GWS shape they were read as, and where: a JSON syntax error (with its
/// byte, line and column) or a member that is missing or of the wrong type (with its path, such
/// as `messages[2].from.type`).
package struct GWSWireError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What was being read, such as "GetTranscript answer".
    package var shape: String
    /// The member path inside it (`$` for the whole value).
    package var path: String
    package var reason: String

    package init(shape: String, path: String, reason: String) {
        self.shape = shape
        self.path = path
        self.reason = reason
    }

    package var description: String {
        path == "$" ? "\(shape): \(reason)" : "\(shape): \(path): \(reason)"
    }
}
