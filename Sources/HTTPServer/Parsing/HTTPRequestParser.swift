import Glibc

/// An incremental, strict HTTP/1.1 request parser.
///
/// Feed it bytes with ``append(_:)`` as they arrive and pull events with ``next()``. It owns the
/// connection's input buffer, remembers where its last search for a line end stopped, and never
/// looks at a byte twice, so parsing is linear in the input: a 32 KiB header line is refused as soon
/// as the header budget is spent, without rescanning.
///
/// Policy (RFC 9112, strict where the RFC allows a choice):
/// - Lines end with CRLF. A bare LF or a bare CR is refused (400), not tolerated.
/// - Empty lines before a request line are skipped (RFC 9112 §2.2), counted against the request-line limit.
/// - `Content-Length` must be one field of digits; duplicates (even equal ones), signs, lists are refused (400);
///   a length above the body limit is refused (413) before any body byte is read.
/// - `Transfer-Encoding` must be exactly `chunked` (else 501), never with `Content-Length` and never in HTTP/1.0 (400).
///   Chunk extensions are skipped; trailer fields are checked for syntax and dropped.
/// - Header names are tokens; whitespace before the colon, obsolete line folding and control characters are refused (400).
/// - HTTP/1.1 requests need exactly one `Host` (400), and a `Host` must be `host[:port]` (an empty or
///   malformed one is 400 in any version; ``HTTPHost``). Versions other than 1.0 and 1.1 get 505.
/// - `Expect: 100-continue` yields ``Event/continueExpected`` once; any other expectation gets 417.
///
/// After an error the parser stays failed: the connection answers once and closes.
struct HTTPRequestParser {
    /// The bounds the parser enforces.
    struct Limits: Sendable, Equatable {
        var requestLineBytes: Int
        var headerBytes: Int
        var bodyBytes: Int
        var chunkLineBytes: Int
        /// Header fields in one head (and, separately, trailer fields in one chunked body).
        var headerFields: Int = 100
    }

    /// How far into a request the parser is; the connection uses it to pick a deadline.
    enum Phase: Equatable {
        /// No byte of a next request is buffered.
        case idle
        case head
        case body
    }

    enum Event: Equatable {
        case needMoreData
        /// The head asked for `100 Continue` and no body byte has arrived yet.
        case continueExpected
        case request(HTTPRequest)
    }

    private enum State {
        case requestLine
        case headers
        case fixedBody(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailers
    }

    /// What is known of the request being parsed.
    private struct PartialRequest {
        var method = ""
        var target = ""
        var version = HTTPVersion.http1_1
        /// Room for a typical head's fields, so adding them rarely regrows.
        var headers = HTTPHeaders(reservingFields: 8, bytes: 256)
        var headBytes = 0
        var trailerBytes = 0
        var fieldCount = 0
        var trailerCount = 0
        var line = 0
        var expectsContinue = false
        var body: [UInt8] = []
    }

    /// The fields that frame a request, found among its head's fields once the head is complete.
    private struct Framing {
        var contentLengthCount = 0
        var contentLength: ArraySlice<UInt8>?
        var transferEncodingCount = 0
        var transferEncoding: ArraySlice<UInt8>?
        var hostCount = 0
        /// The first `Host` field's value.
        var host: ArraySlice<UInt8>?
        /// The last `Expect` field.
        var expectation: ArraySlice<UInt8>?

        init(_ headers: HTTPHeaders) {
            let bytes = headers.bytes
            func named(_ span: HTTPHeaders.Span, _ name: String) -> Bool {
                ASCII.equalsIgnoringCase(bytes[span.name], name.utf8)
            }
            for span in headers.spans {
                // Each of these names has its own length: compare only the one that can match.
                switch span.name.count {
                case 14 where named(span, "content-length"):
                    contentLengthCount += 1
                    if contentLength == nil { contentLength = bytes[span.value] }
                case 17 where named(span, "transfer-encoding"):
                    transferEncodingCount += 1
                    if transferEncoding == nil { transferEncoding = bytes[span.value] }
                case 4 where named(span, "host"):
                    hostCount += 1
                    if host == nil { host = bytes[span.value] }
                case 6 where named(span, "expect"):
                    expectation = bytes[span.value]
                default:
                    break
                }
            }
        }
    }

    let limits: Limits
    private var buffer: [UInt8] = []
    /// First byte not yet consumed.
    private var readIndex = 0
    /// Where the search for the next LF resumes; bytes before it are known to hold none.
    private var scanIndex = 0
    /// Bytes the searches for a line end examined without finding one. Each byte counts once
    /// however a line is split into reads, so a client trickling a long header costs linear time
    /// (a search restarted from the line's start would be quadratic); tests check it.
    package private(set) var bytesSearchedForUnfinishedLines = 0
    /// Buffer index where the current request began, for error offsets.
    private var requestStart = 0
    private var state = State.requestLine
    private var partial = PartialRequest()
    private var failure: HTTPProtocolError?

    init(limits: Limits) {
        self.limits = limits
    }

    var phase: Phase {
        switch state {
        case .requestLine: readIndex < buffer.count ? .head : .idle
        case .headers: .head
        default: .body
        }
    }

    /// Bytes received and not yet consumed by a complete request.
    var bufferedByteCount: Int { buffer.count - readIndex }

    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        compact()
        buffer.append(contentsOf: bytes)
    }

    mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { append($0) }
    }

    /// The next thing the bytes so far make complete.
    mutating func next() throws(HTTPProtocolError) -> Event {
        if let failure { throw failure }
        do {
            return try step()
        } catch {
            var refusal = error
            if refusal.target == nil { refusal.target = currentTarget }
            failure = refusal
            throw refusal
        }
    }

    /// The target of the request being parsed, once its request line shows it: the parsed one, or
    /// while the line is still arriving (or too long) the bytes after its first space up to the
    /// next space or the end of what arrived. `nil` between requests.
    var currentTarget: String? {
        if !partial.target.isEmpty { return partial.target }
        guard case .requestLine = state, readIndex < buffer.count else { return nil }
        return buffer.withUnsafeBufferPointer { bytes -> String? in
            var start = readIndex
            // Empty lines before a request line are allowed (RFC 9112 §2.2).
            while start < bytes.count, bytes[start] == ASCII.cr || bytes[start] == ASCII.lf { start += 1 }
            let end = min(bytes.count, start + limits.requestLineBytes)
            guard let space = (start..<end).first(where: { bytes[$0] == ASCII.space }), space + 1 < end, bytes[space + 1] == UInt8(ascii: "/")
            else { return nil }
            let stop = (space + 1..<end).first { bytes[$0] <= 0x20 || bytes[$0] >= 0x7F } ?? end
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[(space + 1)..<stop]), as: UTF8.self)
        }
    }

    // MARK: - States

    private mutating func step() throws(HTTPProtocolError) -> Event {
        while true {
            switch state {
            case .requestLine:
                let budget = limits.requestLineBytes - (readIndex - requestStart)
                guard let line = try nextLine(limit: budget, ifTooLong: .requestLineTooLong) else { return .needMoreData }
                if line.isEmpty { continue }
                partial.line = 1
                try parseRequestLine(line)
                state = .headers
            case .headers:
                guard let line = try nextLine(limit: limits.headerBytes - partial.headBytes, ifTooLong: .headersTooLarge) else {
                    return .needMoreData
                }
                partial.headBytes += line.count + 2
                partial.line += 1
                if line.isEmpty {
                    try finishHead()
                    if partial.expectsContinue, bufferedByteCount == 0, !isBodyComplete {
                        partial.expectsContinue = false
                        return .continueExpected
                    }
                    continue
                }
                partial.fieldCount += 1
                if partial.fieldCount > limits.headerFields { throw tooManyFields("header") }
                try parseHeaderLine(line)
            case .fixedBody(let remaining):
                if remaining == 0 { return .request(completeRequest()) }
                let taken = takeBodyBytes(upTo: remaining)
                if taken == 0 { return .needMoreData }
                state = .fixedBody(remaining: remaining - taken)
            case .chunkSize:
                guard let line = try nextLine(limit: limits.chunkLineBytes, ifTooLong: .malformedChunk) else { return .needMoreData }
                let size = try parseChunkSize(line)
                state = size == 0 ? .trailers : .chunkData(remaining: size)
            case .chunkData(let remaining):
                let taken = takeBodyBytes(upTo: remaining)
                if taken == 0 { return .needMoreData }
                state = remaining == taken ? .chunkDataEnd : .chunkData(remaining: remaining - taken)
            case .chunkDataEnd:
                if bufferedByteCount == 0 { return .needMoreData }
                guard buffer[readIndex] == ASCII.cr else { throw chunkEndError() }
                if bufferedByteCount == 1 { return .needMoreData }
                guard buffer[readIndex + 1] == ASCII.lf else { throw chunkEndError() }
                readIndex += 2
                scanIndex = readIndex
                state = .chunkSize
            case .trailers:
                guard let line = try nextLine(limit: limits.headerBytes - partial.trailerBytes, ifTooLong: .headersTooLarge) else {
                    return .needMoreData
                }
                partial.trailerBytes += line.count + 2
                if line.isEmpty { return .request(completeRequest()) }
                partial.trailerCount += 1
                if partial.trailerCount > limits.headerFields { throw tooManyFields("trailer") }
                _ = try parseField(line, what: "trailer field")
            }
        }
    }

    private var isBodyComplete: Bool {
        if case .fixedBody(0) = state { return true }
        return false
    }

    // MARK: - Lines

    /// The next line without its CRLF, or `nil` when its end has not arrived yet.
    /// - Parameter limit: bytes the line may take including its CRLF.
    private mutating func nextLine(limit: Int, ifTooLong code: HTTPProtocolError.Code) throws(HTTPProtocolError) -> Range<Int>? {
        let end = buffer.count
        let lineFeed: Int? =
            scanIndex < end
            ? buffer.withUnsafeBufferPointer { bytes -> Int? in
                guard let base = bytes.baseAddress, let found = memchr(base + scanIndex, Int32(ASCII.lf), end - scanIndex) else { return nil }
                return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            } : nil
        guard let lineFeed else {
            bytesSearchedForUnfinishedLines += end - scanIndex
            scanIndex = end
            if end - readIndex > limit { throw tooLong(code) }
            return nil
        }
        if lineFeed + 1 - readIndex > limit { throw tooLong(code) }
        guard lineFeed > readIndex, buffer[lineFeed - 1] == ASCII.cr else {
            throw HTTPProtocolError(
                .invalidLineEnding, status: .badRequest,
                "Line \(partial.line + 1) ends with a bare LF; HTTP/1.1 lines must end with CRLF.",
                offset: lineFeed - requestStart)
        }
        let line = readIndex..<(lineFeed - 1)
        readIndex = lineFeed + 1
        scanIndex = readIndex
        if let bareCR = firstIndex(of: ASCII.cr, in: line) {
            throw HTTPProtocolError(
                .invalidLineEnding, status: .badRequest,
                "Line \(partial.line + 1) holds a bare CR; CR may only appear right before LF.",
                offset: bareCR - requestStart)
        }
        return line
    }

    private func firstIndex(of byte: UInt8, in range: Range<Int>) -> Int? {
        guard !range.isEmpty else { return nil }
        return buffer.withUnsafeBufferPointer { bytes -> Int? in
            guard let base = bytes.baseAddress, let found = memchr(base + range.lowerBound, Int32(byte), range.count) else { return nil }
            return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
        }
    }

    /// The first index in `range` whose byte is `matching`, read over the buffer's storage without
    /// a bounds check per byte: every byte of every head goes through one of these checks.
    private func firstIndex(in range: Range<Int>, where matching: (UInt8) -> Bool) -> Int? {
        buffer.withUnsafeBufferPointer { bytes in
            range.first { matching(bytes[$0]) }
        }
    }

    private func tooLong(_ code: HTTPProtocolError.Code) -> HTTPProtocolError {
        switch code {
        case .requestLineTooLong:
            HTTPProtocolError(
                code, status: .uriTooLong,
                "The request line is longer than \(limits.requestLineBytes) bytes; shorten the target.", offset: limits.requestLineBytes)
        case .headersTooLarge:
            HTTPProtocolError(
                code, status: .requestHeaderFieldsTooLarge,
                "The header section is larger than \(limits.headerBytes) bytes; send fewer or shorter fields.",
                offset: readIndex - requestStart)
        default:
            HTTPProtocolError(
                code, status: .badRequest,
                "A chunk-size line is longer than \(limits.chunkLineBytes) bytes; drop the chunk extensions.",
                offset: readIndex - requestStart)
        }
    }

    private func tooManyFields(_ kind: String) -> HTTPProtocolError {
        HTTPProtocolError(
            .headersTooLarge, status: .requestHeaderFieldsTooLarge,
            "The request has more than \(limits.headerFields) \(kind) fields; send fewer fields.",
            offset: readIndex - requestStart)
    }

    // MARK: - Request line

    private mutating func parseRequestLine(_ line: Range<Int>) throws(HTTPProtocolError) {
        guard let firstSpace = firstIndex(of: ASCII.space, in: line),
            let secondSpace = firstIndex(of: ASCII.space, in: (firstSpace + 1)..<line.upperBound)
        else {
            throw malformedRequestLine("it must be 'METHOD target HTTP/1.1' with single spaces", at: line.upperBound)
        }
        let method = line.lowerBound..<firstSpace
        let target = (firstSpace + 1)..<secondSpace
        let version = (secondSpace + 1)..<line.upperBound
        guard !method.isEmpty else { throw malformedRequestLine("the method is empty", at: method.lowerBound) }
        if let bad = firstIndex(in: method, where: { !ASCII.isTokenByte($0) }) {
            throw malformedRequestLine("byte \(hex(buffer[bad])) is not allowed in a method", at: bad)
        }
        guard !target.isEmpty else { throw malformedRequestLine("the target is empty (two spaces after the method?)", at: target.lowerBound) }
        if let bad = firstIndex(in: target, where: { $0 <= 0x20 || $0 >= 0x7F }) {
            throw malformedRequestLine("byte \(hex(buffer[bad])) is not allowed in the target; percent-encode it", at: bad)
        }
        partial.method = methodName(method)
        partial.target = String(decoding: buffer[target], as: UTF8.self)
        // The usual version and an origin-form target, checked on bytes before the general rules.
        partial.version = matches(version, "HTTP/1.1") ? .http1_1 : try parseVersion(version)
        if buffer[target.lowerBound] != UInt8(ascii: "/") { try checkTargetForm(at: target.lowerBound) }
    }

    /// The common methods as string literals (no `String` is built for them), others as sent.
    private func methodName(_ range: Range<Int>) -> String {
        if matches(range, "GET") { return "GET" }
        if matches(range, "POST") { return "POST" }
        if matches(range, "HEAD") { return "HEAD" }
        if matches(range, "OPTIONS") { return "OPTIONS" }
        return String(decoding: buffer[range], as: UTF8.self)
    }

    /// Whether `buffer[range]` is exactly `text`: one `memcmp`, not a generic sequence comparison.
    private func matches(_ range: Range<Int>, _ text: StaticString) -> Bool {
        guard range.count == text.utf8CodeUnitCount else { return false }
        return buffer.withUnsafeBufferPointer { bytes in
            memcmp(bytes.baseAddress! + range.lowerBound, text.utf8Start, range.count) == 0
        }
    }

    private func parseVersion(_ range: Range<Int>) throws(HTTPProtocolError) -> HTTPVersion {
        let bytes = buffer[range]
        let digit = UInt8(ascii: "0")...UInt8(ascii: "9")
        guard bytes.count == 8, bytes.starts(with: "HTTP/".utf8),
            digit.contains(bytes[range.lowerBound + 5]), bytes[range.lowerBound + 6] == UInt8(ascii: "."),
            digit.contains(bytes[range.lowerBound + 7])
        else {
            throw malformedRequestLine("the version must be HTTP/1.1 or HTTP/1.0", at: range.lowerBound)
        }
        let version = HTTPVersion(
            major: Int(bytes[range.lowerBound + 5] - digit.lowerBound), minor: Int(bytes[range.lowerBound + 7] - digit.lowerBound))
        guard version == .http1_1 || version == .http1_0 else {
            throw HTTPProtocolError(
                .unsupportedVersion, status: .httpVersionNotSupported,
                "\(version) is not supported; send HTTP/1.1 or HTTP/1.0.", offset: range.lowerBound - requestStart)
        }
        return version
    }

    private func checkTargetForm(at offset: Int) throws(HTTPProtocolError) {
        let target = partial.target
        if target.hasPrefix("/") { return }
        if target == "*", partial.method == "OPTIONS" { return }
        let lowered = target.lowercased()
        if lowered.hasPrefix("http://") || lowered.hasPrefix("https://") { return }
        throw malformedRequestLine("the target must be a path starting with '/'", at: offset)
    }

    private func malformedRequestLine(_ detail: String, at index: Int) -> HTTPProtocolError {
        HTTPProtocolError(.malformedRequestLine, status: .badRequest, "Malformed request line: \(detail).", offset: index - requestStart)
    }

    // MARK: - Fields

    private mutating func parseHeaderLine(_ line: Range<Int>) throws(HTTPProtocolError) {
        let (name, value) = try parseField(line, what: "header field")
        partial.headers.add(from: buffer, name: name, value: value)
    }

    /// Splits `name: value` and checks both; returns the name and the trimmed value.
    private func parseField(_ line: Range<Int>, what: String) throws(HTTPProtocolError) -> (Range<Int>, Range<Int>) {
        let number = partial.line
        if ASCII.isWhitespace(buffer[line.lowerBound]) {
            throw malformedField(
                "line \(number) starts with whitespace (obsolete line folding); put each field on one line", at: line.lowerBound)
        }
        guard let colon = firstIndex(of: ASCII.colon, in: line) else {
            throw malformedField("line \(number) has no colon; a \(what) is 'Name: value'", at: line.upperBound)
        }
        guard colon > line.lowerBound else { throw malformedField("line \(number) has an empty field name", at: colon) }
        if ASCII.isWhitespace(buffer[colon - 1]) {
            throw malformedField("line \(number) has whitespace between the field name and the colon; remove it", at: colon - 1)
        }
        if let bad = firstIndex(in: line.lowerBound..<colon, where: { !ASCII.isTokenByte($0) }) {
            throw malformedField("line \(number): byte \(hex(buffer[bad])) is not allowed in a field name", at: bad)
        }
        var start = colon + 1
        var end = line.upperBound
        while start < end, ASCII.isWhitespace(buffer[start]) { start += 1 }
        while end > start, ASCII.isWhitespace(buffer[end - 1]) { end -= 1 }
        if let bad = firstIndex(in: start..<end, where: ASCII.isForbiddenInFieldValue) {
            throw malformedField("line \(number): control byte \(hex(buffer[bad])) is not allowed in a field value", at: bad)
        }
        return (line.lowerBound..<colon, start..<end)
    }

    private func malformedField(_ detail: String, at index: Int) -> HTTPProtocolError {
        HTTPProtocolError(.malformedHeader, status: .badRequest, "Malformed header: \(detail).", offset: index - requestStart)
    }

    // MARK: - Framing

    private mutating func finishHead() throws(HTTPProtocolError) {
        let offset = readIndex - requestStart
        let framing = Framing(partial.headers)
        if framing.hostCount > 1 {
            throw HTTPProtocolError(.missingHost, status: .badRequest, "The request has \(framing.hostCount) Host fields; send exactly one.", offset: offset)
        }
        if framing.hostCount == 0, partial.version == .http1_1 {
            throw HTTPProtocolError(.missingHost, status: .badRequest, "An HTTP/1.1 request needs a Host field; add 'Host: name'.", offset: offset)
        }
        if let host = framing.host, !HTTPHost.isValid(host) {
            throw HTTPProtocolError(
                .invalidHost, status: .badRequest,
                host.isEmpty
                    ? "The Host field is empty; send the server's name and port, such as 'Host: localhost:8888'."
                    : "The Host field '\(String(decoding: host, as: UTF8.self))' is not a host name or address with an optional port; send 'Host: name' or 'Host: name:port'.",
                offset: offset)
        }
        if let expectation = framing.expectation {
            guard ASCII.equalsIgnoringCase(expectation, "100-continue".utf8) else {
                throw HTTPProtocolError(
                    .unsupportedExpectation, status: .expectationFailed,
                    "Only 'Expect: 100-continue' is supported.", offset: offset)
            }
            partial.expectsContinue = partial.version == .http1_1
        }
        if framing.transferEncodingCount > 0 {
            try startChunkedBody(framing, offset: offset)
        } else if framing.contentLengthCount > 1 {
            throw invalidFraming("The request has \(framing.contentLengthCount) Content-Length fields; send exactly one.", offset)
        } else if let field = framing.contentLength {
            state = .fixedBody(remaining: try parseContentLength(field, offset: offset))
        } else {
            state = .fixedBody(remaining: 0)
        }
        if case .fixedBody(let length) = state { partial.body.reserveCapacity(length) }
    }

    private mutating func startChunkedBody(_ framing: Framing, offset: Int) throws(HTTPProtocolError) {
        if partial.version == .http1_0 {
            throw invalidFraming("Transfer-Encoding is not allowed in HTTP/1.0; send Content-Length.", offset)
        }
        if framing.contentLengthCount > 0 {
            throw invalidFraming("The request has both Content-Length and Transfer-Encoding; send only one.", offset)
        }
        guard framing.transferEncodingCount == 1, let coding = framing.transferEncoding,
            ASCII.equalsIgnoringCase(coding, "chunked".utf8)
        else {
            throw HTTPProtocolError(
                .unsupportedTransferEncoding, status: .notImplemented,
                "Only 'Transfer-Encoding: chunked' is supported.", offset: offset)
        }
        state = .chunkSize
    }

    private func parseContentLength(_ field: ArraySlice<UInt8>, offset: Int) throws(HTTPProtocolError) -> Int {
        guard !field.isEmpty else { throw invalidFraming("Content-Length is empty; send the body size in bytes.", offset) }
        var length = 0
        for byte in field {
            guard let digit = decimalValue(byte) else {
                throw invalidFraming("Content-Length '\(String(decoding: field, as: UTF8.self))' is not a non-negative integer.", offset)
            }
            length = length * 10 + digit
            if length > limits.bodyBytes { throw bodyTooLarge(offset) }
        }
        return length
    }

    private func decimalValue(_ byte: UInt8) -> Int? {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) ? Int(byte - UInt8(ascii: "0")) : nil
    }

    private func parseChunkSize(_ line: Range<Int>) throws(HTTPProtocolError) -> Int {
        var index = line.lowerBound
        var size = 0
        while index < line.upperBound, let digit = ASCII.hexValue(buffer[index]) {
            size = size * 16 + digit
            if size > limits.bodyBytes - partial.body.count { throw bodyTooLarge(index - requestStart) }
            index += 1
        }
        guard index > line.lowerBound else { throw malformedChunk("a chunk must start with its size in hexadecimal", at: index) }
        while index < line.upperBound, ASCII.isWhitespace(buffer[index]) { index += 1 }
        guard index == line.upperBound || buffer[index] == ASCII.semicolon else {
            throw malformedChunk("unexpected byte \(hex(buffer[index])) after the chunk size", at: index)
        }
        if let bad = firstIndex(in: index..<line.upperBound, where: ASCII.isForbiddenInFieldValue) {
            throw malformedChunk("control byte \(hex(buffer[bad])) in a chunk extension", at: bad)
        }
        return size
    }

    private func chunkEndError() -> HTTPProtocolError {
        malformedChunk("chunk data must be followed by CRLF (is the chunk size right?)", at: readIndex)
    }

    private func malformedChunk(_ detail: String, at index: Int) -> HTTPProtocolError {
        HTTPProtocolError(.malformedChunk, status: .badRequest, "Malformed chunked body: \(detail).", offset: index - requestStart)
    }

    private func invalidFraming(_ message: String, _ offset: Int) -> HTTPProtocolError {
        HTTPProtocolError(.invalidFraming, status: .badRequest, message, offset: offset)
    }

    private func bodyTooLarge(_ offset: Int) -> HTTPProtocolError {
        HTTPProtocolError(
            .bodyTooLarge, status: .contentTooLarge,
            "The body is larger than the limit of \(limits.bodyBytes) bytes.", offset: offset)
    }

    private func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return "0x\(digits[Int(byte >> 4)])\(digits[Int(byte & 0x0F)])"
    }

    // MARK: - Body and buffer

    private mutating func takeBodyBytes(upTo count: Int) -> Int {
        let taken = min(count, bufferedByteCount)
        guard taken > 0 else { return 0 }
        partial.body.append(contentsOf: buffer[readIndex..<(readIndex + taken)])
        readIndex += taken
        scanIndex = readIndex
        return taken
    }

    private mutating func completeRequest() -> HTTPRequest {
        let request = HTTPRequest(
            method: partial.method, target: partial.target, version: partial.version,
            headers: partial.headers, body: partial.body)
        partial = PartialRequest()
        state = .requestLine
        requestStart = readIndex
        return request
    }

    /// Drops consumed bytes: all of them when everything was consumed (cheap), otherwise only once
    /// enough has piled up that moving the rest is worth it.
    private mutating func compact() {
        if readIndex == buffer.count {
            buffer.removeAll(keepingCapacity: true)
        } else if readIndex >= 64 * 1024 {
            buffer.removeSubrange(0..<readIndex)
        } else {
            return
        }
        requestStart -= readIndex
        scanIndex -= readIndex
        readIndex = 0
    }
}
