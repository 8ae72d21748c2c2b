/// Why a `multipart/form-data` body was refused: what was wrong, and where (the byte offset in
/// the body, and the part, counted from 1, when the problem is inside one).
///
/// ``message`` is written for the client that sent the body and is safe to show it.
package struct MultipartError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of problem this is; stable names for tests and logs, and a struct so that a new
    /// kind is not a breaking change.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        package let name: String
        package var description: String { name }

        package init(name: String) {
            self.name = name
        }

        /// The `Content-Type` is not `multipart/form-data`.
        package static let notMultipart = Code(name: "notMultipart")
        /// The `Content-Type` has no `boundary` parameter, or one that RFC 2046 does not allow.
        package static let invalidBoundary = Code(name: "invalidBoundary")
        /// The body is larger than ``MultipartLimits/totalBytes``.
        package static let bodyTooLarge = Code(name: "bodyTooLarge")
        /// More parts than ``MultipartLimits/parts``.
        package static let tooManyParts = Code(name: "tooManyParts")
        /// A part's header block is over ``MultipartLimits/partHeaderBytes`` or
        /// ``MultipartLimits/partHeaderFields``, or never ends.
        package static let partHeadersTooLarge = Code(name: "partHeadersTooLarge")
        /// A part's header line is not `Name: value`, or holds a control character.
        package static let malformedPartHeader = Code(name: "malformedPartHeader")
        /// The body does not start with the boundary's delimiter line.
        package static let missingBoundary = Code(name: "missingBoundary")
        /// A delimiter line has something after the boundary other than `--` or white space.
        package static let malformedDelimiter = Code(name: "malformedDelimiter")
        /// The body ends inside a part: the closing delimiter `--BOUNDARY--` is missing.
        package static let missingClosingBoundary = Code(name: "missingClosingBoundary")
        /// A part has no `Content-Disposition: form-data; name="…"`.
        package static let missingPartName = Code(name: "missingPartName")
        /// A part is itself `multipart/…` (RFC 2388's nested `multipart/mixed`): refused, never
        /// decoded, so that no body unpacks into parts of parts.
        package static let nestedMultipart = Code(name: "nestedMultipart")
    }

    package var code: Code
    /// What was wrong and what to do, for the client.
    package var message: String
    /// Byte offset in the body where the problem was found, when it applies.
    package var offset: Int?
    /// The part (1 for the first) the problem is in, when it is in one.
    package var part: Int?

    package init(_ code: Code, _ message: String, offset: Int? = nil, part: Int? = nil) {
        self.code = code
        self.message = message
        self.offset = offset
        self.part = part
    }

    package var description: String {
        var place: [String] = []
        if let part { place.append("part \(part)") }
        if let offset { place.append("byte \(offset)") }
        let where_ = place.isEmpty ? "" : " (\(place.joined(separator: ", ")))"
        return "multipart body\(where_): \(message)"
    }
}
