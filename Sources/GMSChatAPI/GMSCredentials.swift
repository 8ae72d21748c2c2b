import ChatCore
import ChatHTTPAPI

/// A chat's `userId` and `secureKey`: 16 hexadecimal digits each, as GMS writes them
/// (`007555677B20000A`, `4ee15d7e1c343c8e`), derived from the chat's secret seed
/// (``ChatHost/secret(of:purpose:)``), so they survive a restart without being stored.
struct GMSCredentials: Equatable, Sendable {
    var userId: String
    var secureKey: String

    init(of id: ChatID, in host: ChatHost) throws(ChatError) {
        let secrets = try host.secrets(of: id, purposes: [1, 2])
        userId = Self.hex(secrets[0], uppercase: true)
        secureKey = Self.hex(secrets[1], uppercase: false)
    }

    private static func hex(_ value: UInt64, uppercase: Bool) -> String {
        let digits = Array((uppercase ? "0123456789ABCDEF" : "0123456789abcdef").utf8)
        return String(unsafeUninitializedCapacity: 16) { output in
            for position in 0..<16 { output[position] = digits[Int((value >> (60 - 4 * UInt64(position))) & 0xF)] }
            return 16
        }
    }

    /// Throws 401 unless the request's `userId`, `secureKey` and `alias` are this chat's; a
    /// missing one is a 400 naming it. The key is compared in constant time.
    func check(_ parameters: GMSParameters, alias: String, chat id: ChatID) throws(GMSFailure) {
        let presentedUser = try parameters.required("userId")
        let presentedKey = try parameters.required("secureKey")
        let presentedAlias = try parameters.required("alias")
        guard ConstantTime.equal(Array(presentedKey.utf8), Array(secureKey.utf8)) else {
            throw .unauthorized("The secureKey is not chat \(id)'s; send the secureKey of the answer that started the chat.")
        }
        guard presentedUser == userId else {
            throw .unauthorized("The userId '\(presentedUser.prefix(64))' is not chat \(id)'s customer; send the userId of the answer that started the chat.")
        }
        guard presentedAlias == alias else {
            throw .unauthorized("The alias '\(presentedAlias.prefix(64))' is not this server's; send the alias of the last answer ('\(alias)').")
        }
    }
}
