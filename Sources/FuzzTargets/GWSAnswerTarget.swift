import GWSWire

/// Property for the client's reading of a server's answers (what ``GWSWire`` decodes for
/// `GWSClient`): any bytes decode to a value or to a ``GWSWireError``, never a crash, and a value
/// that decodes encodes to JSON that decodes to the same value again.
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

    private static func roundTrip<Value: Equatable>(
        _ body: [UInt8], _ decode: ([UInt8]) throws(GWSWireError) -> Value, _ encode: (Value) -> [UInt8]
    ) -> FuzzFinding? {
        guard let value = try? decode(body) else { return nil }
        let encoded = encode(value)
        do {
            let again = try decode(encoded)
            return again == value ? nil : FuzzFinding("\(value) encoded as \(String(decoding: encoded, as: UTF8.self)) decodes to \(again)")
        } catch {
            return FuzzFinding("\(value) encoded as \(String(decoding: encoded, as: UTF8.self)) does not decode: \(error)")
        }
    }
}
