/// A decoded `multipart/form-data` body (RFC 7578): its parts in the order they came.
///
/// Decode with ``MultipartForm/decode(_:contentType:limits:)``; build one and encode it with
/// ``MultipartForm/encoded(boundary:)`` (a client, a test). Both directions live in this one type,
/// so that the format has one owner.
package struct MultipartForm: Sendable, Equatable {
    /// One part: a field (`name` and a text value) or a file (with a `filename`).
    package struct Part: Sendable, Equatable {
        /// The `name` parameter of the part's `Content-Disposition`.
        package var name: String
        /// The `filename` parameter as the client sent it, when the part is a file. Never use it
        /// as a path: it is whatever the client chose (`../../etc/passwd` included).
        package var filename: String?
        /// The part's `Content-Type`, when it has one (files usually do; RFC 7578 says a field
        /// without one is `text/plain`).
        package var contentType: String?
        /// The part's content, exactly as sent.
        package var body: [UInt8]

        package init(name: String, filename: String? = nil, contentType: String? = nil, body: [UInt8]) {
            self.name = name
            self.filename = filename
            self.contentType = contentType
            self.body = body
        }

        /// A text field.
        package init(name: String, value: String) {
            self.init(name: name, body: Array(value.utf8))
        }

        /// The content read as UTF-8 (invalid sequences replaced).
        package var text: String { String(decoding: body, as: UTF8.self) }
        /// Whether the part is a file (it has a `filename`, even an empty one).
        package var isFile: Bool { filename != nil }
    }

    package var parts: [Part]

    package init(parts: [Part] = []) {
        self.parts = parts
    }

    /// The first part with this name (names are compared exactly, as HTML forms send them).
    package func part(named name: String) -> Part? {
        parts.first { $0.name == name }
    }

    /// The text of the first field (not file) with this name.
    package func value(named name: String) -> String? {
        parts.first { $0.name == name && !$0.isFile }?.text
    }

    /// Every field that is not a file, as name and text, in order.
    package var fields: [(name: String, value: String)] {
        parts.filter { !$0.isFile }.map { ($0.name, $0.text) }
    }

    /// The parts that are files, in order.
    package var files: [Part] { parts.filter(\.isFile) }
}
