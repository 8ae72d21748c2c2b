/// The bounds a `multipart/form-data` body is decoded within; whatever is beyond one is refused
/// with a ``MultipartError`` before more of the body is read.
///
/// The defaults suit a form of a few text fields and a file or two (a GMS chat request, a GMS file
/// upload); a caller that takes larger files raises ``totalBytes`` (the HTTP server's own body
/// limit still applies first).
package struct MultipartLimits: Sendable, Equatable {
    /// The body as a whole. Default 16 MiB.
    package var totalBytes: Int
    /// Parts in one body, the closing delimiter not counted. Default 64: a form has a handful of
    /// fields, and a bound here stops a "bomb" of millions of empty parts.
    package var parts: Int
    /// One part's header block (its lines with their CRLFs, up to the empty line). Default 4 KiB.
    package var partHeaderBytes: Int
    /// Header fields in one part. Default 16.
    package var partHeaderFields: Int
    /// The boundary. Default 70, the most RFC 2046 §5.1.1 allows.
    package var boundaryBytes: Int

    /// - Parameters: see the properties; every default is documented there.
    package init(
        totalBytes: Int = 16 * 1024 * 1024, parts: Int = 64, partHeaderBytes: Int = 4096,
        partHeaderFields: Int = 16, boundaryBytes: Int = 70
    ) {
        self.totalBytes = totalBytes
        self.parts = parts
        self.partHeaderBytes = partHeaderBytes
        self.partHeaderFields = partHeaderFields
        self.boundaryBytes = boundaryBytes
    }
}
