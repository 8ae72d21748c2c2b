import GWSChatClient

/// Property for the client's reading of a server's answers (what ``GWSWire`` decodes for
/// `GWSClient`): any bytes decode to a value or to a ``GWSWireError``, never a crash, and a value
/// that decodes encodes to JSON that decodes again and encodes to the same bytes: the encoding is
/// a fixed point. Values themselves need not survive, by design: the client keeps a `text` that a
/// server sends on any message (a GWS agent's `TypingStarted` may carry one), while the server's
/// encoder writes `text` on `Text` messages only, as GWS does.
///
/// The first byte picks the answer: 0 RequestChat's, 1 GetChat's, 2 GetTranscript's, 3 a refusal
/// (`statusCode` and `statusMessage`, read from any answer that is not a success).
enum GWSAnswerTarget {
    static func run(_ input: [UInt8]) -> FuzzFinding? {
        guard let selector = input.first else { return nil }
        let body = Array(input.dropFirst())
        switch selector % 4 {
        case 0: return roundTrip(body, GWSWire.decodeCreated, GWSWire.encode)
        case 1: return roundTrip(body, GWSWire.decodeChat, GWSWire.encode)
        case 2: return roundTrip(body, GWSWire.decodeTranscript, GWSWire.encode)
        default:
            _ = GWSWire.statusCode(of: body)
            guard let refusal = GWSWire.decodeError(body) else { return nil }
            let again = GWSWire.decodeError(GWSWire.encode(refusal))
            return again == refusal ? nil : FuzzFinding("a refusal did not survive encoding: \(refusal) became \(String(describing: again))")
        }
    }

    private static func roundTrip<Value>(
        _ body: [UInt8], _ decode: ([UInt8]) throws(GWSWireError) -> Value, _ encode: (Value) -> [UInt8]
    ) -> FuzzFinding? {
        guard let value = try? decode(body) else { return nil }
        let encoded = encode(value)
        do {
            let again = try decode(encoded)
            let reencoded = encode(again)
            return reencoded == encoded
                ? nil
                : FuzzFinding(
                    "\(value) encoded as \(String(decoding: encoded, as: UTF8.self)) decodes to \(again), which encodes as \(String(decoding: reencoded, as: UTF8.self))")
        } catch {
            return FuzzFinding("\(value) encoded as \(String(decoding: encoded, as: UTF8.self)) does not decode: \(error)")
        }
    }
}
