import Foundation
import Testing

/// Whether one chat id tells another, over HTTP with a key set: the attack of hostile round 3.
/// Seeded ids came from a SplitMix64 counter whose finaliser can be inverted, so one id gives the
/// seed back and every earlier and later id follows. The attacker below does exactly that; it must
/// succeed against a seeded server (guessable by design, and proof that the attack works) and fail
/// against an unseeded one.
@Suite struct ChatIDPredictionTests {
    static let key = "k3y"

    private func twoChats(seed: UInt64?) throws -> (first: String, second: String, client: APIClient, server: APITestServer) {
        let server = try APITestServer(apiKey: Self.key, seed: seed)
        let client = try server.client()
        let body = #"{"operationName":"RequestChat","nickname":"n","subject":"s"}"#
        let ids = try (0..<2).map { _ in
            try #require(try client.send("POST", "/api/v2/chats", body: body, headers: ["apikey": Self.key]).json["id"] as? String)
        }
        return (ids[0], ids[1], client, server)
    }

    @Test func seededIDs_followFromOneAnother_asDocumented() throws {
        let (first, second, client, server) = try twoChats(seed: 7)
        defer { server.stop() }
        let predicted = SplitMixAttacker.nextIDs(after: first)
        #expect(predicted.contains(second))
        #expect(try client.send("GET", "/api/v2/chats/\(second)", headers: ["apikey": Self.key]).status == 200)
    }

    @Test func unseededIDs_comeFromTheSecureSource_andNoneFollowsFromAnother() throws {
        let (first, second, client, server) = try twoChats(seed: nil)
        defer { server.stop() }
        // No seed of the counter explains the first id, so nothing follows from it.
        let predicted = SplitMixAttacker.nextIDs(after: first)
        #expect(predicted.isEmpty)
        #expect(!predicted.contains(second))
        #expect(try client.send("GET", "/api/v2/chats/\(second)", headers: ["apikey": Self.key]).status == 200)
    }

    @Test func unseededServers_giveDifferentIDs_forTheSameRequests() throws {
        let one = try twoChats(seed: nil)
        let other = try twoChats(seed: nil)
        #expect(one.first != other.first && one.second != other.second)
        let seeded = try twoChats(seed: 7)
        let again = try twoChats(seed: 7)
        #expect(seeded.first == again.first && seeded.second == again.second)
    }
}

/// Recovers a SplitMix64 seed from the first half of a version-4 UUID made as the emulator made
/// them (word 0 of draw `3n+1`, little-endian, with the version nibble overwritten), and predicts
/// the ids of the next chats.
enum SplitMixAttacker {
    static let golden: UInt64 = 0x9E37_79B9_7F4A_7C15

    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    static func unmix(_ value: UInt64) -> UInt64 {
        var z = unshift(value, 31)
        z = z &* inverse(0x94D0_49BB_1331_11EB)
        z = unshift(z, 27)
        z = z &* inverse(0xBF58_476D_1CE4_E5B9)
        return unshift(z, 30)
    }

    /// Undoes `x ^ (x >> shift)`.
    static func unshift(_ value: UInt64, _ shift: UInt64) -> UInt64 {
        var result = value
        var part = value >> shift
        while part != 0 {
            result ^= part
            part >>= shift
        }
        return result
    }

    /// The multiplicative inverse of an odd number modulo 2^64 (Newton's iteration).
    static func inverse(_ odd: UInt64) -> UInt64 {
        var inverse = odd
        for _ in 0..<5 { inverse = inverse &* (2 &- odd &* inverse) }
        return inverse
    }

    static func bytes(of id: String) -> [UInt8] {
        let hex = Array(id.replacingOccurrences(of: "-", with: "").utf8)
        return stride(from: 0, to: hex.count, by: 2).map { UInt8(String(decoding: hex[$0..<($0 + 2)], as: UTF8.self), radix: 16) ?? 0 }
    }

    static func id(seed: UInt64, ordinal: UInt64) -> String {
        let counter = ordinal &* 3
        var bytes: [UInt8] = []
        for draw: UInt64 in 1...2 {
            let word = mix(seed &+ (counter &+ draw) &* golden)
            for byte in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: word >> UInt64(8 * byte))) }
        }
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = bytes.map { String(format: "%02x", $0) }.joined()
        let parts = [hex.prefix(8), hex.dropFirst(8).prefix(4), hex.dropFirst(12).prefix(4), hex.dropFirst(16).prefix(4), hex.dropFirst(20)]
        return parts.joined(separator: "-")
    }

    /// Every candidate for the id that follows `id`: 16 values of the lost nibble, for the first
    /// eight chats a server may have made before it; each candidate seed is kept only when it
    /// gives `id` back whole (its second half too).
    static func nextIDs(after id: String) -> [String] {
        let known = bytes(of: id)
        var guesses: [String] = []
        for nibble: UInt8 in 0..<16 {
            var word: UInt64 = 0
            for byte in 0..<8 {
                let value = byte == 6 ? (known[6] & 0x0F) | (nibble << 4) : known[byte]
                word |= UInt64(value) << UInt64(8 * byte)
            }
            let state = unmix(word)
            for ordinal: UInt64 in 1...8 {
                let seed = state &- (ordinal &* 3 &+ 1) &* golden
                guard Self.id(seed: seed, ordinal: ordinal) == id else { continue }
                guesses.append(Self.id(seed: seed, ordinal: ordinal + 1))
            }
        }
        return guesses
    }
}
