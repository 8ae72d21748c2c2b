import HTTPServer

/// Property: whatever the bytes, decoding a `multipart/form-data` body either refuses it with a
/// ``MultipartError`` or gives at most the limit's number of parts, each no larger than the body;
/// and a form it gave encodes back to bytes that decode to the same form.
///
/// The input is the body; the boundary is `b` (short, so the fuzzer finds delimiters quickly).
/// Small limits (8 parts, 256-byte header blocks) so the fuzzer reaches them.
enum MultipartTarget {
    static let limits = MultipartLimits(totalBytes: 1 << 20, parts: 8, partHeaderBytes: 256, partHeaderFields: 4)

    static func run(_ input: [UInt8]) -> FuzzFinding? {
        let form: MultipartForm
        do {
            form = try MultipartForm.decode(input, boundary: "b", limits: limits)
        } catch {
            return error.message.isEmpty ? FuzzFinding("a refusal without a message: \(error.code)") : nil
        }
        if form.parts.count > limits.parts {
            return FuzzFinding("\(form.parts.count) parts decoded; the limit is \(limits.parts)")
        }
        if let part = form.parts.first(where: { $0.body.count > input.count }) {
            return FuzzFinding("a part of \(part.body.count) bytes out of a \(input.count)-byte body")
        }
        let again: MultipartForm
        do {
            again = try MultipartForm.decode(form.encoded(boundary: "b"), boundary: "b", limits: MultipartLimits(parts: limits.parts))
        } catch {
            return FuzzFinding("the re-encoded form does not decode: \(error)")
        }
        if again != form {
            return FuzzFinding("the re-encoded form decodes differently: \(form) then \(again)")
        }
        return nil
    }
}
