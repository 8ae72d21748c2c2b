extension MultipartForm {
    /// Decodes a `multipart/form-data` body whose `Content-Type` (with its `boundary`) is given.
    ///
    /// Every bound of `limits` is checked as the body is read, so a hostile body (millions of
    /// empty parts, a header block that never ends, a part that is itself multipart) is refused
    /// early with a ``MultipartError`` naming the byte and the part.
    package static func decode(
        _ body: [UInt8], contentType: String, limits: MultipartLimits = MultipartLimits()
    ) throws(MultipartError) -> MultipartForm {
        let boundary = try boundary(fromContentType: contentType, limits: limits)
        return try decode(body, boundary: boundary, limits: limits)
    }

    /// The boundary of a `multipart/form-data` `Content-Type`, checked against RFC 2046 §5.1.1
    /// (1 to ``MultipartLimits/boundaryBytes`` characters of its set, not ending with a space).
    package static func boundary(
        fromContentType contentType: String, limits: MultipartLimits = MultipartLimits()
    ) throws(MultipartError) -> String {
        guard let value = HeaderValueParameters.parse(contentType) else {
            throw MultipartError(.invalidBoundary, "the Content-Type has a quoted parameter that never closes: \(contentType.prefix(100))")
        }
        guard value.token == "multipart/form-data" else {
            throw MultipartError(.notMultipart, "expected Content-Type multipart/form-data, got '\(value.token.prefix(100))'")
        }
        guard let boundary = value.parameter("boundary"), !boundary.isEmpty else {
            throw MultipartError(.invalidBoundary, "the multipart/form-data Content-Type has no boundary parameter")
        }
        try checkBoundary(boundary, limits: limits)
        return boundary
    }

    /// Decodes a `multipart/form-data` body delimited by `boundary` (without its leading `--`).
    package static func decode(
        _ body: [UInt8], boundary: String, limits: MultipartLimits = MultipartLimits()
    ) throws(MultipartError) -> MultipartForm {
        try checkBoundary(boundary, limits: limits)
        guard body.count <= limits.totalBytes else {
            throw MultipartError(.bodyTooLarge, "the body is \(body.count) bytes; at most \(limits.totalBytes) are accepted")
        }
        var reader = MultipartReader(body: body, boundary: Array(boundary.utf8), limits: limits)
        return try reader.read()
    }

    static func checkBoundary(_ boundary: String, limits: MultipartLimits) throws(MultipartError) {
        let bytes = Array(boundary.utf8)
        guard !bytes.isEmpty, bytes.count <= min(limits.boundaryBytes, 70) else {
            throw MultipartError(.invalidBoundary, "the boundary is \(bytes.count) bytes; it must have 1 to \(min(limits.boundaryBytes, 70))")
        }
        guard bytes.allSatisfy(isBoundaryByte), bytes.last != UInt8(ascii: " ") else {
            throw MultipartError(
                .invalidBoundary,
                "the boundary may hold only letters, digits, spaces (not last) and '()+_,-./:=? (RFC 2046)")
        }
    }

    private static func isBoundaryByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"): true
        default: "'()+_,-./:=? ".utf8.contains(byte)
        }
    }
}

/// The decoding pass over one body: a cursor, the delimiter, and the parts so far.
private struct MultipartReader {
    let body: [UInt8]
    /// `--BOUNDARY`.
    let dashBoundary: [UInt8]
    /// `CRLF--BOUNDARY`, which ends every part.
    let delimiter: [UInt8]
    let limits: MultipartLimits
    var position = 0
    var parts: [MultipartForm.Part] = []

    init(body: [UInt8], boundary: [UInt8], limits: MultipartLimits) {
        self.body = body
        self.dashBoundary = Array("--".utf8) + boundary
        self.delimiter = Array("\r\n--".utf8) + boundary
        self.limits = limits
    }

    mutating func read() throws(MultipartError) -> MultipartForm {
        if body.starts(with: dashBoundary) {
            position = dashBoundary.count
        } else if let first = find(delimiter, from: 0) {
            position = first + delimiter.count  // a preamble, which RFC 2046 allows and ignores
        } else {
            throw MultipartError(
                .missingBoundary, "the body never has the delimiter line --\(boundaryText); is the boundary of the Content-Type the one the body uses?",
                offset: 0)
        }
        while true {
            if body[position...].starts(with: "--".utf8) { break }  // the closing delimiter; the epilogue is ignored
            while position < body.count, body[position] == UInt8(ascii: " ") || body[position] == UInt8(ascii: "\t") { position += 1 }
            guard body[position...].starts(with: "\r\n".utf8) else {
                throw MultipartError(
                    .malformedDelimiter,
                    position == body.count
                        ? "the body ends after a delimiter line without the closing --\(boundaryText)--"
                        : "after the delimiter --\(boundaryText) only '--' or a line end may follow",
                    offset: position, part: parts.count + 1)
            }
            position += 2
            guard parts.count < limits.parts else {
                throw MultipartError(.tooManyParts, "more than \(limits.parts) parts", offset: position, part: parts.count + 1)
            }
            parts.append(try readPart(number: parts.count + 1))
        }
        return MultipartForm(parts: parts)
    }

    var boundaryText: String { String(decoding: dashBoundary.dropFirst(2), as: UTF8.self) }

    /// Reads a part's header block and body from ``position`` and leaves ``position`` just after
    /// the delimiter that ends it.
    private mutating func readPart(number: Int) throws(MultipartError) -> MultipartForm.Part {
        let headerStart = position
        var disposition: HeaderValueParameters?
        var contentType: String?
        var fieldCount = 0
        while true {
            guard let lineEnd = find(Array("\r\n".utf8), from: position, before: headerStart + limits.partHeaderBytes + 2) else {
                if body.count - headerStart > limits.partHeaderBytes {
                    throw MultipartError(
                        .partHeadersTooLarge, "the part's header block is over \(limits.partHeaderBytes) bytes or never ends with an empty line",
                        offset: headerStart, part: number)
                }
                throw MultipartError(
                    .missingClosingBoundary, "the body ends inside the part's header block", offset: position, part: number)
            }
            if lineEnd == position {
                position += 2
                break
            }
            fieldCount += 1
            guard fieldCount <= limits.partHeaderFields else {
                throw MultipartError(.partHeadersTooLarge, "more than \(limits.partHeaderFields) header fields in the part", offset: position, part: number)
            }
            let (name, value) = try headerField(body[position..<lineEnd], part: number)
            switch name {
            case "content-disposition":
                guard disposition == nil else { break }
                guard let parsed = HeaderValueParameters.parse(value) else {
                    throw MultipartError(.malformedPartHeader, "the Content-Disposition has a quoted value that never closes", offset: position, part: number)
                }
                disposition = parsed
            case "content-type":
                if contentType == nil { contentType = value }
            default:
                break  // Content-Transfer-Encoding and the like: RFC 7578 §4.7 deprecates them; ignored
            }
            position = lineEnd + 2
        }
        guard let disposition, disposition.token == "form-data", let name = disposition.parameter("name") else {
            throw MultipartError(
                .missingPartName, "the part has no 'Content-Disposition: form-data; name=\"…\"' header", offset: headerStart, part: number)
        }
        if let contentType, HeaderValueParameters.parse(contentType)?.token.hasPrefix("multipart/") ?? true {
            throw MultipartError(
                .nestedMultipart, "the part is itself \(contentType.prefix(40)): nested multipart bodies are not accepted; send each file as its own part",
                offset: headerStart, part: number)
        }
        let bodyStart = position
        guard let end = find(delimiter, from: bodyStart) else {
            throw MultipartError(
                .missingClosingBoundary, "the part never ends: no line --\(boundaryText) after it (the body may be cut short)",
                offset: bodyStart, part: number)
        }
        position = end + delimiter.count
        return MultipartForm.Part(name: name, filename: disposition.parameter("filename"), contentType: contentType, body: Array(body[bodyStart..<end]))
    }

    /// `Name: value` of one header line, the value trimmed; refuses folding, control characters
    /// and a value that is not UTF-8.
    private func headerField(_ line: ArraySlice<UInt8>, part: Int) throws(MultipartError) -> (name: String, value: String) {
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex,
            line[line.startIndex..<colon].allSatisfy(ASCII.isTokenByte)
        else {
            throw MultipartError(.malformedPartHeader, "a header line of the part is not 'Name: value'", offset: line.startIndex, part: part)
        }
        let value = ASCII.trimmingWhitespace(line[(colon + 1)...])
        if let bad = value.firstIndex(where: ASCII.isForbiddenInFieldValue) {
            throw MultipartError(.malformedPartHeader, "a header value of the part holds a control character", offset: bad, part: part)
        }
        guard let text = String(validating: value, as: UTF8.self) else {
            throw MultipartError(.malformedPartHeader, "a header value of the part is not UTF-8", offset: value.startIndex, part: part)
        }
        let name = String(decoding: line[line.startIndex..<colon].map(ASCII.lowercased), as: UTF8.self)
        return (name, text)
    }

    /// The first index at or after `start` (and, when given, whose match ends by `limit`) where
    /// `pattern` occurs. Candidates start at the pattern's first byte only, and the patterns
    /// searched (`CRLF`, `CRLF--BOUNDARY`) start with a CR that does not recur in them, so a
    /// partial match never overlaps the next candidate and the scan stays linear in the body.
    private func find(_ pattern: [UInt8], from start: Int, before limit: Int? = nil) -> Int? {
        let end = min(body.count, limit ?? body.count)
        guard let first = pattern.first, end - start >= pattern.count else { return nil }
        return body.withUnsafeBufferPointer { bytes -> Int? in
            var index = start
            let last = end - pattern.count
            while index <= last {
                if bytes[index] == first {
                    var matched = 1
                    while matched < pattern.count, bytes[index + matched] == pattern[matched] { matched += 1 }
                    if matched == pattern.count { return index }
                }
                index += 1
            }
            return nil
        }
    }
}
